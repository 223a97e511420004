/**
 * `npm run bench`: every benchmark of rxmcp in one command. It builds the package (`npm run
 * build`), then runs its parts (core, cache, soak, group, tasks, bindings, cold; instructions on
 * request), each measurement in its own Node process, and prints one report:
 *
 * 1. **Core comparison** (`worker.ts`, one process per client × era × transport, `BENCH_REPEAT`
 *    interleaved rounds, the run with the median CPU per call reported): rxmcp, the official
 *    client (`@modelcontextprotocol/client`) and a raw floor (a hand-written JSON-RPC client that
 *    validates nothing: `raw-client.ts` over stdio, `raw-http-client.ts` over HTTP), against the
 *    fixture server in both eras (legacy 2025-11-25 via `initialize`, modern 2026-07-28 via
 *    `server/discover`), over stdio (`spec/fixtures/fixture-server.mjs`, started by the client)
 *    and over Streamable HTTP (`spec/fixtures/fixture-http-server.mjs`, started by the worker).
 *    Per run:
 *    - *CPU µs/call*: the client process's CPU (`process.cpuUsage`, user + system) over the
 *      measured `tools/call`s of `echo`, divided by their number, with `BENCH_CONCURRENCY` (64)
 *      calls in flight, after a warm-up. The server's CPU is not in it. This is the figure the
 *      targets judge, as ratios: rxmcp ≤ 0.5× the official client and ≤ 1.5× the raw floor, over
 *      stdio in both eras; over HTTP (issue 18) ≤ 0.5× the official client, ≤ 0.8× the `fetch`
 *      floor (`raw`), ≤ 1.3× the `undici.request` floor (`raw-undici`), calls per second ≥ the
 *      official client's and peak RSS ≤ the `fetch` floor's. `rxmcp-fetch` is rxmcp on its
 *      `fetch` path (the browser's, and Node's before issue 18), reported beside it.
 *    - *calls/s*, *p50/p99 ms*: throughput and per-call latency of the same calls. The server
 *      (and over HTTP the HTTP stack) is the bottleneck, so these say more about the server.
 *    - *peak RSS MB*: the client process's peak resident memory (`resourceUsage().maxRSS`).
 *    - *progress delivered / in order*: one `progress {steps}` call on a fresh server; how many of
 *      its progress notifications reached the caller's callback, and whether strictly increasing.
 * 2. **Cache figures** (`cache.ts`, by its own author, run unchanged with tsx against the built
 *    package): the cost of a `tools/list` cache hit (target < 5 µs), coalescing of 1,000
 *    identical calls (target: 1 fetch), deep-freeze versus copying, and a retry storm. Its own
 *    table is printed as it prints it; it writes bench/results/cache.json.
 * 3. **Memory soak** (`soak.ts`, `node --expose-gc`, one process per era and transport): 200,000
 *    rxmcp calls over stdio, and 50,000 over Streamable HTTP, with one in ten cancelled mid-call
 *    and one in ten timing out; heap used after GC before and after (target: growth < 5 MB over
 *    200,000 calls; the shorter HTTP run is judged on its growth per call × 200,000), and once all
 *    settled no pending request, no deadline in the shared timer queue and no active `Timeout`.
 * 4. **Cold start** (`cold.ts`, issue 17, one fresh process per figure, `BENCH_COLD_RUNS` rounds,
 *    medians): rxmcp beside the official client and the raw floor, over stdio: the import of what
 *    a stdio client needs (CPU, target ≤ 0.8× official); connect + first call in legacy (≤ 1.0×
 *    official) and auto (≤ 0.5×); client CPU per call over the first 1,000 and 10,000 calls after
 *    500 warm-up, both eras (10,000: ≤ 0.4× official and ≤ 1.5× raw). Written to cold.json.
 * 5. **Instructions per call** (`instructions.ts` under valgrind's cachegrind, not in the default
 *    parts: `BENCH_PARTS=instructions`): a deterministic proxy for the cold CPU per call over the
 *    first 10,000 calls. Per client × era two processes connect, make 500 warm-up calls and then
 *    0 or `BENCH_INSTRUCTION_CALLS` (10,000) calls; the difference of their instruction counts
 *    (every thread: valgrind serializes them), over the calls, repeats within 1–2 % where the CPU
 *    figure moves ±15 %, so cuts of a few % show. Reported in all, without GC (the headline: GC
 *    varies with its timers) and split by function name into the optimizing compiler, GC, JSON,
 *    builtins, JIT code and the rest, with rxmcp/official and rxmcp/raw; kernel time (the pipe's
 *    syscalls) is not in it. Without valgrind on `PATH` the part says so and is skipped. Written
 *    to instructions.json; the out-files stay in results/cachegrind/ (`cg_annotate` reads them).
 *
 * Figures go to bench/results/: core.json, cache.json, soak.json, cold.json, instructions.json,
 * and bench.json (all of them plus the wall time). Workers are transpiled to plain JavaScript
 * first (esbuild), so tsx's loader adds neither memory nor CPU to what is measured. bench/config.ts lists the knobs
 * (`BENCH_PARTS`, `BENCH_ONLY`, call counts …). Nothing here is asserted: verdicts are reported.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BenchTransport, Era } from './clients/adapter.js';
import {
  CLIENTS,
  ERAS,
  MAX_HTTP_SOAK_HEAP_GROWTH_BYTES,
  MAX_SOAK_HEAP_GROWTH_BYTES,
  readConfig,
  selected,
  SOAK_SHORT_TIMEOUT_MS,
  SOAK_TARGET_CALLS,
  SOAK_WARMUP_CALLS,
  TRANSPORTS,
  type BenchConfig,
  type ClientName,
} from './config.js';
import type { Measurement } from './measurement.js';
import { readCachegrind } from './cachegrind.js';
import { COLD_CLIENTS, COLD_WARMUP, coldRows, formatCold, type ColdClient, type ColdFigure, type ColdKind, type ColdRow } from './cold-figures.js';
import {
  formatInstructions,
  halvesOf,
  instructionRatios,
  instructionsHeading,
  perCall,
  processInstructions,
  type InstructionFigure,
  type InstructionRatio,
  type ProcessInstructions,
} from './instruction-figures.js';
import type { InstructionRun } from './instructions.js';
import { runPool } from './pool.js';
import type { SoakResult } from './soak.js';
import { count, fixed, formatMeasurements, formatTable } from './table.js';
import { formatVerdicts, HTTP_MAX_CPU_RATIO_VS_FETCH_FLOOR, HTTP_MAX_CPU_RATIO_VS_OFFICIAL, HTTP_MAX_CPU_RATIO_VS_UNDICI_FLOOR, MAX_CPU_RATIO_VS_OFFICIAL, MAX_CPU_RATIO_VS_RAW, verdicts, type EraVerdict } from './targets.js';
import { findOnPath, runUnderCachegrind } from './valgrind.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(benchDir, '..');
const resultsDir = join(benchDir, 'results');
const buildDir = join(resultsDir, 'build');
const fixturePaths: Readonly<Record<BenchTransport, string>> = {
  stdio: join(rootDir, 'spec', 'fixtures', 'fixture-server.mjs'),
  http: join(rootDir, 'spec', 'fixtures', 'fixture-http-server.mjs'),
};
const MB = 1024 * 1024;

/** The test helper the workers share with the tests (starting a server that reports its port). */
const sharedHelpers = [join(rootDir, 'spec', 'helpers', 'listening-process.ts')];

