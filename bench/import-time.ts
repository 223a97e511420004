/**
 * Import time in fresh processes (issue 17), without the rest of `npm run bench`:
 *
 *   npx tsx bench/import-time.ts [runs=15] [subject …]
 *
 * Each run starts one fresh `node` per subject, in alternating order, which imports the subject's
 * modules and reports the CPU (user + system) and wall time of that import alone. Prints the
 * medians per subject and each subject's ratio to `official`. Subjects: `rxmcp` (`rxmcp` +
 * `rxmcp/node` as the package's `exports` resolve them under Node, i.e. the built `dist/`: run
 * `npm run build` first), `official` (`@modelcontextprotocol/client` + its stdio transport, as
 * bench/cold.ts imports it), `tsc` (the unbundled tsc output, `dist/index-node.js` + `dist/node.js`),
 * `deps` (the packages both entries load at import: rxjs's modules that rxmcp uses, `dist/bundle/rxjs.cjs`; `unbundled-deps` adds zod and @cfworker/json-schema, which the bundle joins), and single packages to weigh them: `rxjs`, `zod`, `zod-mini`, `cfworker`, `oauth4webapi`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** What each subject imports, in order. */
const SUBJECTS: Record<string, readonly string[]> = {
  rxmcp: ['rxmcp', 'rxmcp/node'],
  official: ['@modelcontextprotocol/client', '@modelcontextprotocol/client/stdio'],
  tsc: [join(ROOT, 'dist', 'index-node.js'), join(ROOT, 'dist', 'node.js')].map((path) => `file://${path}`),
  bundle: [join(ROOT, 'dist', 'bundle', 'index-node.js'), join(ROOT, 'dist', 'bundle', 'node.js')].map((path) => `file://${path}`),
  // the packages `rxmcp` + `rxmcp/node` load at import (what is left of rxmcp's figure is its own
  // modules): only rxjs since zod and @cfworker/json-schema are bundled (scripts/bundle-node.mjs),
  // and of rxjs only the modules rxmcp uses, through the bundle's `#rxjs` (scripts/rxjs-deep-imports.mjs)
  deps: [`file://${join(ROOT, 'dist', 'bundle', 'rxjs.cjs')}`],
  // what the bundle saves by joining zod and the JSON Schema engine: the packages as tsc's files load them
  'unbundled-deps': ['rxjs', 'zod/mini', 'zod/locales', 'zod', '@cfworker/json-schema'],
  rxjs: ['rxjs'],
  zod: ['zod'],
  'zod-mini': ['zod/mini'],
  'zod-mini+locales': ['zod/mini', 'zod/locales'],
  'zod-mini+en': ['zod/mini', 'zod/v4/locales/en.js'],
  'zod+mini': ['zod/mini', 'zod/locales', 'zod'],
  cfworker: ['@cfworker/json-schema'],
  oauth4webapi: ['oauth4webapi'],
};
// BENCH_IMPORT_EXTRA=<dir>: `extra`, the bundle of another build of the package (its dist/ and package.json in <dir>: the bundle resolves `#rxjs` through it), e.g. an older commit's
if (process.env.BENCH_IMPORT_EXTRA !== undefined) SUBJECTS.extra = ['index-node.js', 'node.js'].map((file) => `file://${join(process.env.BENCH_IMPORT_EXTRA!, 'dist', 'bundle', file)}`);

interface Sample {
  readonly cpuMs: number;
  readonly wallMs: number;
}

/** One fresh process importing `specifiers`; its CPU and wall time of the import. */
function sample(specifiers: readonly string[]): Sample {
  const script = [
    'const c0 = process.cpuUsage(); const w0 = performance.now();',
    ...specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`),
    'const c = process.cpuUsage(c0);',
    'process.stdout.write(JSON.stringify({ cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - w0 }));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Sample;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const args = process.argv.slice(2);
const runs = args[0] !== undefined && /^\d+$/.test(args[0]) ? Number(args.shift()) : 15;
const names = args.length > 0 ? args : ['rxmcp', 'official'];
for (const name of names) if (SUBJECTS[name] === undefined) throw new Error(`unknown subject ${name} (known: ${Object.keys(SUBJECTS).join(', ')})`);

const samples = new Map<string, Sample[]>(names.map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  // alternate the order, so neither subject always runs on a machine the other just warmed
  const order = run % 2 === 0 ? names : [...names].reverse();
  for (const name of order) samples.get(name)!.push(sample(SUBJECTS[name]!));
}

const official = samples.get('official');
const officialCpu = official === undefined ? undefined : median(official.map((s) => s.cpuMs));
const officialWall = official === undefined ? undefined : median(official.map((s) => s.wallMs));
process.stdout.write(`node ${process.version}, ${runs} runs each, medians\n`);
for (const [name, list] of samples) {
  const cpu = median(list.map((s) => s.cpuMs));
  const wall = median(list.map((s) => s.wallMs));
  const ratio = officialCpu === undefined || name === 'official' ? '' : `  (${(cpu / officialCpu).toFixed(2)}× cpu, ${(wall / officialWall!).toFixed(2)}× wall of official)`;
  process.stdout.write(`${name.padEnd(14)} cpu ${cpu.toFixed(1).padStart(7)} ms   wall ${wall.toFixed(1).padStart(7)} ms${ratio}\n`);
}
