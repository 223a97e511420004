/**
 * The figures of the `instructions` part of `npm run bench`: instructions per call of each client
 * and era, from the cachegrind counts of two processes (0 and n calls after the same warm-up), the
 * rxmcp ratios, and the table the part prints.
 */
import type { Era } from './clients/adapter.js';
import type { ColdClient } from './cold-figures.js';
import type { InstructionCounts } from './cachegrind.js';
import { byCategory, CATEGORY_LABELS, CATEGORY_NOTES, INSTRUCTION_CATEGORIES, type InstructionCategory } from './instruction-categories.js';
import { count, fixed, formatTable } from './table.js';

/** The instructions of one process in all and per category. */
export interface ProcessInstructions {
  /** Measured calls the process made after its warm-up (0 for the baseline). */
  readonly calls: number;
  readonly total: number;
  readonly categories: Readonly<Record<InstructionCategory, number>>;
}

/** Instructions per call, in all, without the garbage collector's, and per category. */
export interface InstructionsPerCall {
  readonly total: number;
  /** `total` less the GC's: the headline (GC work depends on timers, so it varies under valgrind). */
  readonly withoutGc: number;
  readonly categories: Readonly<Record<InstructionCategory, number>>;
}

/**
 * The measured calls in two halves (a third process stops halfway): where a client's first calls
 * cost more than its later ones. The optimizing compiler's work, done once for each hot function
 * (its cost grows with the function's code), falls mostly in the first half; the second half is
 * close to the code's running cost.
 */
export interface InstructionHalves {
  /** Calls in the first half (the halfway process's measured calls). */
  readonly split: number;
  readonly first: InstructionsPerCall;
  readonly second: InstructionsPerCall;
  readonly halfway: ProcessInstructions;
}

/** One client in one era: its two processes and the difference per call. */
export interface InstructionFigure {
  readonly client: ColdClient;
  readonly era: Era;
  readonly protocolVersion: string;
  readonly warmup: number;
  readonly concurrency: number;
  readonly perCall: InstructionsPerCall;
  readonly baseline: ProcessInstructions;
  readonly measured: ProcessInstructions;
  /** The same calls by half, when the halfway process ran. */
  readonly halves?: InstructionHalves;
}

/** rxmcp's instructions per call without GC over the official client's and the raw floor's, in one era. */
export interface InstructionRatio {
  readonly era: Era;
  readonly rxmcpOverOfficial: number | undefined;
  readonly rxmcpOverRaw: number | undefined;
}

/** One process's counts, summed per category. */
export function processInstructions(calls: number, counts: InstructionCounts): ProcessInstructions {
  return { calls, total: counts.total, categories: byCategory(counts.byFunction) };
}

/** Instructions per call: the measured process less the baseline, over the measured calls. */
export function perCall(baseline: ProcessInstructions, measured: ProcessInstructions): InstructionsPerCall {
  const calls = measured.calls - baseline.calls;
  if (calls <= 0) throw new Error(`instructions per call: the measured process made ${measured.calls} calls, the baseline ${baseline.calls}`);
  const categories = Object.fromEntries(
    INSTRUCTION_CATEGORIES.map((category) => [category, (measured.categories[category] - baseline.categories[category]) / calls]),
  ) as Record<InstructionCategory, number>;
  const total = (measured.total - baseline.total) / calls;
  return { total, withoutGc: total - categories.gc, categories };
}

/** The halves of `measured`'s calls, split by the `halfway` process (between the baseline and the measured one). */
export function halvesOf(baseline: ProcessInstructions, halfway: ProcessInstructions, measured: ProcessInstructions): InstructionHalves {
  return { split: halfway.calls - baseline.calls, first: perCall(baseline, halfway), second: perCall(halfway, measured), halfway };
}

/** The rxmcp ratios of every era that has figures. */
export function instructionRatios(figures: readonly InstructionFigure[]): InstructionRatio[] {
  const eras = [...new Set(figures.map((figure) => figure.era))];
  return eras.map((era) => {
    const withoutGc = (client: ColdClient): number | undefined => figures.find((f) => f.era === era && f.client === client)?.perCall.withoutGc;
    const rxmcp = withoutGc('rxmcp');
    const over = (other: number | undefined): number | undefined => (rxmcp === undefined || other === undefined || other <= 0 ? undefined : rxmcp / other);
    return { era, rxmcpOverOfficial: over(withoutGc('official')), rxmcpOverRaw: over(withoutGc('raw')) };
  });
}

