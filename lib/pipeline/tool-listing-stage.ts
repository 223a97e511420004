/**
 * The tool-listing stage, just outside the cache: every first page of `tools/list` the client
 * hands out, a cache hit too, teaches the session the tools' output schemas and `x-mcp-header`
 * bindings (a fetched page teaches it when decoded; a hit of a page another client stored would
 * otherwise teach nothing). Only with a cache: without one every page is fetched and decoded.
 */
import { tap } from 'rxjs';
import type { ListToolsResult } from '../protocol/schemas/tools.js';
import type { PipelineHost, StageFactory } from './stage.js';

/** The tool-listing stage of a client. */
export const toolListingStage: StageFactory = (host: PipelineHost) => ({
  name: 'tool-listing',
  appliesTo: (method) => host.cache !== undefined && method === 'tools/list',
  intercept: (request, next) =>
    request.params?.cursor !== undefined ? next(request) : next(request).pipe(tap((event) => event.type === 'result' && host.absorbTools(event.result as ListToolsResult))),
});
