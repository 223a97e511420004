/**
 * rxmcp over HTTP on the `fetch` path (the path before issue 18, and the browser's): the same
 * adapter as `rxmcp.ts` with `fetch` passed, so the same run shows the undici path against it.
 */
import { Client } from 'rxmcp';
import type { BenchConnection, BenchTarget, Era } from './adapter.js';
import { benchConnection } from './rxmcp.js';

/** Connects rxmcp on `fetch`, in `mode: 'legacy'` (legacy era) or `mode: 'auto'` (modern era). */
export async function connect(era: Era, target: BenchTarget): Promise<BenchConnection> {
  if (target.transport !== 'http') throw new Error('rxmcp-fetch is an HTTP client');
  const mode = era === 'legacy' ? 'legacy' : 'auto';
  const client = await Client.connect(target.url, { mode, httpTransport: 'streamable-http', fetch: globalThis.fetch.bind(globalThis) });
  return benchConnection(client);
}
