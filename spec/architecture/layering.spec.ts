/**
 * The layering of `lib/`, checked on the source: every relative `import`/`export … from` (type-only
 * ones included) goes to the same layer or a lower one, and no chain of imports comes back to where
 * it started. The layer table below is the one of docs/architecture.md, written once here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const LIB = join(__dirname, '..', '..', 'lib');

/**
 * The rank of each folder of `lib/`, low to high; a file may import its own rank or lower. Time sits
 * below dispatch (the dispatcher's deadlines wait in the timer queue); cache and validation sit
 * beside operators; the request chain (pipeline) sits between the session it drives and the client that
 * folds it. Files directly in `lib/` (index.ts, node.ts) are entries: they may import
 * anything, and no layer imports them.
 */
const LAYERS: Readonly<Record<string, number>> = {
  protocol: 0,
  streams: 0.5, // the reconnect machine: the transports and the operators (and the client) re-open their streams with it
  transport: 1,
  // beside transport: the OAuth provider fills the transports' `ClientAuth` seam structurally and
  // imports only protocol (its errors); the transports never import it, the entries export it
  auth: 1,
  time: 2,
  dispatch: 3,
  operators: 4,
  cache: 4,
  validation: 4,
  session: 5,
  // tasks: drives a task's follow-ups through the session; the pipeline's tasks stage uses it
  tasks: 5.5,
  // the request chain: its stages drive the session (rounds, tool validation) and are folded by the client
  pipeline: 6,
  // client extensions (SEP-2133): they fill the chain's claim resolvers and the session's claim
  // parsers and ads, so above both; the client folds them at connect
  extensions: 6.5,
  client: 7,
  // MCP Apps host (rxmcp/apps): the ad is an extension, the iframe host drives a public Client;
  // browser-only, reached from the `apps.ts` entry alone, nothing below imports it
  apps: 7.5,
  // many servers on the public Client API; nothing in lib/ below the entries imports it
  group: 8,
  // the Angular entry's services (rxmcp/angular): they wrap the client and the group for DI, so above
  // both; only lib/angular.ts imports them (spec/angular/entry-isolation.spec.ts keeps them out of rxmcp)
  angular: 8.5,
  // the `rxmcp` command: a user of the package, so above everything and imported by nothing
  cli: 9,
};

/**
 * Layers that are users of the package: they import the public entries (`index.ts`, `node.ts`)
 * and nothing else of `lib/`, so they see exactly what a user sees.
 */
const ENTRY_USERS: ReadonlySet<string> = new Set(['cli']);
const PUBLIC_ENTRIES: ReadonlySet<string> = new Set(['index.ts', 'node.ts']);

/**
 * The layers that may import a concrete transport (`transport/http/`, `transport/stdio/`,
 * `transport/websocket/`): the transports themselves, the client, which picks one for a URL, and
 * the group, whose Node-only part (`node-targets.ts`) starts a stdio server for a config entry or a script.
 * Every other layer sees only what is directly in `transport/` (the contract, the in-memory pair,
 * `ConnectError`); what they share with a transport (its errors, its policies) lives lower.
 */
const CONCRETE_TRANSPORT_USERS: ReadonlySet<string> = new Set(['transport', 'client', 'group']);

/** Every `.ts` file under `dir`, as absolute paths. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The module specifiers a file imports or re-exports: `import … from`, `import type … from`,
 * `export … from`, bare `import '…'` and literal dynamic `import('…')`, over several lines too.
 */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** `lib/`-relative path with forward slashes, for messages. */
function name(path: string): string {
  return relative(LIB, path).split(sep).join('/');
}

/** The layer folder of a file, or `undefined` for an entry file directly in `lib/`. */
function folderOf(path: string): string | undefined {
  const parts = name(path).split('/');
  return parts.length > 1 ? parts[0] : undefined;
}

/** The import graph of `lib/`: file → the `lib/` files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(LIB)) {
    const targets = specifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    graph.set(file, targets);
  }
  return graph;
}

/** Every circle of the graph found by a depth-first search, each as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      const seen = state.get(target);
      if (seen === 'open') found.push([...stack.slice(stack.indexOf(target)), target]);
      else if (seen === undefined && graph.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the layering of lib/', () => {
  const graph = importGraph();

  it('reads the sources: every relative import resolves to a file of lib/, and every folder has a rank', () => {
    expect(graph.size).toBeGreaterThan(50);
    const unresolved = [...graph].flatMap(([file, targets]) => targets.filter((target) => !graph.has(target)).map((target) => `${name(file)} → ${target}`));
    expect(unresolved).toEqual([]);
    const unranked = [...new Set([...graph.keys()].map(folderOf).filter((folder): folder is string => folder !== undefined && !(folder in LAYERS)))];
    expect(unranked).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      if (from === undefined) continue;
      for (const target of targets) {
        const to = folderOf(target);
        if (to === undefined && ENTRY_USERS.has(from) && PUBLIC_ENTRIES.has(name(target))) continue;
        if (to === undefined) upward.push(`${name(file)} (${from}) → ${name(target)} (an entry file)`);
        else if (LAYERS[to]! > LAYERS[from]!) upward.push(`${name(file)} (${from}) → ${name(target)} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('reaches into a concrete transport only from the transports, the client and the group', () => {
    const inward: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      if (from === undefined || CONCRETE_TRANSPORT_USERS.has(from)) continue;
      for (const target of targets) if (/^transport\/[^/]+\//.test(name(target))) inward.push(`${name(file)} (${from}) → ${name(target)}`);
    }
    expect(inward).toEqual([]);
  });

  it('lets the CLI use the public entries only, never a layer of lib/ directly', () => {
    const inward: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      if (from === undefined || !ENTRY_USERS.has(from)) continue;
      for (const target of targets) {
        const to = folderOf(target);
        if (to !== undefined && to !== from) inward.push(`${name(file)} (${from}) → ${name(target)}`);
        if (to === undefined && !PUBLIC_ENTRIES.has(name(target))) inward.push(`${name(file)} (${from}) → ${name(target)} (not a public entry)`);
      }
    }
    expect([...graph.keys()].some((file) => folderOf(file) === 'cli')).toBe(true);
    expect(inward).toEqual([]);
  });

  it('has no import circle', () => {
    const circles = cycles(graph).map((path) => path.map(name).join(' → '));
    expect(circles).toEqual([]);
  });

  it('the checks see an upward arrow and a circle when there is one (the checker itself)', () => {
    expect(specifiers("import type {\n  A,\n  B,\n} from '../x.js';\nexport { C } from './y.js';\nimport './z.js';")).toEqual(['../x.js', './y.js', './z.js']);
    const a = join(LIB, 'cache', 'a.ts');
    const b = join(LIB, 'cache', 'b.ts');
    const c = join(LIB, 'cache', 'c.ts');
    expect(cycles(new Map([[a, [b]], [b, [c]], [c, [a]]])).map((path) => path.map(name))).toEqual([['cache/a.ts', 'cache/b.ts', 'cache/c.ts', 'cache/a.ts']]);
    expect(cycles(new Map([[a, [b, c]], [b, [c]], [c, []]]))).toEqual([]);
  });
});
