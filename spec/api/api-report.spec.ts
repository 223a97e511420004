/**
 * The checked-in API report (api/*.api.md) must match what the sources export: the spec regenerates
 * it with scripts/api-report.ts into a temporary directory and compares it byte for byte, so a change
 * to the public surface cannot land without its diff in api/ for review.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'api-report.ts');
const CHECKED_IN = join(ROOT, 'api');
const HOW_TO_UPDATE = 'The API report is out of date: run `npm run api-report`, review the diff of api/ and commit it.';

/** Runs a command; resolves with its exit code and output, never rejects. */
function run(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd: ROOT, timeout: 60_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe('API report', () => {
  let fresh: string;

  beforeAll(async () => {
    fresh = mkdtempSync(join(tmpdir(), 'rxmcp-api-report-'));
    const generated = await run(TSX, [SCRIPT, '--out', fresh]);
    expect(generated).toEqual({ code: 0, output: '' });
  }, 60_000);

  afterAll(() => {
    if (fresh !== undefined) rmSync(fresh, { recursive: true, force: true });
  });

  it('covers rxmcp, rxmcp/node, rxmcp/redis, rxmcp/apps, rxmcp/angular and rxmcp/internal, each listing its exports by kind', () => {
    expect(readdirSync(fresh).sort()).toEqual(['rxmcp-angular.api.md', 'rxmcp-apps.api.md', 'rxmcp-internal.api.md', 'rxmcp-node.api.md', 'rxmcp-redis.api.md', 'rxmcp.api.md']);
    /** The kind line under each `## name` heading of a report, by name. */
    const kinds = (file: string): Map<string, string> =>
      new Map([...readFileSync(join(fresh, file), 'utf8').matchAll(/^## (\S+)\n\n(.+)$/gm)].map((match) => [match[1] ?? '', match[2] ?? '']));
    const main = kinds('rxmcp.api.md');
    const internal = kinds('rxmcp-internal.api.md');
    const node = kinds('rxmcp-node.api.md');
    expect({ Client: main.get('Client'), retryTransient: main.get('retryTransient'), sha256Hex: main.get('sha256Hex'), TimerNode: main.get('TimerNode') }).toEqual({
      Client: 'class',
      retryTransient: 'function',
      sha256Hex: undefined,
      TimerNode: undefined,
    });
    expect({ sha256Hex: internal.get('sha256Hex'), TimerNode: internal.get('TimerNode') }).toEqual({ sha256Hex: 'function', TimerNode: 'class' });
    expect(node.get('stdio')).toBe('function');
    expect(kinds('rxmcp-redis.api.md').get('RedisResponseCacheStore')).toBe('class');
    expect({ hostApp: kinds('rxmcp-apps.api.md').get('hostApp'), AppToolCallRefusedError: kinds('rxmcp-apps.api.md').get('AppToolCallRefusedError'), hostAppInMain: main.get('hostApp') }).toEqual({ hostApp: 'function', AppToolCallRefusedError: 'class', hostAppInMain: undefined });
    const angular = kinds('rxmcp-angular.api.md');
    expect({ provideMcpClient: angular.get('provideMcpClient'), McpClientService: angular.get('McpClientService'), MCP_INTERCEPTORS: angular.get('MCP_INTERCEPTORS') }).toEqual({
      provideMcpClient: 'function',
      McpClientService: 'class',
      MCP_INTERCEPTORS: 'const',
    });
  });

  it('matches the checked-in api/*.api.md (run `npm run api-report` to update it)', async () => {
    const stale: string[] = [];
    for (const file of readdirSync(fresh).sort()) {
      const checkedIn = join(CHECKED_IN, file);
      if (!existsSync(checkedIn)) {
        stale.push(`api/${file} is missing`);
      } else if (readFileSync(checkedIn, 'utf8') !== readFileSync(join(fresh, file), 'utf8')) {
        const diff = await run('diff', ['-u', '--label', `api/${file} (checked in)`, '--label', `api/${file} (from the sources)`, checkedIn, join(fresh, file)]);
        stale.push(diff.output);
      }
    }
    if (stale.length > 0) throw new Error(`${HOW_TO_UPDATE}\n\n${stale.join('\n')}`);
  });
});
