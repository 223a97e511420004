/**
 * What a browser bundle of rxmcp weighs: esbuild bundles an entry for the browser (minified, one
 * file, so anything loaded with `import()` is counted as well), and the size is gzip's at level 9.
 * `parts` splits the minified bytes by where they come from (a folder of lib/, or a package).
 * Used by spec/browser/bundle-size.spec.ts and scripts/bundle-size.ts (which prints the README's table).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Bundles `entry` (a file) or `contents` (a module's source, resolved from the repository root). */
export async function bundleSize(source: { entry: string } | { contents: string; resolveDir?: string }): Promise<BundleSize> {
  const result = await build({
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

