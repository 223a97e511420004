/**
 * The published declarations must type-check in a consumer with the strictest settings
 * (`strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, `skipLibCheck: false`),
 * under `moduleResolution` `nodenext` and `bundler`. The spec is self-contained: it builds the
 * package (tsconfig.build.json) into a temporary `node_modules/rxmcp`, beside a copy of
 * spec/types/consumer/, so `rxmcp`, `rxmcp/node`, `rxmcp/redis`, `rxmcp/apps` and `rxmcp/angular` (with
 * Angular, a devDependency, standing in for the app's own) resolve through package.json `exports` as
 * they do for an installed package, and compiles the consumer with the project's own `tsc`.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const CONSUMER = join(__dirname, 'consumer');

/** Runs the project's `tsc` with `args`; resolves with its exit code and output. */
function tsc(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(TSC, [...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe('published type declarations', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxmcp-types-'));
    const pkg = join(dir, 'node_modules', 'rxmcp');
    mkdirSync(pkg, { recursive: true });
    mkdirSync(join(dir, 'node_modules', '@types'));
    copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    // the package's own dependencies (rxjs, zod, ws, …) resolve from its node_modules, as installed
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    // the consumer's own: Node's types, and rxjs (a consumer of Observables depends on it)
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', 'rxjs'), join(dir, 'node_modules', 'rxjs'), 'dir');
    // an Angular app depends on Angular (rxmcp/angular's optional peer), and an MCP Apps host on ext-apps (rxmcp/apps')
    symlinkSync(join(ROOT, 'node_modules', '@angular'), join(dir, 'node_modules', '@angular'), 'dir');
    mkdirSync(join(dir, 'node_modules', '@modelcontextprotocol'));
    symlinkSync(join(ROOT, 'node_modules', '@modelcontextprotocol', 'ext-apps'), join(dir, 'node_modules', '@modelcontextprotocol', 'ext-apps'), 'dir');
    for (const file of readdirSync(CONSUMER)) copyFileSync(join(CONSUMER, file), join(dir, file));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'rxmcp-consumer', private: true, type: 'module' }));
    const build = await tsc(['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist'), '--declarationMap', 'false', '--sourceMap', 'false']);
    expect(build).toEqual({ code: 0, output: '' });
  }, 60_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['nodenext', 'bundler'])('compile in a consumer with exactOptionalPropertyTypes, noUncheckedIndexedAccess and skipLibCheck: false (moduleResolution %s)', async (resolution) => {
    const result = await tsc(['-p', join(dir, `tsconfig.${resolution}.json`)]);
    expect(result).toEqual({ code: 0, output: '' });
  });
});