/**
 * Transpiles the workers' sources (every bench file but this one, and the shared helpers) to ESM
 * JavaScript, keeping their layout under the repository root so relative imports still resolve.
 */
async function buildWorkers(): Promise<void> {
  rmSync(buildDir, { recursive: true, force: true });
  const benchFiles = readdirSync(benchDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.startsWith('results'))
    .map((file) => join(benchDir, file));
  const entryPoints = [...benchFiles, ...sharedHelpers];
  await build({ entryPoints, outdir: buildDir, outbase: rootDir, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
}

/** Where a bench file's JavaScript lands in the build. */
const built = (file: string): string => join(buildDir, 'bench', file);

/** What a child process printed, once it exited. */
interface ChildOutput {
  readonly stdout: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs `node <args>` (stderr passed through), killing it after the worker timeout. */
function runNode(args: readonly string[], config: BenchConfig): Promise<ChildOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...args], { cwd: rootDir, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), config.workerTimeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ stdout, code, signal });
    });
  });
}

/** Runs a worker that prints one JSON line last; anything printed before it is noted. */
async function runJsonWorker<T>(label: string, args: readonly string[], config: BenchConfig): Promise<T> {
  const { stdout, code, signal } = await runNode(args, config);
  const lines = stdout.trim().split('\n');
  const line = lines.pop() ?? '';
  // Only the result belongs on stdout: anything else was logged by a client library.
  if (lines.length > 0) process.stderr.write(`  note: ${label} wrote ${lines.length} other line(s) to stdout, e.g. ${JSON.stringify(lines[0])}\n`);
  if (code !== 0 || !line.startsWith('{')) throw new Error(`${label} ended with ${signal ?? `code ${code}`}${line ? `: ${line}` : ''}`);
  return JSON.parse(line) as T;
}

// ---- part 1: the core comparison ----------------------------------------------------------------

