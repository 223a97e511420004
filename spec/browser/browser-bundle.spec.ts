/**
 * The main entry must bundle for browsers: nothing reachable from `lib/index.ts` may import a
 * Node built-in. esbuild resolves the whole graph for the browser platform; any `node:` or
 * built-in import makes the build fail or shows up in the metafile.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

/** Bundles `entry` for the browser; what it imports that is a Node built-in or `ws`, and every input file. */
async function browserBundle(entry: string): Promise<{ readonly errors: readonly unknown[]; readonly nodeImports: string[]; readonly inputs: string[] }> {
  const result = await build({ entryPoints: [join(ROOT, 'lib', entry)], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((imported) => imported.path));
  return {
    errors: result.errors,
    nodeImports: imports.filter((path) => builtins.has(path) || path.startsWith('node:') || path === 'ws'),
    inputs: Object.keys(result.metafile.inputs),
  };
}

describe('browser bundle of rxmcp', () => {
  it('builds lib/index.ts (every transport but stdio) for the browser without any Node built-in or ws', async () => {
    const { errors, nodeImports, inputs } = await browserBundle('index.ts');
    expect(errors).toEqual([]);
    expect(nodeImports).toEqual([]);
    expect(inputs.filter((path) => path.includes('stdio') || path.includes('node_modules/ws/'))).toEqual([]);
    // the undici requester is Node's: the browser build sends through fetch
    expect(inputs.filter((path) => path.includes('node_modules/undici/') || path.includes('transport/http/node/'))).toEqual([]);
    expect(inputs.some((path) => path.includes('fetch-requester'))).toBe(true);
    // the network transports and the cache are in it: the check covers them too
    for (const part of ['streamable-http-transport', 'sse-transport', 'websocket-transport', 'response-cache']) {
      expect(inputs.some((path) => path.includes(part))).toBe(true);
    }
  });

  it('builds lib/internal.ts (rxmcp/internal) for the browser without any Node built-in or ws', async () => {
    const { errors, nodeImports, inputs } = await browserBundle('internal.ts');
    expect(errors).toEqual([]);
    expect(nodeImports).toEqual([]);
    expect(inputs.filter((path) => path.includes('stdio') || path.includes('node_modules/ws/'))).toEqual([]);
  });

  it('fails for the Node entry, proving the check bites', async () => {
    // every error of the failed build, not only the five its message lists (the Node entry has more)
    const failure = await build({ entryPoints: [join(ROOT, 'lib', 'node.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' }).then(
      () => undefined,
      (error: unknown) => error as { errors?: readonly { text: string }[] },
    );
    expect(failure).toBeDefined();
    expect((failure!.errors ?? []).map((error) => error.text).join('\n')).toMatch(/node:child_process|child_process/);
  });
});
