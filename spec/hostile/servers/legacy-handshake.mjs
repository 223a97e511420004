/**
 * What the hand-written hostile stdio servers share: reading stdin as newline-delimited JSON-RPC,
 * and the legacy handshake (`server/discover` refused with -32601, `initialize` answered with
 * 2025-11-25), so each server file holds only the way it misbehaves.
 */

/**
 * Calls `onMessage` with every message read from stdin, in order. Returns the `data` listener, so a
 * server can stop reading (`process.stdin.off('data', listener)`).
 */
export function readMessages(onMessage) {
  let buffered = '';
  const listener = (chunk) => {
    buffered += chunk.toString('utf8');
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      onMessage(JSON.parse(line));
    }
  };
  process.stdin.on('data', listener);
  return listener;
}

/** Writes one message to stdout, as one line. */
export function send(message) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

/**
 * Answers `message` when it is part of the legacy handshake (`server/discover` is refused, so the
 * client falls back to `initialize`, which is answered as server `name`). True when it was.
 */
export function answerLegacyHandshake(message, name) {
  if (message.method === 'server/discover') {
    send({ id: message.id, error: { code: -32601, message: 'Method not found' } });
    return true;
  }
  if (message.method === 'initialize') {
    send({ id: message.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name, version: '0.0.1' } } });
    return true;
  }
  return false;
}
