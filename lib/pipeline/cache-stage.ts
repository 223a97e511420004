/**
 * The cache stage, for the cacheable methods of the registry (the four listings and
 * `resources/read`) when the client has a response cache:
 *
 * - a listing's cursorless page goes through the cache (`cacheThrough`, sharing an identical
 *   fetch in flight); a page with a cursor never does, but a -32602 on it evicts the cached
 *   listing (`evictOnInvalidCursor`);
 * - `resources/read` is cached by URI; a round that carries `inputResponses` or a
 *   `requestState` (a seeded call, or a later `input_required` round, which the input-required
 *   stage outside this one sends through here) bypasses it, a MUST of SEP-2549, and an
 *   `input_required` first round is never stored;
 * - a call with `meta` refreshes instead of reading; `cacheMode` says the rest.
 *
 * A closed client never serves from its cache.
 */
import { defer } from 'rxjs';
import type { CacheMode } from '../cache/config.js';
import { cacheThrough } from '../operators/cache-through.js';
import { evictOnInvalidCursor } from '../operators/evict-on-invalid-cursor.js';
import { ConnectionClosedError } from '../protocol/errors.js';
import { methodEntry } from '../protocol/methods.js';
import type { McpRequest } from './mcp-request.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The cache stage of a client. */
export const cacheStage: StageFactory = (host: PipelineHost) => ({
  name: 'cache',
  appliesTo: (method) => host.cache !== undefined && methodEntry(method)?.cacheable === true,
  intercept: (request, next) =>
    defer(() => {
      const cache = host.cache!;
      const dispatcher = host.session.dispatcher;
      if (dispatcher.state !== 'open') throw dispatcher.closeReason ?? new ConnectionClosedError();
      const { method, params } = request;
      const version = host.session.protocolVersion!;
      if (method === 'resources/read') return next(request).pipe(cacheThrough(cache, { method, paramsKey: String(params?.uri), version, mode: readMode(request) }));
      if (params?.cursor !== undefined) return next(request).pipe(evictOnInvalidCursor(cache, { method, version, mode: listingMode(request) }));
      return next(request).pipe(cacheThrough(cache, { method, version, mode: listingMode(request) }));
    }),
});

/** A listing's cache mode: a call with `meta` refreshes instead of reading. */
function listingMode(request: McpRequest): CacheMode {
  const { cacheMode = 'use', meta } = request.options;
  return cacheMode === 'use' && meta !== undefined ? 'refresh' : cacheMode;
}

/** A read's cache mode: a seeded round bypasses the cache, `meta` refreshes. */
function readMode(request: McpRequest): CacheMode {
  const params = request.params;
  return params?.inputResponses !== undefined || params?.requestState !== undefined ? 'bypass' : listingMode(request);
}