/** Runs one core worker and returns its measurement. */
function measure(client: ClientName, era: Era, transport: BenchTransport, config: BenchConfig): Promise<Measurement> {
  const nodeArgs =
    config.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${config.cpuProfDir}`, `--cpu-prof-name=${client}-${era}-${transport}.cpuprofile`];
  return runJsonWorker<Measurement>(
    `worker ${client} / ${era} / ${transport}`,
    ['--no-warnings', ...nodeArgs, built('worker.js'), client, era, transport, fixturePaths[transport]],
    config,
  );
}

/** The run with the median CPU per call. */
function medianRun(measurements: readonly Measurement[]): Measurement {
  const sorted = [...measurements].sort((a, b) => a.cpuMicrosPerCall - b.cpuMicrosPerCall);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

interface CoreReport {
  readonly measurements: Measurement[];
  readonly ratios: EraVerdict[];
  readonly failures: string[];
  readonly text: string;
}

async function runCore(config: BenchConfig): Promise<CoreReport> {
  // Rounds interleave the clients, so a slow patch of the machine hits them alike.
  const runs = new Map<string, Measurement[]>();
  const failures: string[] = [];
  for (let round = 1; round <= config.repeat; round++) {
    for (const transport of TRANSPORTS) {
      for (const era of ERAS) {
        for (const client of CLIENTS) {
          if (!selected(config, client, era, transport)) continue;
          process.stderr.write(`  core: ${client} / ${era} / ${transport} (round ${round} of ${config.repeat}) …\n`);
          try {
            const measurement = await measure(client, era, transport, config);
            const key = `${transport}:${era}:${client}`;
            runs.set(key, [...(runs.get(key) ?? []), measurement]);
          } catch (error) {
            failures.push((error as Error).message);
            process.stderr.write(`  ${(error as Error).message}\n`);
          }
        }
      }
    }
  }
  const measurements = [...runs.values()].map(medianRun);
  const ratios = verdicts(measurements);
  const sections: string[] = [];
  for (const transport of TRANSPORTS) {
    const rows = measurements.filter((m) => m.transport === transport);
    if (rows.length === 0) continue;
    const counts = config.counts[transport];
    sections.push(
      `${transport === 'stdio' ? 'stdio' : 'Streamable HTTP'}: ${count(counts.calls)} calls (after ${count(counts.warmup)} warm-up) ` +
        `at ${config.concurrency} in flight, ${count(counts.progressSteps)} progress steps, median of ${config.repeat} run(s)\n\n${formatMeasurements(rows)}`,
    );
  }
  sections.push(formatVerdicts(ratios));
  const warned = measurements.flatMap((m) =>
    m.warnings.map((w) => `  ${m.client} / ${m.era} / ${m.transport}: ${count(w.count)} × ${w.name}, first: ${w.message}`),
  );
  if (warned.length > 0) sections.push(`process warnings raised in the reported runs:\n${warned.join('\n')}`);
  return { measurements, ratios, failures, text: sections.join('\n\n') };
}

// ---- part 2: the cache figures (bench/cache.ts) -------------------------------------------------

/** The parts of cache.json this report reads (cache.ts owns the file; anything may be missing). */
interface CacheReport {
  readonly hits?: readonly { readonly size: number; readonly promiseNs: number }[];
  readonly coalesced?: { readonly calls: number; readonly fetches: number };
  readonly freezing?: readonly { readonly size: number; readonly perHit: { readonly frozen: number; readonly recursiveCopy: number } }[];
  readonly storm?: { readonly calls: number; readonly attempts: number; readonly rejected: number; readonly wallMs: number; readonly boundMs: number };
}

/** The cache bench's verdicts, from cache.json. */
interface CacheVerdicts {
  /** The slowest hit to a resolved Promise, across result sizes, in µs (target < 5). */
  readonly worstHitMicros: number | undefined;
  readonly meetsHitTarget: boolean | undefined;
  readonly coalescedFetches: number | undefined;
  readonly meetsCoalescingTarget: boolean | undefined;
}

async function runCache(config: BenchConfig): Promise<{ report: CacheReport | undefined; verdicts: CacheVerdicts; text: string; failure?: string }> {
  process.stderr.write('  cache: bench/cache.ts …\n');
  const path = join(resultsDir, 'cache.json');
  rmSync(path, { force: true });
  // tsx only loads the file; without the rxmcp-source condition `rxmcp` is the built package.
  const { stdout, code, signal } = await runNode(['--import', 'tsx', join(benchDir, 'cache.ts')], config);
  const failure = code === 0 && existsSync(path) ? undefined : `bench/cache.ts ended with ${signal ?? `code ${code}`}`;
  const report = failure === undefined ? (JSON.parse(readFileSync(path, 'utf8')) as CacheReport) : undefined;
  const worstHitNs = report?.hits?.length ? Math.max(...report.hits.map((hit) => hit.promiseNs)) : undefined;
  const verdicts: CacheVerdicts = {
    worstHitMicros: worstHitNs === undefined ? undefined : worstHitNs / 1000,
    meetsHitTarget: worstHitNs === undefined ? undefined : worstHitNs < 5000,
    coalescedFetches: report?.coalesced?.fetches,
    meetsCoalescingTarget: report?.coalesced === undefined ? undefined : report.coalesced.fetches === 1,
  };
  return { report, verdicts, text: failure ?? stdout.trimEnd(), ...(failure !== undefined && { failure }) };
}

// ---- the group figures (bench/group.ts) ---------------------------------------------------------

/** The parts of group.json this report reads. */
interface GroupReport {
  readonly connectRatio?: number;
  readonly callCpuRatio?: number;
}

async function runGroup(config: BenchConfig): Promise<{ report: GroupReport | undefined; text: string; failure?: string }> {
  process.stderr.write('  group: bench/group.ts …\n');
  const path = join(resultsDir, 'group.json');
  rmSync(path, { force: true });
  const { stdout, code, signal } = await runNode(['--import', 'tsx', join(benchDir, 'group.ts')], config);
  const failure = code === 0 && existsSync(path) ? undefined : `bench/group.ts ended with ${signal ?? `code ${code}`}`;
  const report = failure === undefined ? (JSON.parse(readFileSync(path, 'utf8')) as GroupReport) : undefined;
  return { report, text: failure ?? stdout.trimEnd(), ...(failure !== undefined && { failure }) };
}

/** A part that is one script printing its figures and writing `results/<name>.json` (tasks, bindings). */
async function runScriptPart(config: BenchConfig, name: string): Promise<{ text: string; failure?: string }> {
  process.stderr.write(`  ${name}: bench/${name}.ts …\n`);
  const path = join(resultsDir, `${name}.json`);
  rmSync(path, { force: true });
  const { stdout, code, signal } = await runNode(['--import', 'tsx', join(benchDir, `${name}.ts`)], config);
  const failure = code === 0 && existsSync(path) ? undefined : `bench/${name}.ts ended with ${signal ?? `code ${code}`}`;
  return { text: failure ?? stdout.trimEnd(), ...(failure !== undefined && { failure }) };
}

// ---- part 3: the memory soak --------------------------------------------------------------------

function formatSoak(results: readonly SoakResult[]): string {
  const headers = [
    'era / transport',
    'calls',
    'calls/s',
    'ok',
    'cancelled',
    'timed out',
    'other',
    'server saw cancels',
    'faults',
    'heap before MB',
    'heap after MB',
    'growth MB',
    'B/call',
    `at ${SOAK_TARGET_CALLS / 1000}k MB`,
    'pending',
    'timer queue',
    'Timeouts',
    'verdict',
  ];
  const rows = results.map((r) => [
    `${r.era} / ${r.transport}`,
    count(r.calls),
    fixed(r.callsPerSecond, 0),
    count(r.outcomes.ok),
    count(r.outcomes.cancelledByUnsubscribe + r.outcomes.cancelledBySignal),
    count(r.outcomes.timedOut),
    String(r.outcomes.unexpected),
    count(r.serverCancellations),
    String(r.faults),
    fixed(r.heapBeforeBytes / MB, 2),
    fixed(r.heapAfterBytes / MB, 2),
    fixed(r.heapGrowthBytes / MB, 3),
    fixed(r.heapGrowthBytesPerCall, 1),
    fixed(r.projectedGrowthBytesAtTarget / MB, 2),
    String(r.pendingAfter),
    String(r.timerQueueSizeAfter),
    `${r.activeTimeoutsAfter}/${r.activeTimeoutsAfterClose}`,
    r.pass ? 'pass' : 'FAIL',
  ]);
  const notes = results.flatMap((r) => [
    ...(r.outcomes.firstUnexpected === undefined ? [] : [`  ${r.era} / ${r.transport}: first unexpected outcome: ${r.outcomes.firstUnexpected}`]),
    ...(r.firstFault === undefined ? [] : [`  ${r.era} / ${r.transport}: first fault: ${r.firstFault}`]),
    ...r.warnings.map((w) => `  ${r.era} / ${r.transport}: ${count(w.count)} × ${w.name}, first: ${w.message}`),
  ]);
  return [formatTable(headers, rows), ...notes].join('\n');
}

async function runSoak(config: BenchConfig): Promise<{ results: SoakResult[]; failures: string[]; text: string }> {
  const results: SoakResult[] = [];
  const failures: string[] = [];
  for (const transport of TRANSPORTS) {
    const calls = config.soak.calls[transport];
    if (calls === 0) continue;
    for (const era of config.soak.eras) {
      process.stderr.write(`  soak: ${count(calls)} rxmcp calls / ${era} / ${transport} …\n`);
      try {
        const args = ['--expose-gc', '--no-warnings', built('soak.js'), era, transport, fixturePaths[transport]];
        results.push(await runJsonWorker<SoakResult>(`soak ${era} / ${transport}`, args, config));
      } catch (error) {
        failures.push((error as Error).message);
        process.stderr.write(`  ${(error as Error).message}\n`);
      }
    }
  }
  const heading =
    `rxmcp, ${config.concurrency} in flight; of every ${config.soak.every} calls one cancelled mid-call (unsubscribe or abort signal, alternately), ` +
    `one timed out (timeoutMs ${SOAK_SHORT_TIMEOUT_MS}), the rest echo. Heap used after GC, after a warm-up ` +
    `(stdio ${count(SOAK_WARMUP_CALLS.stdio)} calls, HTTP ${count(SOAK_WARMUP_CALLS.http)}) and after all calls settled.\n` +
    `Target: growth < ${MAX_SOAK_HEAP_GROWTH_BYTES / MB} MB over ${count(SOAK_TARGET_CALLS)} calls (a shorter run: its growth per call × ${count(SOAK_TARGET_CALLS)}, "at ${SOAK_TARGET_CALLS / 1000}k"; over HTTP also < ${MAX_HTTP_SOAK_HEAP_GROWTH_BYTES / MB} MB over the run), and once settled 0 pending requests, ` +
    `0 timer-queue entries, 0 active Timeouts (connection open / closed).`;
  return { results, failures, text: results.length === 0 ? failures.join('\n') : `${heading}\n\n${formatSoak(results)}` };
}

// ---- the cold-start figures (bench/cold.ts, issue 17) ------------------------------------------

/** The (kind, era) of every cold figure, each measured for every client in one fresh process. */
const COLD_FIGURES: readonly { readonly kind: ColdKind; readonly era?: Era }[] = [
  { kind: 'import' },
  { kind: 'connect', era: 'legacy' },
  { kind: 'connect', era: 'modern' },
  { kind: 'calls', era: 'legacy' },
  { kind: 'calls', era: 'modern' },
];

/**
 * True if the fresh-process figure of `client` (in `era`; none: the import) passes the `BENCH_ONLY`
 * filter: these run over stdio only, and a figure without an era passes any era.
 */
function wantedOverStdio(config: BenchConfig, client: ColdClient, era: Era | undefined): boolean {
  return (
    config.only.length === 0 ||
    config.only.some((entry) => entry.split(':').every((part) => part === client || part === era || part === 'stdio' || (era === undefined && (part === 'legacy' || part === 'modern'))))
  );
}

async function runCold(config: BenchConfig): Promise<{ figures: ColdFigure[]; rows: ColdRow[]; failures: string[]; text: string }> {
  const figures: ColdFigure[] = [];
  const failures: string[] = [];
  // Rounds interleave clients and figures, so a slow patch of the machine hits them alike.
  for (let round = 1; round <= config.coldRuns; round++) {
    process.stderr.write(`  cold: round ${round} of ${config.coldRuns} …\n`);
    for (const { kind, era } of COLD_FIGURES) {
      for (const client of COLD_CLIENTS) {
        if (!wantedOverStdio(config, client, era)) continue;
        const profile =
          config.cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${config.cpuProfDir}`, `--cpu-prof-name=cold-${kind}-${client}${era === undefined ? '' : `-${era}`}-${round}.cpuprofile`];
        const args = ['--no-warnings', ...profile, built('cold.js'), kind, client, ...(era === undefined ? [] : [era, fixturePaths.stdio])];
        try {
          figures.push(await runJsonWorker<ColdFigure>(`cold ${kind} ${client}${era === undefined ? '' : ` ${era}`}`, args, config));
        } catch (error) {
          failures.push((error as Error).message);
          process.stderr.write(`  ${(error as Error).message}\n`);
        }
      }
    }
  }
  const rows = coldRows(figures);
  const heading = `each figure in a fresh process, stdio, median of ${config.coldRuns} run(s); calls: after 500 warm-up, ${config.concurrency} in flight; "auto" is the modern era`;
  return { figures, rows, failures, text: `${heading}\n\n${formatCold(rows)}` };
}

