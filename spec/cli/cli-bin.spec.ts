/**
 * The package's `bin`: `rxmcp` points at dist/bundle/cli/main.js, the command bundled with the
 * Node entries (scripts/bundle-node.mjs), which keeps its shebang and is made executable, so the
 * installed command runs as a program of its own. The spec builds the package as `npm run build`
 * does (tsc with tsconfig.build.json, then the bundler) into a dist/ under node_modules/.cache/,
 * where the dependencies resolve, beside a copy of the package.json (the bundle's `#rxjs` is one of
 * its package-private `imports`, as it is in an installed package), and executes the file directly.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'node_modules', '.cache', `rxmcp-cli-bin-${process.pid}`);
const OUT = join(PACKAGE, 'dist');
const run = promisify(execFile);

const MAIN = join(OUT, 'bundle', 'cli', 'main.js');

beforeAll(async () => {
  mkdirSync(PACKAGE, { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(PACKAGE, 'package.json'));
  await run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', OUT, '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'], { cwd: ROOT, timeout: 60_000 });
  await run(process.execPath, [join(ROOT, 'scripts', 'bundle-node.mjs'), OUT], { cwd: ROOT, timeout: 60_000 });
}, 90_000);
afterAll(() => rmSync(PACKAGE, { recursive: true, force: true }));

describe('the rxmcp bin', () => {
  it('package.json names dist/bundle/cli/main.js, the build makes it executable, and it runs by its shebang', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(manifest.bin).toEqual({ rxmcp: './dist/bundle/cli/main.js' });
    expect(manifest.scripts.build).toContain('node scripts/bundle-node.mjs');
    const main = MAIN;
    expect(readFileSync(main, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(main).mode & 0o111).toBe(0o111);
    const { stdout } = await run(main, ['--version'], { timeout: 20_000 });
    expect(stdout).toBe('0.1.0\n');
    const tools = await run(main, ['tools', '--json', '--', process.execPath, join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs')], { timeout: 20_000 });
    expect((JSON.parse(tools.stdout) as { tools: unknown[] }).tools.length).toBeGreaterThan(0);
  });
});
