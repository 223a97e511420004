/**
 * Issue 17: importing `rxmcp` and `rxmcp/node` in Node loads only what a client needs before it
 * connects. A fresh `node` process imports both entries (the sources, through tsx) and reports
 * every module it loaded: the ES module URLs its loader resolved (spec/fixtures/load-recorder.mjs)
 * and the CommonJS modules in `require.cache`. `ws`, `undici`, `yaml` and `jose` load only when a
 * WebSocket transport, an undici requester, a skill's SKILL.md or a DPoP proof needs them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '..', '..');
const recorder = join(root, 'spec', 'fixtures', 'load-recorder.mjs');

/** Every module a fresh process loaded running `script` (an ES module, with `rxmcp` resolving to the sources). */
async function modulesLoadedBy(script: string): Promise<{ modules: string[]; printed: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxmcp-imports-'));
  const log = join(dir, 'loads.txt');
  try {
    const printCjs = "console.log(JSON.stringify(Object.keys((await import('node:module')).createRequire(import.meta.url).cache)));";
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=rxmcp-source', '--import', 'tsx', '--import', recorder, '--input-type=module', '-e', `${script}\n${printCjs}`],
      { cwd: root, env: { ...process.env, RXMCP_LOAD_LOG: log }, timeout: 20_000 },
    );
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

describe('what importing rxmcp loads (issue 17)', () => {
  it('imports rxmcp and rxmcp/node without ws, undici, yaml or jose', async () => {
    const { modules } = await modulesLoadedBy(IMPORT_BOTH);
    const packages = packagesOf(modules);
    expect(packages.has('rxjs')).toBe(true);
    expect(packages.has('zod')).toBe(true);
    for (const lazy of ['ws', 'undici', 'yaml', 'jose']) expect([lazy, packages.has(lazy)]).toEqual([lazy, false]);
  }, 30_000);

  it('loads undici when the first undici requester is made, and its dispatcher is undici’s Agent', async () => {
    const { modules, printed } = await modulesLoadedBy(
      `${IMPORT_BOTH} const { undiciRequester } = await import('rxmcp/node'); const r = undiciRequester(); console.log(r.dispatcher.constructor.name); await r.close();`,
    );
    expect(packagesOf(modules).has('undici')).toBe(true);
    expect(printed).toEqual(['Agent']);
  }, 30_000);
});
