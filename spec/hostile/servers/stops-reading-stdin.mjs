#!/usr/bin/env node
/**
 * A hostile stdio server that answers `initialize` (legacy handshake; `server/discover` is refused
 * with -32601) and then never reads its stdin again, while it keeps running: the pipe fills up and
 * every write of the client meets backpressure. It exits when its stdin is closed... never, since
 * it no longer reads: the client's shutdown (SIGTERM) ends it.
 */
let buffered = '';
const onData = (chunk) => {
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
        `${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'stops-reading-stdin', version: '0.0.1' } } })}\n`,
      );
      // from here on, nothing is read: no 'data' listener, the stream paused
      process.stdin.off('data', onData);
      process.stdin.pause();
      return;
    }
  }
};
process.stdin.on('data', onData);
setInterval(() => undefined, 60_000);
