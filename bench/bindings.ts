/**
 * The bindings figure (issue 12, "Speed"): part `bindings` of `npm run bench` (the built package),
 * or on its own with `npm run bench:bindings` (the sources). Writes bench/results/bindings.json.
 *
 * `BENCH_BINDING_NOTIFICATIONS` (default 100,000) notifications `notifications/acme/tick` `{ n }`
 * from the extension fixture over stdio (its `ticks` tool), through one `NotificationBinding`
 * whose handler counts them and checks their order: client CPU per delivery (process.cpuUsage,
 * from the call to the last delivery), how many were delivered, dropped (the queue's warnings)
 * and out of order. Against a raw floor: the same server and frames, read off the pipe, split
 * into lines and `JSON.parse`d, nothing else (the least any client must do).
 *
 * Nothing is asserted: figures are printed. The machine's other load shows in the numbers.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, type NotificationBinding } from 'rxmcp';
import { stdio } from 'rxmcp/node';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const FIXTURE = join(ROOT, 'spec', 'fixtures', 'extension-server.mjs');
const COUNT = Number(process.env['BENCH_BINDING_NOTIFICATIONS'] ?? 100_000);

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

async function throughBinding(): Promise<{ delivered: number; dropped: number; outOfOrder: number; cpuUsPerDelivery: number }> {
  let delivered = 0;
  let outOfOrder = 0;
  let last = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const binding: NotificationBinding<{ n: number }> = {
    method: 'notifications/acme/tick',
    handler: ({ n }) => {
      if (n <= last) outOfOrder++;
      last = n;
      delivered++;
      if (n === COUNT) done();
    },
  };
  const client = await Client.connect(stdio({ command: process.execPath, args: [FIXTURE] }), { mode: 'legacy', extensions: [{ identifier: 'acme.dev/ticks', notifications: () => [binding as NotificationBinding] }] });
  let dropped = 0;
  client.warnings$.subscribe((warning) => {
    if (warning.code === 'extension-queue-full') dropped++;
  });
  try {
    const cpu = process.cpuUsage();
    await client.callTool('ticks', { count: COUNT });
    await all;
    return { delivered, dropped, outOfOrder, cpuUsPerDelivery: cpuMicros(cpu) / COUNT };
  } finally {
    await client.close();
  }
}

/** The raw floor: the same frames split into lines and parsed. */
async function rawFloor(): Promise<{ parsed: number; cpuUsPerFrame: number }> {
  const child = spawn(process.execPath, [FIXTURE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const send = (message: object): void => void child.stdin.write(`${JSON.stringify(message)}\n`);
  let buffer = '';
  let parsed = 0;
  let onResponse: ((id: number) => void) | undefined;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffer.slice(0, newline)) as { id?: number; method?: string };
      buffer = buffer.slice(newline + 1);
      if (message.method !== undefined) parsed++;
      else if (message.id !== undefined) onResponse?.(message.id);
    }
  });
  const request = (id: number, method: string, params: object): Promise<void> =>
    new Promise((resolve) => {
      onResponse = (answered) => answered === id && resolve();
      send({ jsonrpc: '2.0', id, method, params });
    });
  await request(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const cpu = process.cpuUsage();
  parsed = 0;
  await request(2, 'tools/call', { name: 'ticks', arguments: { count: COUNT } });
  const cpuUsPerFrame = cpuMicros(cpu) / COUNT;
  child.stdin.end();
  return { parsed, cpuUsPerFrame };
}

const binding = await throughBinding();
const floor = await rawFloor();
const ratio = binding.cpuUsPerDelivery / floor.cpuUsPerFrame;
const results = { notifications: COUNT, binding, floor, ratio };
console.log(
  `bindings: ${COUNT.toLocaleString('en')} notifications through one binding: ${binding.delivered.toLocaleString('en')} delivered, ${binding.dropped} dropped (queue warnings), ${binding.outOfOrder} out of order; client CPU ${binding.cpuUsPerDelivery.toFixed(2)} µs per delivery`,
);
console.log(`bindings: raw floor (split + JSON.parse of the same frames) ${floor.cpuUsPerFrame.toFixed(2)} µs per frame (${floor.parsed.toLocaleString('en')} parsed); binding/floor ${ratio.toFixed(2)}×`);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'bindings.json'), `${JSON.stringify(results, null, 2)}\n`);
