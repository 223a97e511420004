/**
 * A legacy Streamable HTTP server that answers `tools/call` with a complete JSON body that is
 * not the answer to it: a response for another id, or an empty batch. The body ends; the answer
 * is never coming.
 */
import type { Misbehaviour } from './legacy-http-server.js';

/** Answers every `tools/call` with `body` (JSON). */
export function answersWithoutTheId(body: unknown): Misbehaviour {
  return (request, res) => {
    if (request.method !== 'POST' || request.body?.method !== 'tools/call') return false;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return true;
  };
}
