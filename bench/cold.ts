/**
 * One cold-start figure in a fresh process (issue 17), for the `cold` part of `npm run bench`:
 *
 *   node cold.js import  <rxmcp|official|raw>
 *   node cold.js connect <rxmcp|official|raw> <legacy|modern> <fixture server path>
 *   node cold.js calls   <rxmcp|official|raw> <legacy|modern> <fixture server path>
 *
 * - `import`: the client CPU (user + system) and wall time of importing what a stdio client needs:
 *   `rxmcp` + `rxmcp/node`; the official client's `@modelcontextprotocol/client` +
 *   `@modelcontextprotocol/client/stdio`; the raw floor's own module.
 * - `connect`: wall time and client CPU from the start of the connect (the client's modules already
 *   imported) to the first `echo` answered, over stdio; the era `modern` is the clients' `auto` mode.
 * - `calls`: after {@link COLD_WARMUP} warm-up calls, the client CPU per call over the first 1,000
 *   and the first 10,000 measured calls (one process gives both: the 1,000 are the first of the 10,000),
 *   at the bench's concurrency.
 *
 * Prints one JSON line: a {@link ColdFigure}. Nothing is imported before the measured import.
 */
import type { Era } from './clients/adapter.js';
import { COLD_ADAPTERS, coldConcurrency } from './cold-adapters.js';
import { COLD_CALLS, COLD_CLIENTS, COLD_WARMUP, type ColdClient, type ColdFigure, type ColdKind } from './cold-figures.js';
import { runPool } from './pool.js';

/** Imports what a stdio client of `client` needs (the measured import). */
async function importClient(client: ColdClient): Promise<void> {
  if (client === 'rxmcp') {
    await import('rxmcp');
    await import('rxmcp/node');
  } else if (client === 'official') {
    await import('@modelcontextprotocol/client');
    await import('@modelcontextprotocol/client/stdio');
  } else {
    await import('./raw-client.js');
  }
}

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

async function main(): Promise<ColdFigure> {
  const [kind, client, era, serverPath] = process.argv.slice(2) as [ColdKind, ColdClient, Era | undefined, string | undefined];
  if (!COLD_CLIENTS.includes(client)) throw new Error(`usage: cold <import|connect|calls> <${COLD_CLIENTS.join('|')}> [<legacy|modern> <server path>]`);
  if (kind === 'import') {
    const cpu = cpuNow();
    const wall = performance.now();
    await importClient(client);
    return { kind, client, cpuMicros: cpuNow() - cpu, wallMs: performance.now() - wall };
  }
  if ((era !== 'legacy' && era !== 'modern') || serverPath === undefined) throw new Error(`cold ${kind}: needs an era and the fixture server's path`);
  const { connect } = await COLD_ADAPTERS[client]();
  const target = { transport: 'stdio', serverPath } as const;
  if (kind === 'connect') {
    const cpu = cpuNow();
    const wall = performance.now();
    const connection = await connect(era, target);
    const first = (await connection.call()) as { content?: { text?: unknown }[] };
    const figure: ColdFigure = { kind, client, era, cpuMicros: cpuNow() - cpu, wallMs: performance.now() - wall, protocolVersion: connection.protocolVersion };
    if (first.content?.[0]?.text !== 'hi') throw new Error(`${client}: echo answered ${JSON.stringify(first)}`);
    await connection.close();
    return figure;
  }
  const concurrency = coldConcurrency();
  const connection = await connect(era, target);
  await runPool(COLD_WARMUP, concurrency, connection.call);
  const perCall: Record<string, number> = {};
  const start = cpuNow();
  let done = 0;
  for (const n of COLD_CALLS) {
    await runPool(n - done, concurrency, connection.call);
    done = n;
    perCall[String(n)] = (cpuNow() - start) / n;
  }
  await connection.close();
  return { kind, client, era, cpuMicrosPerCall: perCall, protocolVersion: connection.protocolVersion };
}

main().then(
  (figure) => {
    process.stdout.write(`${JSON.stringify(figure)}\n`);
    setTimeout(() => process.exit(0), 2_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`cold worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
