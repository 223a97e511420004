/**
 * Servers from an `mcpServers` configuration (an object or a JSON file) and transports inferred
 * from what the user hands over (`connect` of rxmcp/node), against real server processes; and
 * every refused input with its typed error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { Client } from '../../lib/client/client.js';
import { ConnectError } from '../../lib/protocol/errors.js';
import { ClientGroup } from '../../lib/group/client-group.js';
import { ConfigError, UnsupportedTargetError } from '../../lib/group/group-errors.js';
import { parseMcpConfig } from '../../lib/group/config.js';
import { findDuplicateKey } from '../../lib/group/json-duplicates.js';
import { connect, fromConfig, inferTransport } from '../../lib/group/node-targets.js';
import { firstText, processAlive } from '../helpers/servers.js';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs');
const PAGED = join(ROOT, 'spec', 'fixtures', 'paged-server.mjs');

/** The error `work` throws or rejects with. */
async function failure(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('mcpServers configuration: bad input', () => {
  it('refuses an unknown field, naming the server and the field', async () => {
    const error = await failure(() => parseMcpConfig({ mcpServers: { files: { command: 'node', comand: 'typo' } } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ server: 'files', field: 'comand' });
    expect((error as Error).message).toContain("mcpServers.files: unknown field 'comand'");
    expect(await failure(() => parseMcpConfig({ mcpServers: {}, servers: {} }))).toMatchObject({ name: 'ConfigError', field: 'servers' });
    expect(await failure(() => parseMcpConfig({ mcpServers: { web: { url: 'https://example.com/mcp', header: {} } } }))).toMatchObject({ server: 'web', field: 'header' });
  });

  it('refuses a missing command, a command that is not a string, and an entry that is neither kind', async () => {
    expect(await failure(() => parseMcpConfig({ mcpServers: { a: { args: ['x'] } } }))).toMatchObject({ name: 'ConfigError', server: 'a', field: 'command' });
    expect(await failure(() => parseMcpConfig({ mcpServers: { a: { command: '' } } }))).toMatchObject({ server: 'a', field: 'command' });
    expect(await failure(() => parseMcpConfig({ mcpServers: { a: { command: 42 } } }))).toMatchObject({ server: 'a', field: 'command' });
    expect(await failure(() => parseMcpConfig({ mcpServers: { a: { command: 'node', args: [1] } } }))).toMatchObject({ server: 'a', field: 'args.0' });
    expect(await failure(() => parseMcpConfig({ mcpServers: { a: 'node server.js' } }))).toMatchObject({ server: 'a' });
    expect(await failure(() => parseMcpConfig({ mcpServers: { a: { command: 'node', url: 'https://x/mcp' } } }))).toMatchObject({ server: 'a', field: 'url' });
    expect(await failure(() => parseMcpConfig(null))).toBeInstanceOf(ConfigError);
    expect(await failure(() => parseMcpConfig({ mcpServers: [] }))).toMatchObject({ field: 'mcpServers' });
  });

  it('refuses a URL that is not one, and a websocket transport on an http URL', async () => {
    expect(await failure(() => parseMcpConfig({ mcpServers: { web: { url: 'not a url' } } }))).toMatchObject({ name: 'ConfigError', server: 'web', field: 'url' });
    expect(await failure(() => parseMcpConfig({ mcpServers: { web: { url: 'ftp://example.com/mcp' } } }))).toMatchObject({ server: 'web', field: 'url' });
    expect(await failure(() => ClientGroup.fromConfig({ mcpServers: { web: { url: 'https://example.com/mcp', transport: 'ws' } } }))).toMatchObject({ server: 'web', field: 'url' });
  });

  it('refuses a JSON file that names a server twice (JSON.parse would keep one silently)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-group-'));
    try {
      const path = join(dir, 'mcp.json');
      writeFileSync(path, `{"mcpServers": {"a": {"command": "node", "args": ["x.js"]}, "b": {"url": "https://e.com/mcp"}, "a": {"command": "python3"}}}`);
      const error = await failure(() => fromConfig(path));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ server: 'a' });
      expect((error as Error).message).toContain("mcpServers has 'a' twice");
      writeFileSync(path, '{"mcpServers": ');
      expect(await failure(() => fromConfig(path))).toMatchObject({ name: 'ConfigError', message: expect.stringContaining('is not JSON') });
      expect(await failure(() => fromConfig(join(dir, 'missing.json')))).toMatchObject({ name: 'ConfigError', message: expect.stringContaining('Cannot read') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(findDuplicateKey('{"a": {"x": 1, "y": "\\"x\\"", "x": 2}}')).toEqual({ path: ['a'], key: 'x' });
    expect(findDuplicateKey('{"a": [{"x": 1}, {"x": 2}], "b": {"a": 1}}')).toBeUndefined();
  });

  it('expands ${VAR} only when asked, and names the server and field of an unset one', async () => {
    const config = { mcpServers: { a: { command: 'node', args: ['${SCRIPT}'], env: { TOKEN: 'Bearer ${TOKEN}' } } } };
    expect(parseMcpConfig(config).mcpServers['a']).toEqual({ command: 'node', args: ['${SCRIPT}'], env: { TOKEN: 'Bearer ${TOKEN}' } });
    expect(parseMcpConfig(config, { expandEnv: { SCRIPT: 's.js', TOKEN: 't0k' } }).mcpServers['a']).toEqual({ command: 'node', args: ['s.js'], env: { TOKEN: 'Bearer t0k' } });
    const error = await failure(() => parseMcpConfig(config, { expandEnv: { SCRIPT: 's.js' } }));
    expect(error).toMatchObject({ name: 'ConfigError', server: 'a', field: 'env.TOKEN', message: expect.stringContaining('TOKEN is not set') });
  });

  it('in the browser-safe entry, a stdio server without a process factory is a ConfigError before anything connects', async () => {
    expect(await failure(() => ClientGroup.fromConfig({ mcpServers: { a: { command: 'node' } } }))).toMatchObject({ name: 'ConfigError', server: 'a', field: 'command' });
  });
});

