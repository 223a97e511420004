/**
 * What a browser bundle of rxmcp weighs: esbuild bundles an entry for the browser (minified, one
 * file, so anything loaded with `import()` is counted as well), and the size is gzip's at level 9.
 * `parts` splits the minified bytes by where they come from (a folder of lib/, or a package).
 * Used by spec/browser/bundle-size.spec.ts and scripts/bundle-size.ts (which prints the README's table).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The repository: two levels above this file under Jest (CommonJS), the working directory under tsx (ESM). */
const ROOT = typeof __dirname === 'string' ? join(__dirname, '..', '..') : process.cwd();

/** The minimal client page: `Client.connect(url)`, `listTools`, `callTool$`, `close`. */
export const MINIMAL_ENTRY = join(ROOT, 'spec', 'browser', 'pages', 'lean-client.ts');

/** An entry that imports every export of rxmcp. */
export const EVERYTHING = { contents: "import * as rxmcp from './lib/index.ts'; console.log(rxmcp);" };

/** A bundle's sizes and what went into it. */
export interface BundleSize {
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Minified bytes per origin: `lib/<folder>` or the package name. */
  readonly parts: Readonly<Record<string, number>>;
  /** Every input file that put code in the bundle (bytes after tree-shaking), relative to the repository. */
  readonly inputs: readonly string[];
  /** The bundle's text. */
  readonly text: string;
}

/**
 * How a bundler resolves packages. `'default'`: esbuild's defaults for the browser (the
 * `browser`, `import` and `default` conditions), as Vite and webpack resolve too: rxjs's `esm5`
 * build, with tslib. `'es2015'`: Angular's builder, which adds the `es2015`/`es2020` conditions
 * and main fields "to support rxjs 7.x" (@angular/build): rxjs's `esm` build.
 */
export type Resolution = 'default' | 'es2015';

/** The esbuild options of a {@link Resolution}. */
function resolutionOptions(resolution: Resolution): { conditions?: string[]; mainFields?: string[] } {
  return resolution === 'default' ? {} : { conditions: ['es2015', 'es2020'], mainFields: ['es2020', 'es2015', 'browser', 'module', 'main'] };
}

/** Bundles `entry` (a file) or `contents` (a module's source, resolved from the repository root). */
export async function bundleSize(source: { entry: string } | { contents: string; resolveDir?: string }, resolution: Resolution = 'default'): Promise<BundleSize> {
  const result = await build({
    ...resolutionOptions(resolution),
    ...('entry' in source ? { entryPoints: [source.entry] } : { stdin: { contents: source.contents, resolveDir: source.resolveDir ?? ROOT, loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  const output = Object.values(result.metafile.outputs)[0]!;
  const parts: Record<string, number> = {};
  for (const [path, input] of Object.entries(output.inputs)) {
    const part = partOf(path);
    parts[part] = (parts[part] ?? 0) + input.bytesInOutput;
  }
  return { minifiedBytes: Buffer.byteLength(text), gzipBytes: gzipSync(text, { level: 9 }).length, parts, inputs: Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path), text };
}

/** A splitting build's sizes: what loads before any `import()` runs, and each chunk. */
export interface SplitBundleSize {
  /** Gzip bytes (each file on its own) of the entry and the chunks it imports statically: what a page loads before running. */
  readonly loadedGzipBytes: number;
  /** Every output file's gzip bytes, by name (`app.js`, `chunk-…`, `<module>-…` for an `import()` target). */
  readonly files: Readonly<Record<string, number>>;
  /** The files in {@link loadedGzipBytes}. */
  readonly loaded: readonly string[];
}

/**
 * Bundles `entry` with esbuild `splitting` (ES modules, minified; every `import()` target a chunk)
 * and follows the entry's static imports: the browser fetches those before the page runs, and the
 * rest only when an `import()` asks (spec/browser/lean-client.spec.ts weighs what Chromium fetched).
 */
export async function splitBundleSize(entry: string, resolution: Resolution = 'default'): Promise<SplitBundleSize> {
  const result = await build({ ...resolutionOptions(resolution), entryPoints: [entry], bundle: true, minify: true, splitting: true, platform: 'browser', format: 'esm', outdir: '/out', entryNames: 'app', write: false, logLevel: 'silent' });
  const texts = new Map(result.outputFiles.map((file) => [basename(file.path), file.text] as const));
  const loaded = new Set<string>();
  const visit = (name: string): void => {
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const match of (texts.get(name) ?? '').matchAll(/(?:\bimport|\bfrom)\s*"\.\/([^"]+)"/g)) visit(match[1]!);
  };
  visit('app.js');
  const files = Object.fromEntries([...texts].map(([name, text]) => [name, gzipSync(text, { level: 9 }).length]));
  return { loadedGzipBytes: [...loaded].reduce((sum, name) => sum + files[name]!, 0), files, loaded: [...loaded] };
}

/** `lib/<folder>` for our sources, the package name for a dependency. */
function partOf(path: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (module !== null) return module[1]!;
  const lib = /(?:^|\/)lib\/([^/]+)\//.exec(path);
  return lib === null ? 'other' : `lib/${lib[1]}`;
}

/** Optional parts: what an entry adds to the minimal page when it uses them (gzip bytes). */
export const OPTIONAL_PARTS: Readonly<Record<string, string>> = {
  'OAuth (`OAuthProvider`)': 'OAuthProvider',
  'a client group (`ClientGroup`)': 'ClientGroup',
  'the skills extension (`Skills`)': 'Skills',
  'config files (`parseMcpConfig`: classic zod)': 'parseMcpConfig',
  'task helpers (`ClientTasks`)': 'ClientTasks',
};

/** The minimal page plus a use of the export `name` of rxmcp. */
export function minimalPlus(name: string): { contents: string; resolveDir: string } {
  const page = readFileSync(MINIMAL_ENTRY, 'utf8');
  return { contents: `${page}\nimport { ${name} as __part } from '../../../lib/index.js';\nconsole.log(__part);\n`, resolveDir: dirname(MINIMAL_ENTRY) };
}

