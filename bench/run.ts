/**
 * `npm run bench`: the core benchmark of rxmcp against the official MCP client and a hand-written
 * raw floor, over stdio against the fixture server, in both protocol eras.
 *
 * Each (client, era) runs in its own Node process (`worker.ts`, transpiled to plain JavaScript
 * first so tsx's loader adds neither memory nor CPU to what is measured). This file prints the
 * table and the target ratios, and writes the same figures to bench/results/core.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Era } from './clients/adapter.js';
import { CLIENTS, ERAS, readConfig, selected, type BenchConfig, type ClientName } from './config.js';
import type { Measurement } from './measurement.js';
import { formatMeasurements } from './table.js';
import { formatVerdicts, MAX_CPU_RATIO_VS_OFFICIAL, MAX_CPU_RATIO_VS_RAW, verdicts } from './targets.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(benchDir, '..');
const resultsDir = join(benchDir, 'results');
const buildDir = join(resultsDir, 'build');
const fixturePath = join(rootDir, 'spec', 'fixtures', 'fixture-server.mjs');

/** Transpiles the worker's sources (every bench file but this one) to ESM JavaScript, keeping the layout. */
async function buildWorker(): Promise<string> {
  rmSync(buildDir, { recursive: true, force: true });
  const entryPoints = readdirSync(benchDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.startsWith('results'))
    .map((file) => join(benchDir, file));
  await build({ entryPoints, outdir: buildDir, outbase: benchDir, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  return join(buildDir, 'worker.js');
}

/** Runs one worker and returns its measurement. */
function measure(workerPath: string, client: ClientName, era: Era, config: BenchConfig): Promise<Measurement> {
  const nodeArgs = config.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${config.cpuProfDir}`, `--cpu-prof-name=${client}-${era}.cpuprofile`];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, workerPath, client, era, fixturePath], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), config.workerTimeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = stdout.trim().split('\n');
      const line = lines.pop() ?? '';
      // Only the measurement belongs on stdout: anything else was logged by a client library.
      if (lines.length > 0) process.stderr.write(`  note: ${client} / ${era} wrote ${lines.length} other line(s) to stdout, e.g. ${JSON.stringify(lines[0])}\n`);
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`worker ${client} ${era} ended with ${signal ?? `code ${code}`}${line ? `: ${line}` : ''}`));
        return;
      }
      resolvePromise(JSON.parse(line) as Measurement);
    });
  });
}

async function main(): Promise<void> {
  const config = readConfig();
  const workerPath = await buildWorker();
  const heading =
    `rxmcp core bench: ${config.calls} calls (after ${config.warmup} warm-up) at ${config.concurrency} in flight, ` +
    `median of ${config.repeat} run(s), ` +
    `${config.progressSteps} progress steps; node ${process.version}, ${os.cpus().length} CPUs`;

  // Rounds interleave the clients, so a slow patch of the machine hits them alike; each
  // (client, era) reports its run with the median CPU per call.
  const runs = new Map<string, Measurement[]>();
  const failures: string[] = [];
  for (let round = 1; round <= config.repeat; round++) {
    for (const era of ERAS) {
      for (const client of CLIENTS) {
        if (!selected(config, client, era)) continue;
        process.stderr.write(`  measuring ${client} / ${era} (round ${round} of ${config.repeat}) …\n`);
        try {
          const measurement = await measure(workerPath, client, era, config);
          runs.set(`${client}:${era}`, [...(runs.get(`${client}:${era}`) ?? []), measurement]);
        } catch (error) {
          failures.push((error as Error).message);
          process.stderr.write(`  ${(error as Error).message}\n`);
        }
      }
    }
  }
  const measurements = [...runs.values()].map(medianRun);

  const eraVerdicts = verdicts(measurements);
  process.stdout.write(`\n${heading}\n\n${formatMeasurements(measurements)}\n\n${formatVerdicts(eraVerdicts)}\n`);

  mkdirSync(resultsDir, { recursive: true });
  const outputPath = join(resultsDir, 'core.json');
  const report = {
    date: new Date().toISOString(),
    environment: { node: process.version, platform: `${process.platform} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model },
    settings: { calls: config.calls, repeat: config.repeat, warmup: config.warmup, concurrency: config.concurrency, progressSteps: config.progressSteps, only: config.only },
    targets: { maxCpuRatioVsOfficial: MAX_CPU_RATIO_VS_OFFICIAL, maxCpuRatioVsRaw: MAX_CPU_RATIO_VS_RAW, progress: 'every notification delivered, strictly increasing' },
    measurements,
    ratios: eraVerdicts,
    failures,
  };
  writeFileSync(outputPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nwrote ${outputPath}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

/** The run with the median CPU per call. */
function medianRun(measurements: readonly Measurement[]): Measurement {
  const sorted = [...measurements].sort((a, b) => a.cpuMicrosPerCall - b.cpuMicrosPerCall);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
