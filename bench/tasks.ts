/**
 * The tasks figures (issue 12, "Speed"): part `tasks` of `npm run bench` (the built package), or
 * on their own with `npm run bench:tasks` (the sources). Writes
 * bench/results/tasks.json. Against the hand-written 2026-07-28 tasks fixture over stdio:
 *
 * 1. Client CPU per completed task (`tools/call` answered with a task, `BENCH_TASK_POLLS` polls
 *    of `tasks/get`, the result), `BENCH_TASKS` tasks, `BENCH_TASK_CONCURRENCY` in flight, with
 *    the poll interval's lower bound at 0 so the figure is the client's work, not its waiting.
 * 2. The wire requests of one task that runs 5 s with `pollIntervalMs: 500`, counted
 *    by the server (the `stats` tool): expect about 12 (one call, the `subscriptions/listen` asking
 *    for pushed statuses, which this fixture declines for it, and ten polls), not hundreds.
 *
 * Nothing is asserted: figures are printed. The machine's other load shows in the numbers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'rxmcp';
import { stdio } from 'rxmcp/node';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const FIXTURE = join(ROOT, 'spec', 'fixtures', 'tasks-server.mjs');
const TASKS = Number(process.env['BENCH_TASKS'] ?? 200);
const POLLS = Number(process.env['BENCH_TASK_POLLS'] ?? 3);
const CONCURRENCY = Number(process.env['BENCH_TASK_CONCURRENCY'] ?? 10);

const fixture = () => stdio({ command: process.execPath, args: [FIXTURE] });

async function cpuPerTask(): Promise<{ tasks: number; polls: number; cpuUsPerTask: number; wallMsPerTask: number }> {
  const client = await Client.connect(fixture(), { mode: '2026-07-28', tasks: { minPollIntervalMs: 0 } });
  try {
    await client.callTool('complete', { polls: POLLS, interval: 0 }); // warm-up
    const cpu = process.cpuUsage();
    const start = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next++ < TASKS) await client.callTool('complete', { polls: POLLS, interval: 0 });
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const used = process.cpuUsage(cpu);
    return { tasks: TASKS, polls: POLLS, cpuUsPerTask: (used.user + used.system) / TASKS, wallMsPerTask: (performance.now() - start) / TASKS };
  } finally {
    await client.close();
  }
}

async function wireOfFiveSecondTask(): Promise<{ requests: number; byMethod: Record<string, number> }> {
  const client = await Client.connect(fixture(), { mode: '2026-07-28' });
  try {
    await client.callTool('timed', { ms: 5_000, interval: 500 });
    const stats = await client.callTool('stats');
    const counts = JSON.parse((stats.content[0] as { text: string }).text) as Record<string, number>;
    // the listen that asks for pushed statuses counts too (this fixture declines it for `timed`, so the task is polled)
    const byMethod = { 'tools/call': (counts['tools/call'] ?? 0) - 1, 'tasks/get': counts['tasks/get'] ?? 0, 'subscriptions/listen': counts['subscriptions/listen'] ?? 0 };
    return { requests: byMethod['tools/call'] + byMethod['tasks/get'] + byMethod['subscriptions/listen'], byMethod };
  } finally {
    await client.close();
  }
}

const cpu = await cpuPerTask();
const wire = await wireOfFiveSecondTask();
const results = { cpu, wire };
console.log(`tasks: client CPU ${cpu.cpuUsPerTask.toFixed(0)} µs per completed task (${cpu.polls} polls each, ${cpu.tasks} tasks, wall ${cpu.wallMsPerTask.toFixed(2)} ms/task)`);
console.log(`tasks: a 5 s task at pollIntervalMs 500 cost ${wire.requests} wire requests (${JSON.stringify(wire.byMethod)})`);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'tasks.json'), `${JSON.stringify(results, null, 2)}\n`);
