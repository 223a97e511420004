// The Node build of rxmcp (issue 17), run by `npm run build` after tsc:
//
//   node scripts/bundle-node.mjs [dist dir, default dist]
//
// Bundles tsc's output (dist/*.js, so the code is exactly what tsc emitted) into dist/bundle/:
// one ESM file per package entry and shared chunks, in ONE esbuild run with code splitting, so a
// module used by several entries exists once and its classes are one instance across `rxmcp`,
// `rxmcp/node`, ... (an error thrown by `rxmcp/node` code is `instanceof` the class from `rxmcp`).
// The packages stay external (rxjs, ws, undici, ...; rxjs imported by its modules, see
// scripts/rxjs-deep-imports.mjs), except the two plain dependencies every
// import loads, which are bundled: zod and @cfworker/json-schema (see BUNDLED). What loading costs
// is resolving, reading and compiling ESM files one by one: rxmcp's ~200 modules, and zod/mini's
// entry, which loads zod's core and all its ~50 locales (tree-shaken here to what rxmcp uses).
// The `node` conditions of package.json's `exports` point at it; browsers and bundlers keep the
// tsc files. `import()`s stay lazy (a module reached only by `import()` is a chunk of its own);
// the source maps chain through tsc's to lib/*.ts.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rxjsDeepImportsPlugin, rxjsExportPaths, rxjsNamesImportedBy, rxjsShimSource } from './rxjs-deep-imports.mjs';

/** The package entries a Node process can import (each `exports` key with a `node` condition). */
export const NODE_ENTRIES = ['index-node', 'node', 'redis', 'apps', 'internal', 'angular'];
/**
 * The package's `bin` (`rxmcp`): bundled too, since a command is all cold start (about 70 ms less
 * CPU for `rxmcp --version` than from tsc's 200 files); esbuild keeps its shebang.
 */
export const BIN_ENTRIES = ['cli/main'];

/**
 * The dependencies joined into the bundle: both load at every import (zod, ~55 ms of CPU as
 * zod/mini's whole entry with its locales; the JSON Schema engine, a few files), both are plain
 * dependencies (not peers: no app shares its copy by contract), and neither holds state a user
 * shares with rxmcp. zod 4 schemas work across copies of one version (a schema of the app's zod
 * composes into rxmcp's and back, and one parses with the other's functions), which
 * spec/cold/import-graph.spec.ts checks on the built package; `instanceof` across copies does not,
 * and rxmcp never applies it to a user's schema. Browsers and bundlers keep zod a dependency
 * they deduplicate (the tsc files import it).
 */
export const BUNDLED = ['zod', '@cfworker/json-schema'];

/** Every other package the code imports stays an import (a dependency, a peer, an optional peer, and their subpaths). */
function externalPackages() {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const names = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies }).filter((name) => !BUNDLED.includes(name));
  return names.flatMap((name) => [name, `${name}/*`]);
}

const dist = process.argv[2] ?? 'dist';
for (const entry of [...NODE_ENTRIES, ...BIN_ENTRIES]) {
  if (!existsSync(join(dist, `${entry}.js`))) throw new Error(`bundle-node: ${dist}/${entry}.js is missing (run tsc -p tsconfig.build.json first)`);
}

/** tsc's emitted JavaScript under `dir`, every file. */
function emittedSources(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js') && !join(entry.parentPath, entry.name).startsWith(join(dir, 'bundle')))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

// rxjs by its modules instead of its index (scripts/rxjs-deep-imports.mjs): only what rxmcp imports loads
const rxjsDir = join(import.meta.dirname, '..', 'node_modules', 'rxjs');
const rxjsShim = rxjsShimSource(rxjsNamesImportedBy(emittedSources(dist)), rxjsExportPaths(rxjsDir));

await build({
  entryPoints: Object.fromEntries([...NODE_ENTRIES, ...BIN_ENTRIES].map((entry) => [entry, join(dist, `${entry}.js`)])),
  outdir: join(dist, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // the app's rxjs (a peer) and the lazily loaded packages (ws, undici, jose, ...) stay imports;
  // node:* builtins are external on platform node
  external: externalPackages(),
  plugins: [rxjsDeepImportsPlugin],
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  // tsc's output has no unused code to drop beyond what splitting leaves out; keep names for stacks
  minify: false,
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
});
// `#rxjs` (package.json `imports`, Node condition) resolves here
writeFileSync(join(dist, 'bundle', 'rxjs.cjs'), rxjsShim);
for (const entry of BIN_ENTRIES) chmodSync(join(dist, 'bundle', `${entry}.js`), 0o755);
