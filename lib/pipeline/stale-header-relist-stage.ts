/**
 * The stale-header relist stage, for `tools/call` on 2026-07-28 connections: a server that
 * rejects a call's `Mcp-Param-*` headers (-32020: they were computed from a stale listing, or
 * none) makes the client re-list the tools (never from the cache) and send the call once more,
 * described afresh so its headers come from the new listing. A second -32020 fails the call.
 */
import { catchError, concatMap, from, throwError } from 'rxjs';
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError } from '../protocol/errors.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** True for a -32020 header mismatch. */
function headersWereStale(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.HeaderMismatch;
}

/** The stale-header relist stage of a client. */
export const staleHeaderRelistStage: StageFactory = (host: PipelineHost) => ({
  name: 'stale-header-relist',
  appliesTo: (method) => method === 'tools/call' && host.session.era === 'modern',
  intercept: (request, next) =>
    next(request).pipe(catchError((error: unknown) => (headersWereStale(error) ? from(host.relistTools()).pipe(concatMap(() => next(request.redescribed()))) : throwError(() => error)))),
  needsError: (_request, error) => headersWereStale(error),
});