describe('mcpServers configuration: real servers', () => {
  it('connects a JSON file of servers in parallel; one whose command does not exist fails alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-group-'));
    try {
      const path = join(dir, 'mcp.json');
      const config = {
        mcpServers: {
          fixture: { command: process.execPath, args: [FIXTURE], env: { GREETING_FROM: '${GREETING_FROM}' } },
          paged: { command: process.execPath, args: [PAGED, '2'] },
          broken: { command: join(dir, 'no-such-binary') },
        },
      };
      writeFileSync(path, JSON.stringify(config));
      process.env['GREETING_FROM'] = 'config';
      await using group = await fromConfig(path, { prefix: true, expandEnv: true });
      delete process.env['GREETING_FROM'];
      expect([...group.clients.keys()].sort()).toEqual(['fixture', 'paged']);
      expect(await firstValueFrom(group.state$('broken'))).toMatchObject({ state: 'failed', error: expect.any(ConnectError) });
      expect(firstText(await group.callTool('fixture_env', { name: 'GREETING_FROM' }))).toBe('config');
      expect(firstText(await group.callTool('paged_page1-0', {}))).toMatch(/^page1-0 from \d+$/);
      expect(group.tools.has('paged_page2-0')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('transport inference (rxmcp/node connect)', () => {
  it('runs a .js/.mjs script under this Node and a .ts one under tsx', async () => {
    await using js = await connect(FIXTURE);
    expect(js.transport.kind).toBe('stdio');
    expect(js.transport.description).toBe(`stdio: ${process.execPath} ${FIXTURE}`);
    expect(firstText(await js.callTool('echo', { text: 'js' }))).toBe('js');
    await using ts = await connect(join(ROOT, 'spec', 'fixtures', 'ts-server.ts'));
    expect(ts.transport.description).toMatch(/tsx .*ts-server\.ts$/);
    expect(firstText(await ts.callTool('echo', { text: 'ts' }))).toBe('ts');
  });

  it('an mcpServers object of one server gives a client, of several a group', async () => {
    const one = await connect({ mcpServers: { only: { command: process.execPath, args: [FIXTURE] } } });
    expect(one).toBeInstanceOf(Client);
    const pid = ((one as Client).transport as { pid?: number }).pid!;
    await one.close();
    expect(processAlive(pid)).toBe(false);
    const several = await connect({ mcpServers: { a: { command: process.execPath, args: [FIXTURE] }, b: { command: process.execPath, args: [PAGED] } } });
    expect(several).toBeInstanceOf(ClientGroup);
    await using group = several as ClientGroup;
    expect([...group.clients.keys()]).toEqual(['a', 'b']);
    expect(group.tools.get('page0-0')?.server).toBe('b');
  });

  it('builds python, uv, npx and uvx commands without starting them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-infer-'));
    try {
      const script = join(dir, 'server.py');
      writeFileSync(script, 'print("hi")\n');
      expect(inferTransport(script)?.description).toBe(`stdio: python3 ${script}`);
      expect(inferTransport(script, { python: 'uv', args: ['--flag'] })?.description).toBe(`stdio: uv run ${script} --flag`);
      expect(inferTransport({ npx: '@modelcontextprotocol/server-everything@2', args: ['stdio'] })?.description).toBe('stdio: npx -y @modelcontextprotocol/server-everything@2 stdio');
      expect(inferTransport({ uvx: 'mcp-server-time' })?.description).toBe('stdio: uvx mcp-server-time');
      expect(inferTransport('https://example.com/mcp')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what it cannot serve with a typed error, before starting anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxmcp-infer-'));
    try {
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'not a server');
      expect(await failure(() => connect(text))).toMatchObject({ name: 'UnsupportedTargetError', message: expect.stringContaining("unsupported script type '.txt'") });
      expect(await failure(() => connect(join(dir, 'missing.js')))).toBeInstanceOf(UnsupportedTargetError);
      expect(await failure(() => connect(dir))).toBeInstanceOf(UnsupportedTargetError);
      expect(await failure(() => connect({ npx: '' }))).toBeInstanceOf(UnsupportedTargetError);
      expect(await failure(() => connect(42 as unknown as string))).toBeInstanceOf(UnsupportedTargetError);
      expect(await failure(() => connect({ mcpServers: {} }))).toMatchObject({ name: 'ConfigError', field: 'mcpServers' });
      expect(await failure(() => connect({ mcpServers: { a: { url: 'nope' } } }))).toMatchObject({ name: 'ConfigError', server: 'a', field: 'url' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
