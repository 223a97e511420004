/**
 * Issue 17: importing `rxmcp` and `rxmcp/node` in Node loads only what a client needs before it
 * connects. A fresh `node` process imports both entries (the sources, through tsx) and reports
 * every module it loaded: the ES module URLs its loader resolved (spec/fixtures/load-recorder.mjs)
 * and the CommonJS modules in `require.cache`. `ws`, `undici`, `yaml`, `jose` and oauth4webapi load
 * only when a WebSocket transport, an undici requester, a skill's SKILL.md, a DPoP proof or an OAuth
 * flow needs them.
 *
 * The same holds for the built package as Node resolves it: the spec builds it (tsc, then
 * scripts/bundle-node.mjs, as `npm run build` does) into node_modules/.cache/, where its
 * dependencies resolve, and imports it by name without the source condition, so the `node`
 * conditions of `exports` pick the esbuild bundle (dist/bundle/): one module graph for every
 * entry, so a class is one class whichever entry's code made the object. zod and
 * @cfworker/json-schema are bundled into it (scripts/bundle-node.mjs, BUNDLED): the app's own zod
 * and rxmcp's copy still work together, both ways.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '..', '..');
const recorder = join(root, 'spec', 'fixtures', 'load-recorder.mjs');
const run = promisify(execFile);
/** The built package (beforeAll of the built-package tests): package.json and dist/ as published. */
const BUILT = join(root, 'node_modules', '.cache', `rxmcp-cold-built-${process.pid}`);

/**
 * Every module a fresh process loaded running `script` (an ES module): with `rxmcp` resolving to
 * the sources, or with `built`, to the built package at {@link BUILT} as Node resolves it.
 */
