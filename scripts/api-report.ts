/**
 * The API report: every name each package entry (`rxmcp`, `rxmcp/node`, `rxmcp/redis`, `rxmcp/internal`, `rxmcp/angular`) exports,
 * with its kind and its declared signature, written to `api/*.api.md` so that a change to the
 * public surface is a visible diff in review (spec/api/api-report.spec.ts fails while the checked-in
 * report is out of date).
 *
 * How: the package's declarations are emitted (tsconfig.build.json, comments removed) into a
 * temporary directory, then read with TypeScript 7's native compiler API (`typescript/unstable/sync`):
 * the checker lists each entry's exports, resolves re-exports to their declarations, and the report
 * prints each declaration's emitted text. Names are sorted, whitespace is normalised, no path or
 * time is printed, so the same sources give the same bytes.
 *
 *   npm run api-report                 rewrite api/*.api.md
 *   tsx scripts/api-report.ts --out D  write the reports into directory D instead (the spec does)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API, SymbolFlags } from 'typescript/unstable/sync';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The package entries reported: report file name, import specifier, emitted declaration file. */
export const ENTRIES = [
  { report: 'rxmcp.api.md', specifier: 'rxmcp', declarations: 'index.d.ts' },
  { report: 'rxmcp-node.api.md', specifier: 'rxmcp/node', declarations: 'node.d.ts' },
  { report: 'rxmcp-redis.api.md', specifier: 'rxmcp/redis', declarations: 'redis.d.ts' },
  { report: 'rxmcp-apps.api.md', specifier: 'rxmcp/apps', declarations: 'apps.d.ts' },
  { report: 'rxmcp-internal.api.md', specifier: 'rxmcp/internal', declarations: 'internal.d.ts' },
  { report: 'rxmcp-angular.api.md', specifier: 'rxmcp/angular', declarations: 'angular.d.ts' },
] as const;

/** The symbol flags that name a kind, in the order a kind is picked (a class merged with a namespace is a class). */
const KINDS: readonly (readonly [number, string])[] = [
  [SymbolFlags.Class, 'class'],
  [SymbolFlags.Enum, 'enum'],
  [SymbolFlags.Function, 'function'],
  [SymbolFlags.Interface, 'interface'],
  [SymbolFlags.TypeAlias, 'type'],
  [SymbolFlags.Variable, 'const'],
  [SymbolFlags.Module, 'namespace'],
];

/** The kinds of a symbol: a value and a type of the same name (a zod schema and its inferred type) give two. */
function kindsOf(flags: number): string[] {
  const kinds = KINDS.filter(([flag]) => (flags & flag) !== 0).map(([, kind]) => kind);
  return kinds.length === 0 ? ['unknown'] : kinds;
}

/** The flags of a symbol with a runtime value (a type-only export of one hides the value). */
const VALUE_FLAGS = SymbolFlags.Class | SymbolFlags.Enum | SymbolFlags.Function | SymbolFlags.Variable;

/** Collapses the emitted text's indentation to two spaces a level and drops blank lines. */
function normalise(text: string): string {
  const lines = text.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  return lines.map((line) => line.replace(/^( +)/, (spaces) => ' '.repeat(Math.floor(spaces.length / 2)))).join('\n');
}

