/** Text formatting of the results: the per-(client, era) tables and number formatting. */
import type { Measurement } from './measurement.js';

/** Lays out `rows` under `headers` in columns; the first column is left-aligned, the rest right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals and thousands separators. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
}

/** A count with thousands separators (`200,000`). */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** The main table: one row per (client, era) of one transport. */
export function formatMeasurements(measurements: readonly Measurement[]): string {
  const headers = ['client / era', 'version', 'CPU µs/call', 'calls/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'progress delivered', 'in order'];
  const rows = measurements.map((m) => [
    `${m.client} / ${m.era}`,
    m.protocolVersion,
    fixed(m.cpuMicrosPerCall, 1),
    fixed(m.callsPerSecond, 0),
    fixed(m.p50Ms, 2),
    fixed(m.p99Ms, 2),
    fixed(m.maxRssKb / 1024, 1),
    `${m.progressDelivered.toLocaleString('en-US')}/${m.progressSteps.toLocaleString('en-US')}`,
    m.progressInOrder ? 'yes' : 'NO',
  ]);
  return formatTable(headers, rows);
}
