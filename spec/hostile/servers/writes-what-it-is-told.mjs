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
import { serveLines, write } from '../../fixtures/line-wire.mjs';

const held = [];
const text = (value) => ({ content: [{ type: 'text', text: value }] });
const TOOLS = [
  { name: 'hold', inputSchema: { type: 'object' } },
  { name: 'raw-result', inputSchema: { type: 'object', properties: { json: { type: 'string' } } } },
  { name: 'say', inputSchema: { type: 'object', properties: { b64: { type: 'string' } } } },
];

// the answer is what the handler returns; `undefined` when it answers itself (or holds the call)
serveLines((message) => {
  if (message.id === undefined) return undefined;
  if (message.method === 'initialize') {
    return { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'writes-what-it-is-told', version: '1' } };
  }
  if (message.method === 'ping') return {};
  if (message.method === 'tools/list') return { tools: TOOLS };
  if (message.method === 'tools/call' && message.params?.name === 'hold') {
    held.push(message.id);
    return undefined;
  }
  if (message.method === 'tools/call' && message.params?.name === 'say') {
    process.stdout.write(Buffer.from(String(message.params.arguments?.b64 ?? ''), 'base64'));
    for (const id of held.splice(0)) write({ jsonrpc: '2.0', id, result: text(`held ${id}`) });
    return text('said');
  }
  if (message.method === 'tools/call' && message.params?.name === 'raw-result') {
    process.stdout.write(`{"jsonrpc":"2.0","id":${JSON.stringify(message.id)},"result":${message.params.arguments?.json}}\n`);
    return undefined;
  }
  throw Object.assign(new Error('Method not found'), { code: -32601 });
});
