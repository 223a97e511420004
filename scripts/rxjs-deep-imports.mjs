// rxjs by its modules, for the Node build (issue 17; used by scripts/bundle-node.mjs):
//
//   node scripts/rxjs-deep-imports.mjs --check <rxjs dir the build read> [<rxjs dir to check>]
//
// Under Node, `import … from 'rxjs'` loads rxjs's CommonJS index, which requires all ~220 of its
// modules (every operator, scheduler and ajax helper): about 25 ms of a 2-core machine's CPU at every
// start, for the ~40 names rxmcp uses. rxjs (a peer) publishes each module as `rxjs/internal/*`
// (its `exports` map, Node condition: the same CommonJS files its index requires), so the Node
// bundle imports each name from its own module instead: the same module instances the app's own
// `import 'rxjs'` loads (one require cache), so an Observable, a Subject or a Subscriber is the
// app's class, and the published types (tsc's .d.ts files, which still say 'rxjs') are unchanged.
//
// Where each name lives is read from the installed rxjs's index (`var X_1 = require("./internal/…")`
// and the getter that exports `X_1.name`), so the build never guesses a path. The layout is the
// same across rxjs 7; `--check` proves it for another version (scripts/rxjs-floor.sh runs it for the
// floor of the peer range): every name the build mapped is exported by that module there too, and
// is the same value as the index's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * The module path (under `rxjs/internal/`) and the name it exports, of every public export of the
 * rxjs installed at `rxjsDir`, read from its CommonJS index.
 */
export function rxjsExportPaths(rxjsDir) {
  const index = readFileSync(join(rxjsDir, 'dist', 'cjs', 'index.js'), 'utf8');
  const modules = new Map();
  for (const match of index.matchAll(/var (\w+) = require\("\.\/internal\/([^"]+)"\);/g)) modules.set(match[1], match[2]);
  const paths = new Map();
  for (const match of index.matchAll(/Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return (\w+)\.(\w+); \} \}\);/g)) {
    const [, name, binding, exported] = match;
    const module = modules.get(binding);
    if (module === undefined) throw new Error(`rxjs-deep-imports: rxjs's index exports ${name} from ${binding}, which it does not require from ./internal/`);
    paths.set(name, { module, exported });
  }
  if (!paths.has('Observable') || !paths.has('map')) throw new Error(`rxjs-deep-imports: ${rxjsDir}/dist/cjs/index.js does not look like rxjs 7's index (no Observable or map found)`);
  return paths;
}

/** The names `import { … } from 'rxjs'` brings in across `sources` (tsc's emitted JavaScript). */
export function rxjsNamesImportedBy(sources) {
  const names = new Set();
  for (const source of sources) {
    for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']rxjs["']/g)) {
      for (const part of match[1].split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name !== '' && !name.startsWith('type ')) names.add(name);
      }
    }
    if (/import\s*\*\s*as\s+\w+\s+from\s*["']rxjs["']|export\s*\*\s*from\s*["']rxjs["']/.test(source)) {
      throw new Error('rxjs-deep-imports: a namespace import or re-export of rxjs cannot be mapped to its modules; import names');
    }
  }
  return names;
}

/** The private specifier (package.json `imports`) the Node bundle imports rxjs by: the file {@link rxjsShimSource} writes. */
export const RXJS_SHIM_SPECIFIER = '#rxjs';

/**
 * The CommonJS module `#rxjs` resolves to (dist/bundle/rxjs.cjs): one
 * `exports.name = require('rxjs/internal/…').exported` per name in `names`. CommonJS on purpose:
 * importing each rxjs module from ESM costs more than the whole index (Node lexes every CommonJS
 * file an ES module imports for its names), while one small CommonJS file imported once requires
 * them at CommonJS speed; its requires are static, so a bundler that bundles an app with rxmcp sees them.
 */
export function rxjsShimSource(names, paths) {
  const lines = [...names].sort().map((name) => {
    const path = paths.get(name);
    if (path === undefined) throw new Error(`rxjs-deep-imports: rxmcp imports ${name} from rxjs, which rxjs's index does not export`);
    return `exports.${name} = require('rxjs/internal/${path.module}').${path.exported};`;
  });
  return `'use strict';\n// rxjs's modules that rxmcp uses, each from its own file (scripts/rxjs-deep-imports.mjs)\n${lines.join('\n')}\n`;
}

/** An esbuild plugin: the bare specifier `rxjs` becomes {@link RXJS_SHIM_SPECIFIER}, external. */
export const rxjsDeepImportsPlugin = {
  name: 'rxjs-deep-imports',
  setup(build) {
    build.onResolve({ filter: /^rxjs$/ }, () => ({ path: RXJS_SHIM_SPECIFIER, external: true }));
  },
};

/** `--check`: the paths read from `builtFrom` hold in the rxjs at `checked` (exported there, the same value as its index's). */
function check(builtFrom, checked) {
  checked = resolve(checked);
  const paths = rxjsExportPaths(builtFrom);
  const require = createRequire(join(checked, 'package.json'));
  const index = require(join(checked, 'dist', 'cjs', 'index.js'));
  const version = JSON.parse(readFileSync(join(checked, 'package.json'), 'utf8')).version;
  const wrong = [];
  for (const [name, { module, exported }] of paths) {
    // a name this version does not export: code built against it cannot import it either
    if (!(name in index)) continue;
    let value;
    try {
      value = require(join(checked, 'dist', 'cjs', 'internal', `${module}.js`))[exported];
    } catch (error) {
      wrong.push(`${name}: rxjs/internal/${module} does not load (${error.message.split('\n')[0]})`);
      continue;
    }
    if (value !== index[name]) wrong.push(`${name}: rxjs/internal/${module}.${exported} is not the index's ${name}`);
  }
  if (wrong.length > 0) throw new Error(`rxjs ${version} does not hold the module layout the Node build uses:\n  ${wrong.join('\n  ')}`);
  return `rxjs ${version}: the ${paths.size} module paths read from ${builtFrom} hold`;
}

if (process.argv[2] === '--check') {
  const [builtFrom, checked = builtFrom] = process.argv.slice(3);
  if (builtFrom === undefined) throw new Error('usage: node scripts/rxjs-deep-imports.mjs --check <rxjs dir the build read> [<rxjs dir to check>]');
  process.stdout.write(`${check(builtFrom, checked)}\n`);
}
