#!/usr/bin/env node
/**
 * A hostile stdio server that writes to stdout whatever bytes it is told to. It answers
 * `initialize`, `ping` and `tools/list` (tools `hold` and `say`) correctly; `tools/call hold`
 * is held unanswered; `tools/call say {b64}` writes the base64-decoded bytes raw to stdout (junk
 * lines, cut messages, invalid UTF-8, anything), then answers every held call and the `say` call;
 * `tools/call raw-result {json}` answers with the text `json` spliced in verbatim as the result
 * (so it can carry own `__proto__` keys, duplicate keys, anything).
 * Used by the fuzzer (spec/hostile/fuzz.spec.ts) to feed invalid lines over a real pipe while
 * requests are in flight.
 */
import { createInterface } from 'node:readline';

const held = [];
const write = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const text = (value) => ({ content: [{ type: 'text', text: value }] });
const TOOLS = [
  { name: 'hold', inputSchema: { type: 'object' } },
  { name: 'raw-result', inputSchema: { type: 'object', properties: { json: { type: 'string' } } } },
  { name: 'say', inputSchema: { type: 'object', properties: { b64: { type: 'string' } } } },
];

createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.id === undefined) return;
  const answer = (result) => write({ jsonrpc: '2.0', id: message.id, result });
  if (message.method === 'initialize') {
    answer({ protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'writes-what-it-is-told', version: '1' } });
  } else if (message.method === 'ping') answer({});
  else if (message.method === 'tools/list') answer({ tools: TOOLS });
  else if (message.method === 'tools/call' && message.params?.name === 'hold') held.push(message.id);
  else if (message.method === 'tools/call' && message.params?.name === 'say') {
    process.stdout.write(Buffer.from(String(message.params.arguments?.b64 ?? ''), 'base64'));
    for (const id of held.splice(0)) write({ jsonrpc: '2.0', id, result: text(`held ${id}`) });
    answer(text('said'));
  } else if (message.method === 'tools/call' && message.params?.name === 'raw-result') {
    process.stdout.write(`{"jsonrpc":"2.0","id":${JSON.stringify(message.id)},"result":${message.params.arguments?.json}}\n`);
  } else write({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
});
