/**
 * A consumer of the published package, compiled by spec/types/published-types.spec.ts against the
 * built `.d.ts` with the strictest flags a user may have (see the tsconfigs beside this file). It
 * is never run: it only has to type-check, so it touches a representative slice of the API.
 */
import {
  CallbackError,
  CancelledError,
  Client,
  ConnectError,
  ConnectionClosedError,
  InvalidOptionError,
  McpError,
  ProtocolViolationError,
  RxMcpError,
  TimeoutError,
  TransportError,
  isResultEvent,
  streamableHttp,
  type CallOptions,
  type CallToolResult,
  type ClientOptions,
  type InputCallOptions,
  type RequestEvent,
  type Transport,
  type TransportKind,
} from 'rxmcp';
import { stdio, type StdioOptions } from 'rxmcp/node';
import { sha256Hex } from 'rxmcp/internal';
import { RedisResponseCacheStore, type RedisResponseCacheStoreOptions } from 'rxmcp/redis';
import type { Observable } from 'rxjs';

const stdioOptions: StdioOptions = { command: 'node', args: ['server.js'], maxMessageBytes: 1 << 20, shutdown: { termGraceMs: 1_000 } };
const options: ClientOptions = { mode: 'auto', requestTimeoutMs: 5_000, listMaxPages: 10, cache: { defaultTtlMs: 1_000 }, retry: false, logLevel: 'warning' };
const callOptions: CallOptions = { timeoutMs: 1_000, totalTimeoutMs: 10_000, signal: AbortSignal.timeout(5_000) };
const inputOptions: InputCallOptions = { timeoutMs: 1_000, cacheMode: 'bypass', allowInputRequired: false };

/** Connects, lists, calls, and tells the errors apart. */
export async function consume(): Promise<string> {
  await using client = await Client.connect(stdio(stdioOptions), options);
  const { tools } = await client.listTools({}, callOptions);
  const first = tools[0];
  if (first === undefined) return 'no tools';
  try {
    const result: CallToolResult = await client.callTool(first.name, { text: 'hi' }, inputOptions);
    const block = result.content[0];
    return block?.type === 'text' ? block.text : '';
  } catch (error) {
    if (error instanceof TimeoutError) return `${error.method} ${error.kind} ${error.timeoutMs}`;
    if (error instanceof McpError) return `${error.code} ${error.message}`;
    if (error instanceof ConnectError) return `${error.target} ${error.code ?? ''}`;
    if (error instanceof InvalidOptionError) return error.option;
    if (error instanceof CancelledError || error instanceof ConnectionClosedError || error instanceof ProtocolViolationError) return error.name;
    if (error instanceof TransportError || error instanceof CallbackError || error instanceof RxMcpError) return error.message;
    throw error;
  }
}

/** The Observable form: progress events (and task status events), then the result. */
export function consume$(client: Client): Observable<RequestEvent<CallToolResult>> {
  const events$ = client.callTool$('build', {}, { timeoutMs: 0 });
  events$.subscribe((event) => {
    if (isResultEvent(event)) void event.result.isError;
    else if (event.type === 'progress') void event.progress;
    else void event.status; // a task's status (the tasks extension)
  });
  return events$;
}

/** A URL target and an explicit HTTP transport. */
export async function consumeHttp(): Promise<void> {
  const byUrl = await Client.connect('http://localhost:3000/mcp', { headers: { 'X-Api-Key': 'k' } });
  await byUrl.close();
  const explicit = await Client.connect(streamableHttp('http://localhost:3000/mcp', { maxMessageBytes: 1 << 20 }));
  await explicit.close();
}

declare module 'rxmcp' {
  interface TransportKinds {
    /** A transport of the consumer's own, of a kind of its own. */
    'consumer-pipe': true;
  }
}

/** A transport's kind is open: a new kind is declared by augmenting `TransportKinds`, in the transport's own file. */
export const ownKind: Pick<Transport, 'kind'> = { kind: 'consumer-pipe' };
// @ts-expect-error a kind nobody declared
export const unknownKind: TransportKind = 'carrier-pigeon';

/** `rxmcp/redis`: a cache store shared across processes, passed as the client's cache store. */
export async function consumeRedis(): Promise<void> {
  const options: RedisResponseCacheStoreOptions = { url: 'redis://127.0.0.1:6379', keyPrefix: 'app:', commandTimeoutMs: 250 };
  await using store = new RedisResponseCacheStore(options);
  const ready: boolean = await store.ready(1_000);
  const client = await Client.connect('http://localhost:3000/mcp', { cache: { store, partition: ready ? 'tenant' : 'tenant' } });
  await client.close();
}

/** `rxmcp/internal` resolves through the package's `exports` too (no stability promise). */
export const digest: string = sha256Hex('rxmcp');

// The flags are in force (each line below is an error only under them):
// @ts-expect-error exactOptionalPropertyTypes: an optional option is absent, never `undefined`
export const explicitUndefined: CallOptions = { timeoutMs: undefined };
/** noUncheckedIndexedAccess: an element of a listing may be missing. */
export function firstToolName(result: { readonly tools: readonly { readonly name: string }[] }): string {
  // @ts-expect-error noUncheckedIndexedAccess
  return result.tools[0].name;
}