/** What the table shows and leaves out, printed above it. */
export function instructionsHeading(calls: number, warmup: number, concurrency: number): string {
  return [
    `Instruction counts under valgrind (cachegrind, all threads) per call: a process that connects over stdio, makes ${count(warmup)}`,
    `warm-up calls and then ${count(calls)} (${concurrency} in flight), less the same process making none, over ${count(calls)}.`,
    'A deterministic proxy for the cold part\'s CPU per call over the first 10,000 calls (repeatable within 1–2 %, where that',
    'moves ±15 %), not the figure the targets judge: only user-space instructions are counted, so the kernel time of the',
    'syscalls (the pipe writes and reads), which dilutes the real CPU ratios, is left out, and an instruction is no unit of',
    'time (cache misses, branches). "without GC" is the headline: the GC share varies (~8 %) with the memory reducer\'s',
    "timers, which valgrind's ~50× slowdown shifts. Categories, by function name:",
    ...INSTRUCTION_CATEGORIES.map((category) => `  ${CATEGORY_LABELS[category]}: ${CATEGORY_NOTES[category]}`),
  ].join('\n');
}

/** The table: one row per client and era, then the rxmcp ratios per era. */
export function formatInstructions(figures: readonly InstructionFigure[], ratios: readonly InstructionRatio[]): string {
  const headers = ['client / era', 'total', 'without GC', ...INSTRUCTION_CATEGORIES.map((category) => CATEGORY_LABELS[category])];
  const rows = figures.map((f) => [
    `${f.client} / ${f.era}`,
    fixed(f.perCall.total, 0),
    fixed(f.perCall.withoutGc, 0),
    ...INSTRUCTION_CATEGORIES.map((category) => fixed(f.perCall.categories[category], 0)),
  ]);
  const ratio = (value: number | undefined): string => (value === undefined ? 'n/a' : `${fixed(value, 2)}×`);
  const ratioTable = formatTable(
    ['era (instructions per call without GC)', 'rxmcp/official', 'rxmcp/raw'],
    ratios.map((r) => [r.era, ratio(r.rxmcpOverOfficial), ratio(r.rxmcpOverRaw)]),
  );
  return [formatTable(headers, rows), ratioTable, formatHalves(figures)].filter((text) => text !== '').join('\n\n');
}

/**
 * The halves table: per client and era, each half's instructions per call without GC and the
 * optimizing compiler's share of them, then rxmcp over the raw floor per half. Empty when no
 * figure has halves.
 */
export function formatHalves(figures: readonly InstructionFigure[]): string {
  const halved = figures.filter((f): f is InstructionFigure & { halves: InstructionHalves } => f.halves !== undefined);
  if (halved.length === 0) return '';
  const { split } = halved[0]!.halves;
  const total = halved[0]!.measured.calls - halved[0]!.baseline.calls;
  const label = (from: number, to: number): string => `calls ${count(from + 1)}–${count(to)}`;
  const rows = halved.map((f) => {
    const { first, second } = f.halves;
    const raw = figures.find((other) => other.era === f.era && other.client === 'raw')?.halves;
    const overRaw = (mine: InstructionsPerCall, floor: InstructionsPerCall | undefined): string => (f.client === 'raw' || floor === undefined ? '' : `${fixed(mine.withoutGc / floor.withoutGc, 2)}×`);
    return [
      `${f.client} / ${f.era}`,
      fixed(first.withoutGc, 0),
      fixed(first.categories.compiler, 0),
      overRaw(first, raw?.first),
      fixed(second.withoutGc, 0),
      fixed(second.categories.compiler, 0),
      overRaw(second, raw?.second),
    ];
  });
  const heading = `By half (a third process stops after ${count(split)} of the ${count(total)} calls): without GC, of it the optimizing compiler, and over the raw floor`;
  return `${heading}\n\n${formatTable(['client / era', label(0, split), 'opt. compiler', '/ raw', label(split, total), 'opt. compiler', '/ raw'], rows)}`;
}
