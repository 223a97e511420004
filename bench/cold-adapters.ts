/**
 * The client adapters of the fresh-process workers (`cold.ts`, `instructions.ts`), each loaded on
 * first use, so that nothing of a client is imported before the worker asks for it.
 */
import type { Connect } from './clients/adapter.js';
import type { ColdClient } from './cold-figures.js';

/** Loads the adapter of a cold client (rxmcp, the official client or the raw floor). */
export const COLD_ADAPTERS: Readonly<Record<ColdClient, () => Promise<{ readonly connect: Connect }>>> = {
  rxmcp: () => import('./clients/rxmcp.js'),
  official: () => import('./clients/official.js'),
  raw: () => import('./clients/raw.js'),
};

/** The calls in flight of the fresh-process workers: `BENCH_CONCURRENCY`, default 64. */
export function coldConcurrency(): number {
  return Math.max(1, Number(process.env.BENCH_CONCURRENCY ?? 64) || 64);
}
