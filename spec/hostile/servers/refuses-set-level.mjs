#!/usr/bin/env node
/**
 * A legacy server (hand-written, newline-delimited JSON-RPC) that advertises the `logging`
 * capability but answers `logging/setLevel` with a JSON-RPC error. With `--no-logging` it does
 * not advertise `logging` (and still refuses the request, should a client send it); with
 * `--ignore-set-level` it never answers `logging/setLevel` at all.
 * Its one tool, `log`, sends a `notifications/message` at the given level (it never filters).
 * Every message it received is recorded; the tool `received` returns their methods.
 */
import { createInterface } from 'node:readline';

const logging = !process.argv.includes('--no-logging');
const ignoreSetLevel = process.argv.includes('--ignore-set-level');
const received = [];
const write = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const result = (id, value) => write({ jsonrpc: '2.0', id, result: value });

createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
  const message = JSON.parse(line);
  received.push(message.method ?? 'response');
  if (message.id === undefined || message.method === undefined) return;
  const { id, method, params } = message;
  switch (method) {
    case 'initialize':
      return result(id, {
        protocolVersion: '2025-11-25',
        capabilities: logging ? { tools: {}, logging: {} } : { tools: {} },
        serverInfo: { name: 'refuses-set-level', version: '0.0.1' },
      });
    case 'logging/setLevel':
      if (ignoreSetLevel) return;
      return write({ jsonrpc: '2.0', id, error: { code: -32603, message: 'setLevel is broken here' } });
    case 'tools/list':
      return result(id, { tools: [{ name: 'log', inputSchema: { type: 'object' } }, { name: 'received', inputSchema: { type: 'object' } }] });
    case 'tools/call':
      if (params.name === 'received') return result(id, { content: [{ type: 'text', text: received.join(',') }] });
      write({ jsonrpc: '2.0', method: 'notifications/message', params: { level: params.arguments.level, data: 'hello' } });
      return result(id, { content: [{ type: 'text', text: 'logged' }] });
    default:
      return write({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
  }
});
