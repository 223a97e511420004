/**
 * One measurement in its own process, so RSS and JIT state never leak between clients:
 *
 *   node worker.js <client> <era> <fixture-server path>
 *
 * It runs the call throughput run (warm-up, then the measured calls at fixed concurrency) on one
 * fresh server, then the progress run on another, and prints one JSON line: a {@link Measurement}.
 * The orchestrator (run.ts) runs this file transpiled to plain JavaScript, without tsx's loader.
 */
import type { BenchConnection, Connect, Era } from './clients/adapter.js';
import { CLIENTS, ERAS, EXPECTED_VERSION, readConfig, type ClientName } from './config.js';
import type { Measurement } from './measurement.js';
import { runPool } from './pool.js';
import { percentile } from './stats.js';

const adapters: Readonly<Record<ClientName, () => Promise<{ connect: Connect }>>> = {
  rxmcp: () => import('./clients/rxmcp.js'),
  official: () => import('./clients/official.js'),
  raw: () => import('./clients/raw.js'),
};

/** The text of a tool result's first content block. */
function firstText(result: unknown): unknown {
  return (result as { content?: { text?: unknown }[] }).content?.[0]?.text;
}

async function open(connect: Connect, client: ClientName, era: Era, serverPath: string): Promise<BenchConnection> {
  const connection = await connect(era, serverPath);
  if (connection.protocolVersion !== EXPECTED_VERSION[era]) {
    await connection.close();
    throw new Error(`${client} negotiated ${connection.protocolVersion} in the ${era} era, expected ${EXPECTED_VERSION[era]}`);
  }
  return connection;
}

async function main(): Promise<void> {
  const [client, era, serverPath] = process.argv.slice(2) as [ClientName, Era, string];
  if (!CLIENTS.includes(client) || !ERAS.includes(era) || !serverPath) {
    throw new Error(`usage: worker <${CLIENTS.join('|')}> <${ERAS.join('|')}> <server path>`);
  }
  const config = readConfig();
  const { connect } = await adapters[client]();

  // The throughput run.
  const connection = await open(connect, client, era, serverPath);
  const echoed = firstText(await connection.call());
  if (echoed !== 'hi') throw new Error(`${client}: echo answered ${JSON.stringify(echoed)}`);
  await runPool(config.warmup, config.concurrency, connection.call);
  const latencies = new Float64Array(config.calls);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await runPool(config.calls, config.concurrency, connection.call, latencies);
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  await connection.close();
  const maxRssKbAfterCalls = process.resourceUsage().maxRSS;

  // The progress run, on a fresh server.
  const progressConnection = await open(connect, client, era, serverPath);
  let delivered = 0;
  let last = 0;
  let inOrder = true;
  const progressCpuStart = process.cpuUsage();
  const progressStart = performance.now();
  const progressResult = await progressConnection.callWithProgress(config.progressSteps, (progress) => {
    delivered++;
    if (!(progress > last)) inOrder = false;
    last = progress;
  });
  const progressWallMs = performance.now() - progressStart;
  const progressCpu = process.cpuUsage(progressCpuStart);
  await progressConnection.close();
  const done = firstText(progressResult);
  if (done !== `done ${config.progressSteps}`) throw new Error(`${client}: progress answered ${JSON.stringify(done)}`);

  const cpuMicros = cpu.user + cpu.system;
  const measurement: Measurement = {
    client,
    era,
    protocolVersion: connection.protocolVersion,
    calls: config.calls,
    concurrency: config.concurrency,
    cpuMicrosPerCall: cpuMicros / config.calls,
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
    wallMs,
    callsPerSecond: (config.calls / wallMs) * 1_000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    maxRssKbAfterCalls,
    maxRssKb: process.resourceUsage().maxRSS,
    progressSteps: config.progressSteps,
    progressDelivered: delivered,
    progressInOrder: inOrder && delivered > 0,
    progressWallMs,
    progressCpuMicrosPerNotification: delivered === 0 ? Number.NaN : (progressCpu.user + progressCpu.system) / delivered,
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
  // Everything is closed, so the process should exit by itself; say so if something holds it open.
  setTimeout(() => {
    process.stderr.write(`worker ${client} ${era}: still running 2 s after finishing (an open handle); exiting\n`);
    process.exit(0);
  }, 2_000).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
