/**
 * The group figures (issue 13, "Speed"): part `group` of `npm run bench` (the built package), or
 * on their own with `npm run bench:group` (the sources). Writes bench/results/group.json.
 *
 * 1. Connecting 10 stdio fixture servers in parallel through `ClientGroup.connectAll` against
 *    connecting one with `Client.connect` (the median of `BENCH_GROUP_ROUNDS` rounds each,
 *    interleaved); the ratio should be near the slowest of ten over one, far below 10.
 * 2. `tools/call` through the group (`group.callTool`: a lookup of the group name, then the
 *    client's call) against the same call on the same client (`group.client(name).callTool`),
 *    interleaved in rounds of `BENCH_GROUP_CALLS` calls, `BENCH_GROUP_CONCURRENCY` in flight:
 *    client CPU per call (process.cpuUsage) and wall time per call; the target is within 10 %.
 *
 * Nothing is asserted: figures are printed. The machine's other load shows in the numbers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, ClientGroup } from 'rxmcp';
import { stdio } from 'rxmcp/node';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const FIXTURE = join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs');
const SERVERS = 10;
const ROUNDS = Number(process.env['BENCH_GROUP_ROUNDS'] ?? 3);
const CALLS = Number(process.env['BENCH_GROUP_CALLS'] ?? 5_000);
const CONCURRENCY = Number(process.env['BENCH_GROUP_CONCURRENCY'] ?? 16);

const fixture = () => stdio({ command: process.execPath, args: [FIXTURE] });
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Milliseconds to connect one server (closed afterwards). */
async function connectOne(): Promise<number> {
  const start = performance.now();
  const client = await Client.connect(fixture(), { mode: 'legacy' });
  const elapsed = performance.now() - start;
  await client.close();
  return elapsed;
}

/** Milliseconds to connect ten servers in parallel with bare `Client.connect`s (closed afterwards): the machine's own bound. */
async function connectTenBare(): Promise<number> {
  const start = performance.now();
  const clients = await Promise.all(Array.from({ length: SERVERS }, () => Client.connect(fixture(), { mode: 'legacy' })));
  const elapsed = performance.now() - start;
  await Promise.all(clients.map((client) => client.close()));
  return elapsed;
}

/** Milliseconds to connect ten servers in parallel through a group (closed afterwards). */
async function connectTen(): Promise<number> {
  const group = new ClientGroup({ prefix: true, clientOptions: { mode: 'legacy' } });
  const start = performance.now();
  const outcomes = await group.connectAll(Object.fromEntries(Array.from({ length: SERVERS }, (_, i) => [`s${i}`, fixture()])));
  const elapsed = performance.now() - start;
  const failed = [...outcomes.values()].filter((outcome) => outcome.status === 'rejected');
  if (failed.length > 0) throw new Error(`${failed.length} of ${SERVERS} servers failed to connect`);
  await group.close();
  return elapsed;
}

/** Client CPU µs and wall µs per call of `call`, `CALLS` calls with `CONCURRENCY` in flight. */
async function measure(call: () => Promise<unknown>): Promise<{ cpuUs: number; wallUs: number }> {
  let left = CALLS;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await call();
    }),
  );
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / CALLS, wallUs: (wall * 1000) / CALLS };
}

function navigatorCpus(): number {
  return availableParallelism();
}

async function main(): Promise<void> {
  await connectOne(); // warm the module cache and the disk
  const one: number[] = [];
  const ten: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    one.push(await connectOne());
    ten.push(await connectTen());
    bare.push(await connectTenBare());
  }
  console.log(
    `connect: one server ${median(one).toFixed(0)} ms, ${SERVERS} in parallel through a group ${median(ten).toFixed(0)} ms (ratio ${(median(ten) / median(one)).toFixed(2)}), ` +
      `${SERVERS} bare Client.connects in parallel ${median(bare).toFixed(0)} ms (group/bare ${(median(ten) / median(bare)).toFixed(2)}); medians of ${ROUNDS}, ${navigatorCpus()} CPUs`,
  );

  await using group = new ClientGroup({ clientOptions: { mode: 'legacy', cache: false } });
  await group.connect('s', fixture());
  const client = group.client('s');
  const direct = () => client.callTool('echo', { text: 'x' });
  const routed = () => group.callTool('echo', { text: 'x' });
  await measure(direct);
  await measure(routed);
  const results = { direct: [] as { cpuUs: number; wallUs: number }[], routed: [] as { cpuUs: number; wallUs: number }[] };
  for (let round = 0; round < ROUNDS; round++) {
    // alternate which goes first, so a drift of the machine's load does not favour one
    if (round % 2 === 0) {
      results.direct.push(await measure(direct));
      results.routed.push(await measure(routed));
    } else {
      results.routed.push(await measure(routed));
      results.direct.push(await measure(direct));
    }
  }
  const cpu = (list: readonly { cpuUs: number }[]) => median(list.map((m) => m.cpuUs));
  const wall = (list: readonly { wallUs: number }[]) => median(list.map((m) => m.wallUs));
  const report = {
    servers: SERVERS,
    rounds: ROUNDS,
    calls: CALLS,
    concurrency: CONCURRENCY,
    cpus: availableParallelism(),
    connectOneMs: median(one),
    connectTenGroupMs: median(ten),
    connectTenBareMs: median(bare),
    connectRatio: median(ten) / median(one),
    callCpuUs: { client: cpu(results.direct), group: cpu(results.routed) },
    callWallUs: { client: wall(results.direct), group: wall(results.routed) },
    callCpuRatio: cpu(results.routed) / cpu(results.direct),
  };
  const resultsDir = join(ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'group.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `callTool (${CALLS} calls × ${ROUNDS} rounds, ${CONCURRENCY} in flight): client ${cpu(results.direct).toFixed(1)} µs CPU / ${wall(results.direct).toFixed(1)} µs wall per call, ` +
      `group ${cpu(results.routed).toFixed(1)} µs CPU / ${wall(results.routed).toFixed(1)} µs wall (CPU ratio ${(cpu(results.routed) / cpu(results.direct)).toFixed(3)}, target ≤ 1.10)`,
  );
}

await main();
