/**
 * The built Angular demo (demos/angular/) for the browser spec: built by
 * scripts/build-angular-demo.sh (pack rxmcp, npm ci, ng build on Node 22) only when a hash of its
 * inputs changed since the last build, so a fresh clone's `npm test` builds it and later runs reuse it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'demos', 'angular');
const STAMP = join(ROOT, '.cache', 'angular-demo', 'inputs.sha256');
const LOG = join(ROOT, '.cache', 'angular-demo', 'build.log');

/** Where the built demo is. */
export const ANGULAR_DEMO = {
  /** The site: index.html and the bundles. */
  browser: join(DEMO, 'dist', 'demo', 'browser'),
  /** esbuild's metafile of the build (`statsJson`). */
  stats: join(DEMO, 'dist', 'demo', 'browser-stats.json'),
  /** The demo's own node_modules. */
  nodeModules: join(DEMO, 'node_modules'),
} as const;

/** Every file under `dir` (absolute), skipping folders named in `skip`. */
function files(dir: string, skip: ReadonlySet<string>): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skip.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path, skip) : [path];
  });
}

/** The hash of what the build reads: lib/, the package's manifest and build configs, the scripts, the demo's sources and lock. */
export function angularDemoInputsHash(): string {
  const skip = new Set(['node_modules', 'dist', '.pack', '.angular']);
  const inputs = [
    ...files(join(ROOT, 'lib'), skip),
    ...['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build-angular-demo.sh', 'scripts/bundle-node.mjs', 'scripts/node22.sh'].map((path) => join(ROOT, path)),
    ...files(DEMO, skip),
  ].sort();
  const hash = createHash('sha256');
  for (const path of inputs) hash.update(`${relative(ROOT, path)}\0`).update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

/**
 * Builds the demo unless the last build was of the same inputs. Rejects with the tail of the
 * build's output (all of it in .cache/angular-demo/build.log) when the build fails.
 */
export async function ensureAngularDemo(): Promise<{ readonly built: boolean; readonly seconds: number }> {
  const hash = angularDemoInputsHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && existsSync(join(ANGULAR_DEMO.browser, 'index.html'))) return { built: false, seconds: 0 };
  mkdirSync(join(ROOT, '.cache', 'angular-demo'), { recursive: true });
  const started = Date.now();
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'scripts', 'build-angular-demo.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', resolve);
  });
  const text = Buffer.concat(output).toString('utf8');
  writeFileSync(LOG, text);
  if (code !== 0) throw new Error(`the Angular demo did not build: bash scripts/build-angular-demo.sh exited ${code} (full output in .cache/angular-demo/build.log); its last lines:\n${text.split('\n').slice(-40).join('\n')}`);
  writeFileSync(STAMP, hash);
  return { built: true, seconds: Math.round((Date.now() - started) / 1000) };
}
