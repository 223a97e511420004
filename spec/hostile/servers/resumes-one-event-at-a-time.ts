/**
 * A legacy Streamable HTTP server whose response streams never finish: it answers `tools/call`
 * with a `text/event-stream` carrying one event (with an event id and `retry: 1`) and then
 * breaks the connection, and does the same to every resumption (GET with `Last-Event-ID`). Each
 * event is progress of a sort, so a client that resets its attempt count on every event resumes
 * forever.
 */
import type { Misbehaviour } from './legacy-http-server.js';

/** The misbehaviour; `resumes()` counts the GETs with `Last-Event-ID` it answered. */
export function resumesOneEventAtATime(): { misbehave: Misbehaviour; resumes: () => number } {
  let eventId = 0;
  let resumes = 0;
  const misbehave: Misbehaviour = (request, res) => {
    const isCall = request.method === 'POST' && request.body?.method === 'tools/call';
    const isResume = request.method === 'GET' && request.headers['last-event-id'] !== undefined;
    if (!isCall && !isResume) return false;
    if (isResume) resumes++;
    eventId++;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const event = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: `event ${eventId}` } };
    // the event reaches the client, then the connection breaks
    res.write(`id: ${eventId}\nretry: 1\nevent: message\ndata: ${JSON.stringify(event)}\n\n`, () => res.destroy());
    return true;
  };
  return { misbehave, resumes: () => resumes };
}
