// The Node build of rxmcp (issue 17), run by `npm run build` after tsc:
//
//   node scripts/bundle-node.mjs [dist dir, default dist]
//
// Bundles tsc's output (dist/*.js, so the code is exactly what tsc emitted) into dist/bundle/:
// one ESM file per package entry and shared chunks, in ONE esbuild run with code splitting, so a
// module used by several entries exists once and its classes are one instance across `rxmcp`,
// `rxmcp/node`, ... (an error thrown by `rxmcp/node` code is `instanceof` the class from `rxmcp`).
// Every package stays external (rxjs, zod, ws, undici, ...): only rxmcp's own ~200 modules are
// joined, which is what loading costs (resolving, reading and compiling ESM files one by one).
// The `node` conditions of package.json's `exports` point at it; browsers and bundlers keep the
// tsc files. `import()`s stay lazy (a module reached only by `import()` is a chunk of its own);
// the source maps chain through tsc's to lib/*.ts.
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The package entries a Node process can import (each `exports` key with a `node` condition). */
export const NODE_ENTRIES = ['index-node', 'node', 'redis', 'apps', 'internal', 'angular'];
/**
 * The package's `bin` (`rxmcp`): bundled too, since a command is all cold start (about 70 ms less
 * CPU for `rxmcp --version` than from tsc's 200 files); esbuild keeps its shebang.
 */
export const BIN_ENTRIES = ['cli/main'];

const dist = process.argv[2] ?? 'dist';
for (const entry of [...NODE_ENTRIES, ...BIN_ENTRIES]) {
  if (!existsSync(join(dist, `${entry}.js`))) throw new Error(`bundle-node: ${dist}/${entry}.js is missing (run tsc -p tsconfig.build.json first)`);
}

await build({
  entryPoints: Object.fromEntries([...NODE_ENTRIES, ...BIN_ENTRIES].map((entry) => [entry, join(dist, `${entry}.js`)])),
  outdir: join(dist, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // every bare specifier (a package, node:*) stays an import: the user's rxjs, zod, ... are shared
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  // tsc's output has no unused code to drop beyond what splitting leaves out; keep names for stacks
  minify: false,
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const entry of BIN_ENTRIES) chmodSync(join(dist, 'bundle', `${entry}.js`), 0o755);
