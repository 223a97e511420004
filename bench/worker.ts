/**
 * One measurement in its own process, so RSS and JIT state never leak between clients:
 *
 *   node worker.js <client> <era> <stdio|http> <fixture server path>
 *
 * The server path is spec/fixtures/fixture-server.mjs over stdio (the client starts it) and
 * spec/fixtures/fixture-http-server.mjs over HTTP (this worker starts it and stops it again).
 * It runs the call throughput run (warm-up, then the measured calls at fixed concurrency) on one
 * fresh server, then the progress run on another, and prints one JSON line: a {@link Measurement}.
 * The orchestrator (run.ts) runs this file transpiled to plain JavaScript, without tsx's loader.
 */
import type { BenchConnection, BenchTarget, BenchTransport, Connect, Era } from './clients/adapter.js';
import { CLIENTS, ERAS, EXPECTED_VERSION, readConfig, TRANSPORTS, type ClientName } from './config.js';
import { startHttpFixture } from './http-fixture.js';
import type { Measurement } from './measurement.js';
import { runPool } from './pool.js';
import { percentile } from './stats.js';
import { collectWarnings } from './warnings.js';

const adapters: Readonly<Record<ClientName, () => Promise<{ connect: Connect }>>> = {
  rxmcp: () => import('./clients/rxmcp.js'),
  'rxmcp-fetch': () => import('./clients/rxmcp-fetch.js'),
  official: () => import('./clients/official.js'),
  raw: () => import('./clients/raw.js'),
  'raw-undici': () => import('./clients/raw-undici.js'),
};

/** The text of a tool result's first content block. */
function firstText(result: unknown): unknown {
  return (result as { content?: { text?: unknown }[] }).content?.[0]?.text;
}

/** A connection to a fresh fixture server (over HTTP: one this worker started), closing both. */
async function open(connect: Connect, client: ClientName, era: Era, transport: BenchTransport, serverPath: string): Promise<BenchConnection> {
  const server = transport === 'http' ? await startHttpFixture(serverPath) : undefined;
  const target: BenchTarget = server === undefined ? { transport: 'stdio', serverPath } : { transport: 'http', url: server.url };
  let connection: BenchConnection;
  try {
    connection = await connect(era, target);
  } catch (error) {
    await server?.stop();
    throw error;
  }
  const closeAll = async (): Promise<void> => {
    try {
      await connection.close();
    } finally {
      await server?.stop();
    }
  };
  if (connection.protocolVersion !== EXPECTED_VERSION[era]) {
    await closeAll();
    throw new Error(`${client} negotiated ${connection.protocolVersion} in the ${era} era, expected ${EXPECTED_VERSION[era]}`);
  }
  return { ...connection, close: closeAll };
}

async function main(): Promise<void> {
  const [client, era, transport, serverPath] = process.argv.slice(2) as [ClientName, Era, BenchTransport, string];
  if (!CLIENTS.includes(client) || !ERAS.includes(era) || !TRANSPORTS.includes(transport) || !serverPath) {
    throw new Error(`usage: worker <${CLIENTS.join('|')}> <${ERAS.join('|')}> <${TRANSPORTS.join('|')}> <server path>`);
  }
  const warnings = collectWarnings();
  const config = readConfig();
  const counts = config.counts[transport];
  const { connect } = await adapters[client]();

  // The throughput run.
  const connection = await open(connect, client, era, transport, serverPath);
  const echoed = firstText(await connection.call());
  if (echoed !== 'hi') throw new Error(`${client}: echo answered ${JSON.stringify(echoed)}`);
  await runPool(counts.warmup, config.concurrency, connection.call);
  const latencies = new Float64Array(counts.calls);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await runPool(counts.calls, config.concurrency, connection.call, latencies);
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  await connection.close();
  const maxRssKbAfterCalls = process.resourceUsage().maxRSS;

  // The progress run, on a fresh server.
  const progressConnection = await open(connect, client, era, transport, serverPath);
  let delivered = 0;
  let last = 0;
  let inOrder = true;
  const progressCpuStart = process.cpuUsage();
  const progressStart = performance.now();
  const progressResult = await progressConnection.callWithProgress(counts.progressSteps, (progress) => {
    delivered++;
    if (!(progress > last)) inOrder = false;
    last = progress;
  });
  const progressWallMs = performance.now() - progressStart;
  const progressCpu = process.cpuUsage(progressCpuStart);
  await progressConnection.close();
  const done = firstText(progressResult);
  if (done !== `done ${counts.progressSteps}`) throw new Error(`${client}: progress answered ${JSON.stringify(done)}`);

  const cpuMicros = cpu.user + cpu.system;
  const measurement: Measurement = {
    client,
    era,
    transport,
    protocolVersion: connection.protocolVersion,
    calls: counts.calls,
    warmup: counts.warmup,
    concurrency: config.concurrency,
    cpuMicrosPerCall: cpuMicros / counts.calls,
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
    wallMs,
    callsPerSecond: (counts.calls / wallMs) * 1_000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    maxRssKbAfterCalls,
    maxRssKb: process.resourceUsage().maxRSS,
    progressSteps: counts.progressSteps,
    progressDelivered: delivered,
    progressInOrder: inOrder && delivered > 0,
    progressWallMs,
    progressCpuMicrosPerNotification: delivered === 0 ? Number.NaN : (progressCpu.user + progressCpu.system) / delivered,
    warnings: warnings(),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
  // Everything is closed, so the process should exit by itself; say so if something holds it open.
  setTimeout(() => {
    process.stderr.write(`worker ${client} ${era} ${transport}: still running 2 s after finishing (an open handle); exiting\n`);
    process.exit(0);
  }, 2_000).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
