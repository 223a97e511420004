#!/usr/bin/env node
/**
 * A hostile stdio server that answers `initialize` (legacy handshake; `server/discover` is refused
 * with -32601), then closes its stdin (the stream and file descriptor 0) and keeps running: every
 * later write of the client fails with EPIPE, and the process never exits on its own. It says
 * `stdin destroyed` on stderr once it has.
 */
import { closeSync } from 'node:fs';
import { answerLegacyHandshake, readMessages } from './legacy-handshake.mjs';

readMessages((message) => {
  if (answerLegacyHandshake(message, 'closes-stdin-keeps-running')) return;
  if (message.method === 'notifications/initialized') {
    // destroy() alone leaves fd 0 open (Node keeps its stdio descriptors): close it for real
    process.stdin.destroy();
    closeSync(0);
    // tells the test the pipe is broken now (a pipe says so only to the next write)
    process.stderr.write('stdin destroyed\n');
  }
});
setInterval(() => undefined, 60_000);
