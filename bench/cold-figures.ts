/**
 * The cold-start figures (issue 17): what a fresh-process worker (`cold.ts`) reports, the targets,
 * and the table the `cold` part of `npm run bench` prints (medians of several fresh processes,
 * rxmcp beside the official client and the raw floor of the same run).
 */
import type { Era } from './clients/adapter.js';
import { fixed, formatTable } from './table.js';

/** Warm-up calls before the cold call figures (issue 17: 500). */
export const COLD_WARMUP = 500;
/** The call counts reported: CPU per call over the first n measured calls. */
export const COLD_CALLS = [1_000, 10_000] as const;

/** The clients a cold figure is measured for. */
export const COLD_CLIENTS = ['rxmcp', 'official', 'raw'] as const;
/** One of {@link COLD_CLIENTS}. */
export type ColdClient = (typeof COLD_CLIENTS)[number];
/** What a cold worker measures. */
export type ColdKind = 'import' | 'connect' | 'calls';

/** One figure of one fresh process. */
export interface ColdFigure {
  readonly kind: ColdKind;
  readonly client: ColdClient;
  readonly era?: Era;
  /** `import`, `connect`: client CPU (user + system) in µs. */
  readonly cpuMicros?: number;
  /** `import`, `connect`: wall time in ms. */
  readonly wallMs?: number;
  /** `calls`: client CPU µs per call over the first n measured calls, keyed by n. */
  readonly cpuMicrosPerCall?: Readonly<Record<string, number>>;
  readonly protocolVersion?: string;
}

/** One row of the cold table: a figure's median per client, the ratios and the targets. */
export interface ColdRow {
  readonly figure: string;
  readonly unit: string;
  readonly median: Readonly<Partial<Record<ColdClient, number>>>;
  readonly runs: number;
  readonly overOfficial: number | undefined;
  readonly overRaw: number | undefined;
  /** rxmcp/official must be at most this (issue 17). */
  readonly maxOverOfficial: number | undefined;
  /** rxmcp/raw must be at most this (issue 17). */
  readonly maxOverRaw: number | undefined;
  readonly meets: boolean | undefined;
}

/** A figure's row definition: how to read a value from a worker's figure, and its targets. */
export interface ColdRowSpec {
  readonly figure: string;
  readonly unit: string;
  readonly kind: ColdKind;
  readonly era?: Era;
  readonly value: (figure: ColdFigure) => number | undefined;
  readonly maxOverOfficial?: number;
  readonly maxOverRaw?: number;
}

/** The rows of the cold table, in order, with issue 17's targets. */
export const COLD_ROWS: readonly ColdRowSpec[] = [
  { figure: 'import rxmcp + rxmcp/node (CPU)', unit: 'ms', kind: 'import', value: (f) => (f.cpuMicros ?? Number.NaN) / 1000, maxOverOfficial: 0.8 },
  { figure: 'import (wall)', unit: 'ms', kind: 'import', value: (f) => f.wallMs },
  { figure: 'connect + first call, legacy (wall)', unit: 'ms', kind: 'connect', era: 'legacy', value: (f) => f.wallMs, maxOverOfficial: 1.0 },
  { figure: 'connect + first call, auto (wall)', unit: 'ms', kind: 'connect', era: 'modern', value: (f) => f.wallMs, maxOverOfficial: 0.5 },
  { figure: 'connect + first call, legacy (CPU)', unit: 'ms', kind: 'connect', era: 'legacy', value: (f) => (f.cpuMicros ?? Number.NaN) / 1000 },
  { figure: 'connect + first call, auto (CPU)', unit: 'ms', kind: 'connect', era: 'modern', value: (f) => (f.cpuMicros ?? Number.NaN) / 1000 },
  ...(['legacy', 'modern'] as const).flatMap((era) =>
    COLD_CALLS.map(
      (n): ColdRowSpec => ({
        figure: `CPU/call, first ${n.toLocaleString('en-US')} calls, ${era}`,
        unit: 'µs',
        kind: 'calls',
        era,
        value: (f) => f.cpuMicrosPerCall?.[String(n)],
        ...(n === 10_000 && { maxOverOfficial: 0.4, maxOverRaw: 1.5 }),
      }),
    ),
  ),
];

function median(values: readonly number[]): number | undefined {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The rows of the table from every worker's figure. */
export function coldRows(figures: readonly ColdFigure[]): ColdRow[] {
  return COLD_ROWS.map((spec) => {
    const medianOf: Partial<Record<ColdClient, number>> = {};
    let runs = 0;
    for (const client of COLD_CLIENTS) {
      const values = figures.filter((f) => f.kind === spec.kind && f.client === client && f.era === spec.era).map(spec.value).filter((v): v is number => v !== undefined);
      runs = Math.max(runs, values.length);
      const m = median(values);
      if (m !== undefined) medianOf[client] = m;
    }
    const ratio = (other: number | undefined): number | undefined => (medianOf.rxmcp === undefined || other === undefined || other === 0 ? undefined : medianOf.rxmcp / other);
    const overOfficial = ratio(medianOf.official);
    const overRaw = ratio(medianOf.raw);
    const checks = [
      spec.maxOverOfficial === undefined ? undefined : overOfficial === undefined ? undefined : overOfficial <= spec.maxOverOfficial,
      spec.maxOverRaw === undefined ? undefined : overRaw === undefined ? undefined : overRaw <= spec.maxOverRaw,
    ].filter((c): c is boolean => c !== undefined);
    const judged = spec.maxOverOfficial !== undefined || spec.maxOverRaw !== undefined;
    return {
      figure: spec.figure,
      unit: spec.unit,
      median: medianOf,
      runs,
      overOfficial,
      overRaw,
      maxOverOfficial: spec.maxOverOfficial,
      maxOverRaw: spec.maxOverRaw,
      meets: judged && checks.length > 0 ? checks.every(Boolean) : undefined,
    };
  });
}

/** The cold table as text. */
export function formatCold(rows: readonly ColdRow[]): string {
  const ratio = (value: number | undefined, max: number | undefined): string =>
    value === undefined ? 'n/a' : `${fixed(value, 2)}×${max === undefined ? '' : ` (≤ ${max})`}`;
  const headers = ['figure (median of fresh processes)', 'rxmcp', 'official', 'raw', 'rxmcp/official', 'rxmcp/raw', 'verdict'];
  const cell = (value: number | undefined, unit: string): string => (value === undefined ? 'n/a' : `${fixed(value, unit === 'ms' ? 1 : 2)} ${unit}`);
  return formatTable(
    headers,
    rows.map((row) => [
      row.figure,
      cell(row.median.rxmcp, row.unit),
      cell(row.median.official, row.unit),
      cell(row.median.raw, row.unit),
      ratio(row.overOfficial, row.maxOverOfficial),
      row.figure.startsWith('import') || row.figure.startsWith('connect') ? '' : ratio(row.overRaw, row.maxOverRaw),
      row.meets === undefined ? '' : row.meets ? 'ok' : 'MISSED',
    ]),
  );
}