// ---- instructions per call under valgrind (bench/instructions.ts) ------------------------------

interface InstructionsReport {
  readonly figures: InstructionFigure[];
  readonly ratios: InstructionRatio[];
  readonly failures: string[];
  /** Why the part did not run (valgrind missing), if it did not. */
  readonly skipped?: string;
  readonly text: string;
}

/** One process of a pair: a client in an era making `calls` calls after the warm-up. */
interface InstructionJob {
  readonly client: ColdClient;
  readonly era: Era;
  readonly calls: number;
}

/** Runs one job under cachegrind and reads its out-file. */
async function countInstructions(valgrind: string, job: InstructionJob, outDir: string, config: BenchConfig): Promise<{ run: InstructionRun; counts: ProcessInstructions }> {
  const label = `instructions ${job.client} / ${job.era}, ${count(job.calls)} calls`;
  const outFile = join(outDir, `${job.client}-${job.era}-${job.calls}.out`);
  const started = performance.now();
  process.stderr.write(`  ${label}: under valgrind …\n`);
  const args = ['--no-warnings', built('instructions.js'), job.client, job.era, String(job.calls), fixturePaths.stdio];
  const { stdout, stderr, code, signal } = await runUnderCachegrind(valgrind, args, outFile, rootDir, config.workerTimeoutMs);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{') || !existsSync(outFile)) {
    const tail = stderr.trim().split('\n').slice(-5).join(' | ');
    throw new Error(`${label} ended with ${signal ?? `code ${code}`}${tail ? `: ${tail}` : ''}`);
  }
  const counts = processInstructions(job.calls, readCachegrind(outFile));
  process.stderr.write(`  ${label}: ${count(counts.total)} instructions, ${fixed((performance.now() - started) / 1000, 1)} s\n`);
  return { run: JSON.parse(line) as InstructionRun, counts };
}

