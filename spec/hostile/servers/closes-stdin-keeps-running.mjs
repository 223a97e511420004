#!/usr/bin/env node
/**
 * A hostile stdio server that answers `initialize` (legacy handshake; `server/discover` is refused
 * with -32601), then closes its stdin (the stream and file descriptor 0) and keeps running: every later write of the client fails
 * with EPIPE, and the process never exits on its own. It says `stdin destroyed` on stderr once
 * it has.
 */
import { closeSync } from 'node:fs';

let buffered = '';
process.stdin.on('data', (chunk) => {
  buffered += chunk.toString('utf8');
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    const message = JSON.parse(line);
    if (message.method === 'server/discover') {
      process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } })}\n`);
    } else if (message.method === 'initialize') {
      process.stdout.write(
        `${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'closes-stdin-keeps-running', version: '0.0.1' } } })}\n`,
      );
    } else if (message.method === 'notifications/initialized') {
      // destroy() alone leaves fd 0 open (Node keeps its stdio descriptors): close it for real
      process.stdin.destroy();
      closeSync(0);
      // tells the test the pipe is broken now (a pipe says so only to the next write)
      process.stderr.write('stdin destroyed\n');
      return;
    }
  }
});
setInterval(() => undefined, 60_000);
