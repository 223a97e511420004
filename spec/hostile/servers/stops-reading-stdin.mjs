#!/usr/bin/env node
/**
 * A hostile stdio server that answers `initialize` (legacy handshake; `server/discover` is refused
 * with -32601) and then never reads its stdin again, while it keeps running: the pipe fills up and
 * every write of the client meets backpressure. It exits when its stdin is closed... never, since
 * it no longer reads: the client's shutdown (SIGTERM) ends it.
 */
import { answerLegacyHandshake, readMessages } from './legacy-handshake.mjs';

const listener = readMessages((message) => {
  if (answerLegacyHandshake(message, 'stops-reading-stdin') && message.method === 'initialize') {
    // from here on, nothing is read: no 'data' listener, the stream paused
    process.stdin.off('data', listener);
    process.stdin.pause();
  }
});
setInterval(() => undefined, 60_000);
