#!/usr/bin/env node
/**
 * A hostile stdio server that writes every message one byte at a time, each byte in its own
 * write a turn of the event loop apart, so every multi-byte UTF-8 character reaches the client
 * split inside its code point. It answers `initialize`, `tools/list` (one tool, `echo`) and
 * `tools/call echo {text}` (the text back), and nothing else.
 */
import { createInterface } from 'node:readline';

let queue = Promise.resolve();
const drip = (message) => {
  const bytes = Buffer.from(`${JSON.stringify(message)}\n`, 'utf8');
  queue = queue.then(async () => {
    for (const byte of bytes) {
      await new Promise((resolve) => process.stdout.write(Buffer.of(byte), resolve));
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.id === undefined) return;
  const answer = (result) => drip({ jsonrpc: '2.0', id: message.id, result });
  if (message.method === 'initialize') answer({ protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'drips-one-byte-at-a-time', version: '1' } });
  else if (message.method === 'tools/list') answer({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] });
  else if (message.method === 'tools/call') answer({ content: [{ type: 'text', text: String(message.params?.arguments?.text) }] });
  else drip({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
});
process.stdin.on('end', () => queue.then(() => process.exit(0)));
