/**
 * `rxmcp/angular` is an entry of its own: nothing of `lib/angular/` and no `@angular/*` package is
 * reachable from `rxmcp` (browser and Node builds) or `rxmcp/node`, so apps without Angular never
 * need it. Checked on the bundles esbuild resolves from each entry (every import followed).
 */
import { join } from 'node:path';
import { build } from 'esbuild';

const LIB = join(__dirname, '..', '..', 'lib');

/** Every input of the bundle of `entry` and every module it imports that esbuild left out. */
async function reachable(entry: string, platform: 'browser' | 'node'): Promise<string[]> {
  const result = await build({ entryPoints: [join(LIB, entry)], bundle: true, platform, format: 'esm', write: false, metafile: true, logLevel: 'silent', packages: platform === 'node' ? 'external' : 'bundle' });
  const inputs = Object.keys(result.metafile.inputs);
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((imported) => imported.path));
  return [...inputs, ...imports];
}

const angularParts = (paths: readonly string[]): string[] => paths.filter((path) => path.includes('@angular') || /(^|\/)lib\/angular(\/|\.ts$)/.test(path));

describe('the rxmcp/angular entry stays out of the other entries', () => {
  it.each([
    ['index.ts', 'browser'],
    ['index-node.ts', 'node'],
    ['node.ts', 'node'],
  ] as const)('nothing of lib/angular or @angular/* is reachable from lib/%s (%s)', async (entry, platform) => {
    const paths = await reachable(entry, platform);
    expect(paths.length).toBeGreaterThan(50);
    expect(angularParts(paths)).toEqual([]);
  });

  it('while lib/angular.ts does reach them (the check sees what it looks for)', async () => {
    const paths = await reachable('angular.ts', 'node');
    expect(angularParts(paths).some((path) => path.startsWith('@angular/core'))).toBe(true);
    expect(angularParts(paths).some((path) => path.includes('lib/angular/'))).toBe(true);
  });
});