async function runInstructions(config: BenchConfig): Promise<InstructionsReport> {
  const valgrind = findOnPath('valgrind');
  if (valgrind === undefined) {
    const skipped = 'instructions: skipped, valgrind is not on PATH (the counts come from its cachegrind tool; apt-get install valgrind)';
    return { figures: [], ratios: [], failures: [], skipped, text: skipped };
  }
  const outDir = join(resultsDir, 'cachegrind');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const pairs = ERAS.flatMap((era) => COLD_CLIENTS.filter((client) => wantedOverStdio(config, client, era)).map((client) => ({ client, era })));
  // Longest first (the official client's measured runs take about twice rxmcp's), one process per
  // CPU: each has a CPU of its own, so the wall-clock timers inside it (the GC's) run alike.
  const slowest: readonly ColdClient[] = ['official', 'rxmcp', 'raw'];
  // a third process per pair stops halfway, splitting the calls into two halves (see InstructionHalves)
  const half = Math.floor(config.instructionCalls / 2);
  const callCounts = half > 0 ? [config.instructionCalls, half, 0] : [config.instructionCalls, 0];
  const jobs: InstructionJob[] = pairs
    .flatMap(({ client, era }) => callCounts.map((calls) => ({ client, era, calls })))
    .sort((a, b) => slowest.indexOf(a.client) - slowest.indexOf(b.client) || b.calls - a.calls);
  const done = new Map<string, { run: InstructionRun; counts: ProcessInstructions }>();
  const failures: string[] = [];
  const key = (job: InstructionJob): string => `${job.client}:${job.era}:${job.calls}`;
  let next = 0;
  await runPool(jobs.length, Math.max(1, os.availableParallelism()), async () => {
    const job = jobs[next++]!;
    try {
      done.set(key(job), await countInstructions(valgrind, job, outDir, config));
    } catch (error) {
      failures.push((error as Error).message);
      process.stderr.write(`  ${(error as Error).message}\n`);
    }
  });
  const figures: InstructionFigure[] = [];
  for (const { client, era } of pairs) {
    const baseline = done.get(key({ client, era, calls: 0 }));
    const measured = done.get(key({ client, era, calls: config.instructionCalls }));
    if (baseline === undefined || measured === undefined) continue;
    const { protocolVersion, warmup, concurrency } = measured.run;
    const halfway = half > 0 ? done.get(key({ client, era, calls: half })) : undefined;
    const halves = halfway === undefined ? undefined : halvesOf(baseline.counts, halfway.counts, measured.counts);
    figures.push({ client, era, protocolVersion, warmup, concurrency, perCall: perCall(baseline.counts, measured.counts), baseline: baseline.counts, measured: measured.counts, halves });
  }
  const ratios = instructionRatios(figures);
  const heading = instructionsHeading(config.instructionCalls, COLD_WARMUP, config.concurrency);
  return { figures, ratios, failures, text: `${heading}\n\n${formatInstructions(figures, ratios)}` };
}

