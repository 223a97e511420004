/**
 * A legacy Streamable HTTP server that hands out a session id with every `initialize` and then
 * answers 404 (session not found) to every request that carries one, its own new sessions
 * included: re-initializing never helps.
 */
import type { Misbehaviour } from './legacy-http-server.js';

/** 404 `-32001 Session not found` to every request with `Mcp-Session-Id`. */
export function forgetsEverySession(): Misbehaviour {
  return (request, res) => {
    if (request.headers['mcp-session-id'] === undefined) return false;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
    return true;
  };
}