/** Emits the declarations of `lib/` into `dir` (no comments, no maps): what a consumer's compiler reads. */
function emitDeclarations(dir: string): void {
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const args = ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--emitDeclarationOnly', '--removeComments', '--declarationMap', 'false', '--sourceMap', 'false'];
  execFileSync(tsc, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** Builds every report; returns file name → text. */
export function buildReports(): Map<string, string> {
  const work = mkdtempSync(join(tmpdir(), 'rxmcp-api-'));
  try {
    const dist = join(work, 'dist');
    emitDeclarations(dist);
    // the declarations import rxjs and zod: they resolve from the project's node_modules
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    const files = ENTRIES.map((entry) => join(dist, entry.declarations));
    const config = join(work, 'tsconfig.json');
    const compilerOptions = { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, noEmit: true, types: [] };
    writeFileSync(config, JSON.stringify({ compilerOptions, files }));
    const api = new API({ cwd: work });
    try {
      const project = api.updateSnapshot({ openProjects: [config] }).getProjects()[0];
      if (project === undefined) throw new Error('api-report: the TypeScript API opened no project');
      const { checker, program } = project;
      const reports = new Map<string, string>();
      const exportedNames = new Map<string, Set<string>>();
      const referencedNames = new Map<string, Set<string>>();
      for (const entry of ENTRIES) {
        const sourceFile = program.getSourceFile(join(dist, entry.declarations));
        const moduleSymbol = sourceFile === undefined ? undefined : checker.getSymbolAtLocation(sourceFile);
        if (sourceFile === undefined || moduleSymbol === undefined) throw new Error(`api-report: no module for ${entry.declarations}`);
        const sections: string[] = [];
        const referenced = new Set<string>();
        const exports = [...checker.getExportsOfModule(moduleSymbol)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const exported of exports) {
          const target = (exported.flags & SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported;
          const typeOnly = exported.declarations.some((handle) => {
            const node = handle.resolve() as { isTypeOnly?: boolean; parent?: { parent?: { isTypeOnly?: boolean } } } | undefined;
            return node?.isTypeOnly === true || node?.parent?.parent?.isTypeOnly === true;
          });
          const kinds = kindsOf(target.flags).join(' + ');
          const texts = target.declarations.map((handle) => {
            const node = handle.resolve();
            if (node === undefined) return '(declaration not found)';
            const text = normalise(node.getText());
            // a variable's declaration node is `name: type`; say what it is declared as
            return (target.flags & SymbolFlags.Variable) !== 0 && text.startsWith(`${target.name}:`) ? `const ${text}` : text;
          });
          const valueOnlyHidden = typeOnly && (target.flags & VALUE_FLAGS) !== 0 ? ' (type-only export: the value is not exported here)' : '';
          sections.push(`## ${exported.name}\n\n${kinds}${valueOnlyHidden}\n\n\`\`\`ts\n${texts.join('\n')}\n\`\`\``);
          for (const text of texts) {
            // a class exported as a type only is an opaque handle (it cannot be constructed or extended
            // from this entry): only its name is surface, so its members are not followed
            if (valueOnlyHidden !== '') continue;
            // words followed by `:`, `?:` or `(` name a property, parameter or method, not a type or value
            for (const match of text.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)(?![\w$])(?!\??:|\()/g)) referenced.add(match[1] ?? '');
          }
        }
        exportedNames.set(entry.specifier, new Set(exports.map((symbol) => symbol.name)));
        referencedNames.set(entry.specifier, referenced);
        const title = `# API report: \`${entry.specifier}\``;
        const note = [
          '<!-- Generated by scripts/api-report.ts from the emitted declarations; do not edit.',
          '     Run `npm run api-report` after changing what the entry exports, and review the diff. -->',
        ].join('\n');
        const stability = entry.specifier === 'rxmcp/internal' ? '\n\nNo stability promise: this entry may change in any release.' : '';
        reports.set(entry.report, `${title}\n\n${note}${stability}\n\n${exports.length} exports.\n\n${sections.join('\n\n')}\n`);
      }
      // names the public entries' declarations mention that no public entry exports: a consumer sees
      // them in signatures but cannot import them (API Extractor calls these "forgotten exports").
      // Matched as words against every name a module of lib/ exports, so a property that happens to
      // share such a name is listed too: the list is for review, not a proof.
      const moduleNames = new Set<string>();
      for (const fileName of program.getSourceFileNames()) {
        if (!fileName.startsWith(`${dist}/`)) continue;
        const file = program.getSourceFile(fileName);
        const symbol = file === undefined ? undefined : checker.getSymbolAtLocation(file);
        if (symbol !== undefined) for (const exported of checker.getExportsOfModule(symbol)) moduleNames.add(exported.name);
      }
      const publicNames = new Set([...(exportedNames.get('rxmcp') ?? []), ...(exportedNames.get('rxmcp/node') ?? []), ...(exportedNames.get('rxmcp/redis') ?? []), ...(exportedNames.get('rxmcp/apps') ?? []), ...(exportedNames.get('rxmcp/angular') ?? [])]);
      for (const entry of ENTRIES) {
        if (entry.specifier === 'rxmcp/internal') continue;
        const own = exportedNames.get(entry.specifier) ?? new Set<string>();
        const leaked = [...(referencedNames.get(entry.specifier) ?? [])].filter((name) => moduleNames.has(name) && !publicNames.has(name) && !own.has(name)).sort();
        const text = reports.get(entry.report) ?? '';
        const list = leaked.length === 0 ? 'None.' : leaked.map((name) => `- \`${name}\``).join('\n');
        reports.set(entry.report, `${text}\n## (Names these declarations mention that no public entry exports)\n\n${list}\n`);
      }
      return reports;
    } finally {
      api.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The CLI: writes the reports into `api/` (or the directory after `--out`). */
function main(argv: readonly string[]): void {
  const outIndex = argv.indexOf('--out');
  const out = outIndex === -1 ? join(ROOT, 'api') : argv[outIndex + 1];
  if (out === undefined) throw new Error('api-report: --out needs a directory');
  mkdirSync(out, { recursive: true });
  for (const [file, text] of buildReports()) writeFileSync(join(out, file), text);
}

main(process.argv.slice(2));
