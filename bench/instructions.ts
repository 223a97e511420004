/**
 * The process the `instructions` part of `npm run bench` runs under valgrind's cachegrind:
 *
 *   node instructions.js <rxmcp|official|raw> <legacy|modern> <calls> <fixture server path>
 *
 * It connects over stdio (era `modern` is the clients' `auto` mode), makes {@link COLD_WARMUP}
 * warm-up calls and then `calls` measured calls of `echo`, both at the bench's concurrency
 * (`BENCH_CONCURRENCY`, the pool of the cold worker), closes, and exits. It measures nothing
 * itself: the orchestrator runs it twice, with `calls` 0 and n, and divides the difference of the
 * two processes' instruction counts by n, so start-up, connect, warm-up and close cancel out.
 *
 * Prints one JSON line, an {@link InstructionRun}, so the orchestrator can tell a run that
 * completed (and in which protocol version) from one that did not.
 */
import type { Era } from './clients/adapter.js';
import { COLD_ADAPTERS, coldConcurrency } from './cold-adapters.js';
import { COLD_CLIENTS, COLD_WARMUP, type ColdClient } from './cold-figures.js';
import { EXPECTED_VERSION } from './config.js';
import { runPool } from './pool.js';

/** What one worker run reports. */
export interface InstructionRun {
  readonly client: ColdClient;
  readonly era: Era;
  readonly warmup: number;
  readonly calls: number;
  readonly concurrency: number;
  readonly protocolVersion: string;
}

async function main(): Promise<InstructionRun> {
  const [client, era, callsArg, serverPath] = process.argv.slice(2) as [ColdClient, Era, string | undefined, string | undefined];
  const calls = Number(callsArg);
  if (!COLD_CLIENTS.includes(client) || (era !== 'legacy' && era !== 'modern') || !Number.isInteger(calls) || calls < 0 || serverPath === undefined) {
    throw new Error(`usage: instructions <${COLD_CLIENTS.join('|')}> <legacy|modern> <calls> <fixture server path>`);
  }
  const concurrency = coldConcurrency();
  const { connect } = await COLD_ADAPTERS[client]();
  const connection = await connect(era, { transport: 'stdio', serverPath });
  if (connection.protocolVersion !== EXPECTED_VERSION[era]) throw new Error(`${client} / ${era}: negotiated ${connection.protocolVersion}, not ${EXPECTED_VERSION[era]}`);
  await runPool(COLD_WARMUP, concurrency, connection.call);
  await runPool(calls, concurrency, connection.call);
  await connection.close();
  return { client, era, warmup: COLD_WARMUP, calls, concurrency, protocolVersion: connection.protocolVersion };
}

main().then(
  (run) => {
    process.stdout.write(`${JSON.stringify(run)}\n`, () => process.exit(0));
  },
  (error: unknown) => {
    process.stderr.write(`instructions worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
