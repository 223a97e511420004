/**
 * The main entry must bundle for browsers: nothing reachable from `lib/index.ts` may import a
 * Node built-in. esbuild resolves the whole graph for the browser platform; any `node:` or
 * built-in import makes the build fail or shows up in the metafile.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

describe('browser bundle of rxmcp', () => {
  it('builds lib/index.ts for the browser without any Node built-in', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'lib', 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((imported) => imported.path));
    expect(imports.filter((path) => builtins.has(path) || path.startsWith('node:'))).toEqual([]);
    expect(Object.keys(result.metafile.inputs).some((path) => path.includes('stdio'))).toBe(false);
  });

  it('fails for the Node entry, proving the check bites', async () => {
    await expect(
      build({ entryPoints: [join(ROOT, 'lib', 'node.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' }),
    ).rejects.toThrow(/node:child_process|child_process/);
  });
});
