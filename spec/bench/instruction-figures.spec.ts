import { formatHalves, formatInstructions, halvesOf, instructionRatios, perCall, type InstructionFigure, type ProcessInstructions } from '../../bench/instruction-figures.js';
import { INSTRUCTION_CATEGORIES, type InstructionCategory } from '../../bench/instruction-categories.js';

/** A process's counts: `total` instructions, `compiler` and `gc` of them, the rest in `rest`. */
function processAt(calls: number, total: number, compiler: number, gc: number): ProcessInstructions {
  const categories = Object.fromEntries(INSTRUCTION_CATEGORIES.map((category) => [category, 0])) as Record<InstructionCategory, number>;
  categories.compiler = compiler;
  categories.gc = gc;
  categories.rest = total - compiler - gc;
  return { calls, total, categories };
}

/** A figure from three processes: the baseline (0 calls), the halfway one and the measured one. */
function figure(client: 'rxmcp' | 'raw', processes: readonly [ProcessInstructions, ProcessInstructions, ProcessInstructions]): InstructionFigure {
  const [baseline, halfway, measured] = processes;
  return {
    client,
    era: 'legacy',
    protocolVersion: '2025-11-25',
    warmup: 500,
    concurrency: 64,
    perCall: perCall(baseline, measured),
    baseline,
    measured,
    halves: halvesOf(baseline, halfway, measured),
  };
}

describe('the instructions part split in halves (bench/instruction-figures.ts)', () => {
  // rxmcp: 1,000,000 at start-up, then 100 per call (60 of them compiling) over the first 5,000 calls and 30 over the next 5,000
  const rxmcp = figure('rxmcp', [processAt(0, 1_000_000, 0, 0), processAt(5_000, 1_500_000, 300_000, 50_000), processAt(10_000, 1_650_000, 300_000, 50_000)]);
  // the floor: 40 per call, then 20
  const raw = figure('raw', [processAt(0, 500_000, 0, 0), processAt(5_000, 700_000, 50_000, 0), processAt(10_000, 800_000, 50_000, 0)]);

  it('gives each half its own instructions per call, and the whole run the mean of the two', () => {
    expect(rxmcp.halves!.split).toBe(5_000);
    expect(rxmcp.halves!.first).toMatchObject({ total: 100, withoutGc: 90 });
    expect(rxmcp.halves!.first.categories.compiler).toBe(60);
    expect(rxmcp.halves!.second).toMatchObject({ total: 30, withoutGc: 30 });
    expect(rxmcp.halves!.second.categories.compiler).toBe(0);
    expect(rxmcp.perCall.total).toBe(65);
  });

  it('prints each half over the raw floor, and no halves table for figures without halves', () => {
    const text = formatInstructions([rxmcp, raw], instructionRatios([rxmcp, raw]));
    expect(text).toContain('By half (a third process stops after 5,000 of the 10,000 calls)');
    expect(text).toContain('calls 1–5,000');
    expect(text).toContain('calls 5,001–10,000');
    const row = text.split('\n').find((line) => line.startsWith('rxmcp / legacy') && line.includes('×'))!;
    // 90 over the floor's 40, 30 over its 20
    expect(row.split(/\s{2,}/)).toEqual(['rxmcp / legacy', '90', '60', '2.25×', '30', '0', '1.50×']);
    const { halves: _halves, ...whole } = rxmcp;
    expect(formatHalves([whole, raw].map((f) => ({ ...f, halves: undefined })))).toBe('');
    expect(formatInstructions([whole], instructionRatios([whole]))).not.toContain('By half');
  });
});
