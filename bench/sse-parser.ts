/**
 * Micro-benchmark of the SSE parser (`lib/transport/http/sse-parser.ts`, on bytes) against its
 * baseline before issue 18 (`sse-parser-baseline.ts`, which decoded every chunk and scanned the
 * text). Run: `npx tsx bench/sse-parser.ts`. Four streams, each parsed by both, best of
 * `SSE_BENCH_ROUNDS` (default 7) rounds, interleaved; CPU time of the parsing only (the chunks
 * are made beforehand). Reported, never asserted; on a shared machine compare the ratios.
 */
import { SseParser } from '../lib/transport/http/sse-parser.js';
import { SseParser as BaselineParser } from './sse-parser-baseline.js';

interface Parser {
  push(chunk: Uint8Array): void;
}
type Make = (onEvent: () => void) => Parser;

const makers: Readonly<Record<string, Make>> = {
  baseline: (onEvent) => new BaselineParser({ event: onEvent }),
  bytes: (onEvent) => new SseParser({ event: onEvent }),
};

const encoder = new TextEncoder();
const answer = (i: number, text: string): string =>
  `event: message\nid: ${i}\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: i, result: { content: [{ type: 'text', text }], structuredContent: { text } } })}\n\n`;
const progress = (i: number): string => `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: i, total: 20_000 } })}\n\n`;

/** Splits `text`'s bytes into chunks of `size`. */
function chunked(text: string, size: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.slice(offset, offset + size));
  return chunks;
}

interface Workload {
  readonly name: string;
  /** The streams to parse: each a list of chunks, parsed by a fresh parser. */
  readonly streams: readonly (readonly Uint8Array[])[];
  readonly events: number;
}

const workloads: Workload[] = [
  // one answer per response body, one chunk each: what every HTTP call reads
  { name: 'answers: 20,000 responses of one event, one chunk each', streams: Array.from({ length: 20_000 }, (_, i) => [encoder.encode(answer(i, 'hi'))]), events: 20_000 },
  // a progress flood: many small events per 16 KiB chunk, events split across chunks
  { name: 'progress: 20,000 events in 16 KiB chunks', streams: [chunked(Array.from({ length: 20_000 }, (_, i) => progress(i)).join(''), 16_384)], events: 20_000 },
  // non-ASCII text, one event per chunk
  { name: 'non-ASCII: 20,000 events of 1 KiB of accented text', streams: [Array.from({ length: 20_000 }, (_, i) => encoder.encode(answer(i, 'héllo wörld ß ✓ '.repeat(60))))], events: 20_000 },
  // one large event: a 30 MB tool result in 64 KiB chunks
  { name: 'large: one 30 MB event in 64 KiB chunks', streams: [chunked(answer(1, 'x'.repeat(30 * 1024 * 1024)), 65_536)], events: 1 },
];

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function run(make: Make, workload: Workload): number {
  let events = 0;
  const started = cpuMs();
  for (const stream of workload.streams) {
    const parser = make(() => events++);
    for (const chunk of stream) parser.push(chunk);
  }
  const spent = cpuMs() - started;
  if (events !== workload.events) throw new Error(`${workload.name}: ${events} events, expected ${workload.events}`);
  return spent;
}

const rounds = Number(process.env.SSE_BENCH_ROUNDS ?? 7);
const rows: string[] = [];
for (const workload of workloads) {
  const best: Record<string, number> = { baseline: Infinity, bytes: Infinity };
  for (let round = 0; round < rounds; round++) for (const [name, make] of Object.entries(makers)) best[name] = Math.min(best[name]!, run(make, workload));
  const bytes = workload.streams.reduce((sum, stream) => sum + stream.reduce((s, chunk) => s + chunk.length, 0), 0);
  const mbps = (ms: number): string => ((bytes / 1024 / 1024) / (ms / 1000)).toFixed(0).padStart(6);
  rows.push(
    `${workload.name}\n  baseline ${best.baseline!.toFixed(1).padStart(8)} ms  ${mbps(best.baseline!)} MB/s\n  bytes    ${best.bytes!.toFixed(1).padStart(8)} ms  ${mbps(best.bytes!)} MB/s   bytes/baseline ${(best.bytes! / best.baseline!).toFixed(2)}×`,
  );
}
process.stdout.write(`SSE parser, CPU ms (best of ${rounds})\n\n${rows.join('\n\n')}\n`);