// ---- the whole run ------------------------------------------------------------------------------

function verdictLine(label: string, meets: boolean | undefined, detail: string): string {
  return `${meets === undefined ? '  n/a   ' : meets ? '  ok    ' : '  MISSED'}  ${label}: ${detail}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const config = readConfig();
  await buildWorkers();
  const environment = { node: process.version, platform: `${process.platform} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model };
  const date = new Date().toISOString();
  mkdirSync(resultsDir, { recursive: true });

  const core = config.parts.includes('core') ? await runCore(config) : undefined;
  if (core !== undefined) {
    const report = {
      date,
      environment,
      settings: { counts: config.counts, repeat: config.repeat, concurrency: config.concurrency, only: config.only },
      targets: { transport: 'stdio', maxCpuRatioVsOfficial: MAX_CPU_RATIO_VS_OFFICIAL, maxCpuRatioVsRaw: MAX_CPU_RATIO_VS_RAW, progress: 'every notification delivered, strictly increasing' },
      measurements: core.measurements,
      ratios: core.ratios,
      failures: core.failures,
    };
    writeFileSync(join(resultsDir, 'core.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
  const cache = config.parts.includes('cache') ? await runCache(config) : undefined;
  const soak = config.parts.includes('soak') ? await runSoak(config) : undefined;
  const group = config.parts.includes('group') ? await runGroup(config) : undefined;
  const tasks = config.parts.includes('tasks') ? await runScriptPart(config, 'tasks') : undefined;
  const bindings = config.parts.includes('bindings') ? await runScriptPart(config, 'bindings') : undefined;
  const cold = config.parts.includes('cold') ? await runCold(config) : undefined;
  if (cold !== undefined) writeFileSync(join(resultsDir, 'cold.json'), `${JSON.stringify({ date, environment, runs: config.coldRuns, rows: cold.rows, figures: cold.figures, failures: cold.failures }, null, 2)}\n`);
  const instructions = config.parts.includes('instructions') ? await runInstructions(config) : undefined;
  if (instructions !== undefined) {
    const settings = { calls: config.instructionCalls, warmup: COLD_WARMUP, concurrency: config.concurrency, only: config.only };
    const report = { date, environment, settings, skipped: instructions.skipped, figures: instructions.figures, ratios: instructions.ratios, failures: instructions.failures };
    writeFileSync(join(resultsDir, 'instructions.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
  if (soak !== undefined) {
    writeFileSync(join(resultsDir, 'soak.json'), `${JSON.stringify({ date, environment, settings: config.soak, results: soak.results, failures: soak.failures }, null, 2)}\n`);
  }
  const wallMs = performance.now() - started;

  // The summary: every target at a glance.
  const summary: string[] = [];
  for (const v of core?.ratios ?? []) {
    const ratio = (value: number | undefined): string => (value === undefined ? 'n/a' : `${fixed(value, 2)}×`);
    if (v.transport === 'http') {
      summary.push(
        verdictLine(`core ${v.era}, HTTP`, v.meetsOfficialTarget, `rxmcp/official CPU per call ${ratio(v.rxmcpOverOfficial)} (≤ ${HTTP_MAX_CPU_RATIO_VS_OFFICIAL}×)`),
        verdictLine(`core ${v.era}, HTTP`, v.meetsRawTarget, `rxmcp/fetch floor CPU per call ${ratio(v.rxmcpOverRaw)} (≤ ${HTTP_MAX_CPU_RATIO_VS_FETCH_FLOOR}×)`),
        verdictLine(`core ${v.era}, HTTP`, v.meetsUndiciFloorTarget, `rxmcp/undici floor CPU per call ${ratio(v.rxmcpOverUndiciFloor)} (≤ ${HTTP_MAX_CPU_RATIO_VS_UNDICI_FLOOR}×)`),
        verdictLine(`core ${v.era}, HTTP`, v.meetsThroughputTarget, `rxmcp/official calls per second ${ratio(v.rxmcpThroughputOverOfficial)} (≥ 1×)`),
        verdictLine(`core ${v.era}, HTTP`, v.meetsRssTarget, `rxmcp/fetch floor peak RSS ${ratio(v.rxmcpRssOverRaw)} (≤ 1×)`),
      );
      continue;
    }
    summary.push(
      verdictLine(`core ${v.era}, stdio`, v.meetsOfficialTarget, `rxmcp/official CPU per call ${ratio(v.rxmcpOverOfficial)} (≤ ${MAX_CPU_RATIO_VS_OFFICIAL}×)`),
      verdictLine(`core ${v.era}, stdio`, v.meetsRawTarget, `rxmcp/raw CPU per call ${ratio(v.rxmcpOverRaw)} (≤ ${MAX_CPU_RATIO_VS_RAW}×)`),
      verdictLine(`core ${v.era}, stdio`, v.meetsProgressTarget, 'every progress notification delivered, in order'),
    );
  }
  if (cache !== undefined) {
    const v = cache.verdicts;
    summary.push(
      verdictLine('cache', v.meetsHitTarget, `slowest tools/list hit to a resolved Promise ${v.worstHitMicros === undefined ? 'n/a' : `${fixed(v.worstHitMicros, 2)} µs`} (< 5 µs)`),
      verdictLine('cache', v.meetsCoalescingTarget, `1,000 concurrent identical calls made ${v.coalescedFetches ?? 'n/a'} fetch(es) (1)`),
    );
  }
  for (const r of soak?.results ?? []) {
    const growth =
      r.calls >= SOAK_TARGET_CALLS
        ? `heap growth ${fixed(r.heapGrowthBytes / MB, 3)} MB over ${count(r.calls)} calls`
        : `heap growth ${fixed(r.heapGrowthBytes / MB, 3)} MB over ${count(r.calls)} calls, ${fixed(r.projectedGrowthBytesAtTarget / MB, 2)} MB at ${count(SOAK_TARGET_CALLS)}`;
    summary.push(
      verdictLine(
        `soak ${r.era}, ${r.transport}`,
        r.pass,
        `${growth} (< ${r.maxHeapGrowthBytes / MB} MB), ${r.pendingAfter} pending, ${r.timerQueueSizeAfter} in the timer queue, ${r.activeTimeoutsAfter} active Timeouts`,
      ),
    );
  }
  if (group !== undefined) {
    const ratio = group.report?.callCpuRatio;
    summary.push(
      verdictLine('group', ratio === undefined ? undefined : ratio <= 1.1, `callTool through the group / on the client, CPU per call ${ratio === undefined ? 'n/a' : `${fixed(ratio, 3)}×`} (≤ 1.10×)`),
      `          group: 10 stdio servers connected in parallel / one server ${group.report?.connectRatio === undefined ? 'n/a' : `${fixed(group.report.connectRatio, 2)}×`} (reported; bounded by the CPUs that start the processes)`,
    );
  }
  for (const row of cold?.rows ?? []) {
    if (row.meets === undefined) continue;
    const parts = [
      ...(row.maxOverOfficial === undefined ? [] : [`rxmcp/official ${row.overOfficial === undefined ? 'n/a' : `${fixed(row.overOfficial, 2)}×`} (≤ ${row.maxOverOfficial}×)`]),
      ...(row.maxOverRaw === undefined ? [] : [`rxmcp/raw ${row.overRaw === undefined ? 'n/a' : `${fixed(row.overRaw, 2)}×`} (≤ ${row.maxOverRaw}×)`]),
    ];
    summary.push(verdictLine(`cold ${row.figure}`, row.meets, parts.join(', ')));
  }
  const failures = [...(core?.failures ?? []), ...(cold?.failures ?? []), ...(instructions?.failures ?? []), ...(cache?.failure === undefined ? [] : [cache.failure]), ...(soak?.failures ?? []), ...(group?.failure === undefined ? [] : [group.failure]), ...[tasks, bindings].flatMap((part) => (part?.failure === undefined ? [] : [part.failure]))];

  const rule = (title: string): string => `\n== ${title} ${'='.repeat(Math.max(0, 96 - title.length))}\n`;
  const out: string[] = [`\nrxmcp bench: node ${process.version}, ${environment.platform}, ${environment.cpus} CPUs (${environment.cpuModel ?? 'unknown CPU'})`];
  if (core !== undefined) out.push(rule('core comparison: rxmcp vs the official client vs a raw floor'), core.text);
  if (cache !== undefined) out.push(rule('cache figures (bench/cache.ts)'), cache.text);
  if (soak !== undefined) out.push(rule('memory soak'), soak.text);
  if (group !== undefined) out.push(rule('group figures (bench/group.ts)'), group.text);
  if (tasks !== undefined) out.push(rule('tasks figures (bench/tasks.ts)'), tasks.text);
  if (bindings !== undefined) out.push(rule('bindings figures (bench/bindings.ts)'), bindings.text);
  if (cold !== undefined) out.push(rule('cold start (bench/cold.ts)'), cold.text);
  if (instructions !== undefined) out.push(rule('instructions per call under valgrind (bench/instructions.ts)'), instructions.text);
  out.push(rule('verdicts'), summary.join('\n'));
  if (failures.length > 0) out.push('', 'FAILED:', ...failures.map((failure) => `  ${failure}`));
  out.push('', `wall time ${fixed(wallMs / 1000, 1)} s (after the package build); figures in ${resultsDir}/{core,cache,soak,group,cold,instructions,tasks,bindings,bench}.json`);
  process.stdout.write(`${out.join('\n')}\n`);

  const combined = {
    date,
    environment,
    wallMs,
    parts: config.parts,
    core: core === undefined ? undefined : { settings: { counts: config.counts, repeat: config.repeat, concurrency: config.concurrency }, measurements: core.measurements, ratios: core.ratios },
    cache: cache?.report,
    cacheVerdicts: cache?.verdicts,
    soak: soak?.results,
    group: group?.report,
    cold: cold?.rows,
    instructions: instructions === undefined ? undefined : { skipped: instructions.skipped, figures: instructions.figures, ratios: instructions.ratios },
    summary,
    failures,
  };
  writeFileSync(join(resultsDir, 'bench.json'), `${JSON.stringify(combined, null, 2)}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