async function modulesLoadedBy(script: string, built = false): Promise<{ modules: string[]; printed: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmcp-imports-'));
  const log = join(dir, 'loads.txt');
  try {
    const printCjs = "console.log(JSON.stringify(Object.keys((await import('node:module')).createRequire(import.meta.url).cache)));";
    const loader = built ? [] : ['--conditions=rxmcp-source', '--import', 'tsx'];
    const { stdout } = await run(process.execPath, [...loader, '--import', recorder, '--input-type=module', '-e', `${script}\n${printCjs}`], {
      cwd: built ? BUILT : root,
      env: { ...process.env, RXMCP_LOAD_LOG: log },
      timeout: 20_000,
    });
    const printed = stdout.trim().split('\n');
    const cjs = JSON.parse(printed.pop()!) as string[];
    const esm = readFileSync(log, 'utf8').split('\n').filter((line) => line !== '');
    return { modules: [...esm, ...cjs].map((entry) => entry.replace(/^file:\/\//, '')), printed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The packages among `modules` (directories under node_modules), deduplicated. */
function packagesOf(modules: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const path of modules) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (match !== null) names.add(match[1]!);
  }
  return names;
}

const IMPORT_BOTH = "await import('rxmcp'); await import('rxmcp/node');";
/** The packages importing both entries must not load: each loads when the part that needs it is first used. */
const LAZY_PACKAGES = ['ws', 'undici', 'yaml', 'jose', 'oauth4webapi'];
/** Runs an ID-JAG exchange (an OAuth flow) against a `fetch` that refuses it, and prints the error's name. */
const RUN_OAUTH_FLOW = [
  "const { requestIdentityAssertion } = await import('rxmcp');",
  "const refuse = async () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'content-type': 'application/json' } });",
  "const request = { idpIssuer: 'https://idp.example', idpTokenEndpoint: 'https://idp.example/token', clientId: 'c', idToken: 'id', audience: 'https://as.example', resource: 'https://mcp.example/mcp', fetch: refuse };",
  'console.log(await requestIdentityAssertion(request).then(() => "resolved", (error) => `${error.name} ${error.code}`));',
].join('\n');

describe('what importing rxmcp loads (issue 17)', () => {
  it('imports rxmcp and rxmcp/node without ws, undici, yaml, jose or oauth4webapi', async () => {
    const { modules } = await modulesLoadedBy(IMPORT_BOTH);
    const packages = packagesOf(modules);
    expect(packages.has('rxjs')).toBe(true);
    expect(packages.has('zod')).toBe(true);
    for (const lazy of LAZY_PACKAGES) expect([lazy, packages.has(lazy)]).toEqual([lazy, false]);
  }, 30_000);

  it('loads undici when the first undici requester is made, and its dispatcher is undici’s Agent', async () => {
    const { modules, printed } = await modulesLoadedBy(
      `${IMPORT_BOTH} const { undiciRequester } = await import('rxmcp/node'); const r = undiciRequester(); console.log(r.dispatcher.constructor.name); await r.close();`,
    );
    expect(packagesOf(modules).has('undici')).toBe(true);
    expect(printed).toEqual(['Agent']);
  }, 30_000);

  it('loads oauth4webapi when the first OAuth flow runs', async () => {
    const { modules, printed } = await modulesLoadedBy(`${IMPORT_BOTH} ${RUN_OAUTH_FLOW}`);
    expect(packagesOf(modules).has('oauth4webapi')).toBe(true);
    expect(printed).toEqual(['TokenRequestError invalid_grant']);
  }, 30_000);
});

describe('what importing the built package loads under Node (issue 17)', () => {
  beforeAll(async () => {
    rmSync(BUILT, { recursive: true, force: true });
    mkdirSync(BUILT, { recursive: true });
    copyFileSync(join(root, 'package.json'), join(BUILT, 'package.json'));
    const dist = join(BUILT, 'dist');
    await run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', dist, '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'], { cwd: root, timeout: 60_000 });
    await run(process.execPath, [join(root, 'scripts', 'bundle-node.mjs'), dist], { cwd: root, timeout: 60_000 });
  }, 90_000);
  afterAll(() => rmSync(BUILT, { recursive: true, force: true }));

  /** The package's own modules among `modules`, relative to its root. */
  const ownModules = (modules: readonly string[]): string[] => modules.filter((path) => path.startsWith(`${BUILT}/`)).map((path) => path.slice(BUILT.length + 1));

  it('resolves rxmcp and rxmcp/node to the bundle, loads none of tsc’s files, and none of ws, undici, yaml, jose or oauth4webapi', async () => {
    const { modules, printed } = await modulesLoadedBy(`${IMPORT_BOTH} console.log(import.meta.resolve('rxmcp'), import.meta.resolve('rxmcp/node'));`, true);
    expect(printed).toEqual([`file://${BUILT}/dist/bundle/index-node.js file://${BUILT}/dist/bundle/node.js`]);
    const own = ownModules(modules);
    expect(own).toContain('dist/bundle/index-node.js');
    expect(own.filter((path) => !path.startsWith('dist/bundle/'))).toEqual([]);
    // a few files, not ~200: the entries and their shared chunks
    expect(new Set(own).size).toBeLessThan(20);
    const packages = packagesOf(modules);
    expect(packages.has('rxjs')).toBe(true);
    // bundled: zod's ~100 files (zod/mini's entry loads all its locales) and the JSON Schema engine
    expect([packages.has('zod'), packages.has('@cfworker/json-schema')]).toEqual([false, false]);
    for (const lazy of LAZY_PACKAGES) expect([lazy, packages.has(lazy)]).toEqual([lazy, false]);
  }, 30_000);

  it("imports rxjs by its modules, not its index: rxmcp's Observables are the app's rxjs classes, and the app's operators compose with them", async () => {
    const server = join(root, 'spec', 'fixtures', 'fixture-server.mjs');
    const { modules: atImport } = await modulesLoadedBy(IMPORT_BOTH, true);
    const rxjsFiles = atImport.filter((path) => path.includes('/node_modules/rxjs/'));
    // scripts/rxjs-deep-imports.mjs: the ~40 names rxmcp uses, through package.json's `#rxjs`
    expect(rxjsFiles.some((path) => path.endsWith('/rxjs/dist/cjs/index.js'))).toBe(false);
    expect(rxjsFiles.length).toBeGreaterThan(10);
    expect(rxjsFiles.length).toBeLessThan(150);
    const { printed } = await modulesLoadedBy(
      [
        "const rx = await import('rxjs'); const node = await import('rxmcp/node');",
        `const client = await node.connect(${JSON.stringify(server)}, { mode: 'legacy' });`,
        "const call$ = client.callTool$('echo', { text: 'hi' });",
        'const events = await rx.lastValueFrom(call$.pipe(rx.map((event) => event.type), rx.toArray()));',
        'console.log(JSON.stringify({ call: call$ instanceof rx.Observable, tools: client.tools$ instanceof rx.Observable, state: client.state$ instanceof rx.Observable, events }));',
        'await client.close();',
      ].join('\n'),
      true,
    );
    expect(printed.map((line) => JSON.parse(line) as unknown)).toEqual([{ call: true, tools: true, state: true, events: ['result'] }]);
  }, 30_000);

  it("works with the app's own zod both ways: rxmcp's schemas compose into the app's, and the app's schemas validate results", async () => {
    const server = join(root, 'spec', 'fixtures', 'fixture-server.mjs');
    const { printed } = await modulesLoadedBy(
      [
        "const { z } = await import('zod'); const rx = await import('rxmcp'); const node = await import('rxmcp/node');",
        'const envelope = z.object({ error: rx.JsonRpcErrorObjectSchema });',
        "console.log(JSON.stringify([envelope.safeParse({ error: { code: -32601, message: 'no' } }).success, envelope.safeParse({ error: { code: 'x' } }).success]));",
        `const dispatcher = new rx.Dispatcher(node.stdio({ command: process.execPath, args: [${JSON.stringify(server)}] }));`,
        'dispatcher.start();',
        'const session = new rx.ClientSession(dispatcher);',
        'await session.initialize();',
        "const listed = await session.sendRequest('tools/list', {}, z.object({ tools: z.array(z.object({ name: z.string() })) }));",
        "const refused = await session.sendRequest('tools/list', {}, z.object({ pages: z.number() })).then(() => 'resolved', (error) => error.constructor.name);",
        "console.log(JSON.stringify([listed.tools.some((tool) => tool.name === 'echo'), refused]));",
        'await session.dispatcher.close();',
      ].join('\n'),
      true,
    );
    expect(printed.map((line) => JSON.parse(line) as unknown)).toEqual([
      [true, false],
      [true, 'ProtocolViolationError'],
    ]);
  }, 30_000);

  it('keeps import()s lazy in the bundle: undici loads when the first undici requester is made, oauth4webapi with the first OAuth flow', async () => {
    const { modules, printed } = await modulesLoadedBy(
      `${IMPORT_BOTH} const { undiciRequester } = await import('rxmcp/node'); const r = undiciRequester(); console.log(r.dispatcher.constructor.name); await r.close();\n${RUN_OAUTH_FLOW}`,
      true,
    );
    const packages = packagesOf(modules);
    expect([packages.has('undici'), packages.has('oauth4webapi')]).toEqual([true, true]);
    expect(printed).toEqual(['Agent', 'TokenRequestError invalid_grant']);
  }, 30_000);

  it('connects over stdio and answers a first call without loading Web Crypto (the response cache derives its identity on first use)', async () => {
    const server = join(root, 'spec', 'fixtures', 'fixture-server.mjs');
    const { printed } = await modulesLoadedBy(
      [
        "const main = await import('rxmcp'); const node = await import('rxmcp/node');",
        'const before = process.moduleLoadList.length;',
        `const client = await main.Client.connect(node.stdio({ command: process.execPath, args: [${JSON.stringify(server)}] }), { mode: 'legacy' });`,
        "const result = await client.callTool('echo', { text: 'hi' });",
        "console.log(JSON.stringify({ text: result.content[0].text, crypto: process.moduleLoadList.slice(before).filter((name) => name.includes('crypto')) }));",
        'await client.close();',
      ].join('\n'),
      true,
    );
    expect(printed.map((line) => JSON.parse(line) as unknown)).toEqual([{ text: 'hi', crypto: [] }]);
  }, 30_000);

  it('has one class per concept across entries: rxmcp/node’s errors and clients are instances of rxmcp’s classes', async () => {
    const server = join(root, 'spec', 'fixtures', 'fixture-server.mjs');
    const { printed } = await modulesLoadedBy(
      [
        "const main = await import('rxmcp'); const node = await import('rxmcp/node'); const internal = await import('rxmcp/internal');",
        "let error; try { node.stdio({ command: '' }); } catch (e) { error = e; }",
        'console.log(JSON.stringify({ name: error?.constructor.name, invalidOption: error instanceof main.InvalidOptionError, rxmcpError: error instanceof main.RxMcpError }));',
        "let configError; try { await node.readConfigFile('/nonexistent/mcp.json'); } catch (e) { configError = e; }",
        'console.log(JSON.stringify({ name: configError?.constructor.name, configError: configError instanceof main.ConfigError }));',
        `const client = await node.connect(${JSON.stringify(server)}, { mode: 'legacy' });`,
        "const result = await client.callTool('echo', { text: 'hi' });",
        'console.log(JSON.stringify({ client: client instanceof main.Client, text: result.content[0].text, transient: internal.isTransientError === main.isTransientError }));',
        'await client.close();',
      ].join('\n'),
      true,
    );
    expect(printed.map((line) => JSON.parse(line) as unknown)).toEqual([
      { name: 'InvalidOptionError', invalidOption: true, rxmcpError: true },
      { name: 'ConfigError', configError: true },
      { client: true, text: 'hi', transient: true },
    ]);
  }, 30_000);
});
