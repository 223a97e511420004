/**
 * The `rxmcp` commands that follow a server until Ctrl-C, run as processes with pipes: `logs`
 * against a legacy server that logs on its own, `watch` and `tail` against the fixture HTTP server
 * (whose `/admin/notify` announces a change to every connection), and Ctrl-C (SIGINT) during a
 * call, which must reach the server as a `notifications/cancelled` for that call before the
 * command exits 130.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'rxmcp';
import { LOGGING_TARGET, ROOT, startCli, tappedFixtureTarget, tappedMessages, type RunningCli } from '../helpers/cli-process.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { bodyOf, postsOf } from '../helpers/http-wire.js';

let dir: string;
let http: FixtureHttpServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxmcp-cli-follow-'));
  http = await startFixtureHttpServer();
});
afterAll(async () => {
  await http?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends SIGINT and resolves with how the CLI ended. */
async function interrupt(cli: RunningCli) {
  cli.child.kill('SIGINT');
  return cli.exited;
}

/** Calls `notify` until the CLI printed a line `matches` accepts (the CLI's subscription may still be opening). */
async function announceUntilSeen(cli: RunningCli, notify: () => Promise<unknown>, matches: (line: string) => boolean): Promise<string[]> {
  const seen = cli.waitForLines((lines) => lines.some(matches));
  let done = false;
  void seen.finally(() => (done = true)).catch(() => undefined);
  while (!done) {
    await notify();
    await Promise.race([seen.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 150))]);
  }
  return seen;
}

describe('rxmcp logs', () => {
  it('follows the log messages from --level up until Ctrl-C, then exits 130', async () => {
    const cli = await startCli(['logs', '--level', 'warning', ...LOGGING_TARGET]);
    const lines = await cli.waitForLines((seen) => seen.length >= 4);
    for (const line of lines.slice(0, 4)) expect(line).toMatch(/^\[(warning|error)\] ticker: tick \d+$/);
    expect(cli.stdout()).not.toMatch(/\[(debug|info)\]/);
    const result = await interrupt(cli);
    expect(result.code).toBe(130);
  });

  it('--json prints one JSON line per message', async () => {
    const cli = await startCli(['logs', '--json', '--level', 'error', ...LOGGING_TARGET]);
    const lines = await cli.waitForLines((seen) => seen.length >= 2);
    for (const line of lines.slice(0, 2)) expect(JSON.parse(line)).toEqual({ level: 'error', logger: 'ticker', data: expect.stringMatching(/^tick \d+$/) });
    expect((await interrupt(cli)).code).toBe(130);
  });
});

describe.each(['auto', 'legacy'])('rxmcp watch and tail over HTTP (--mode %s)', (mode) => {
  it('watch tools prints the list, then again when the server says it changed', async () => {
    const cli = await startCli([http.url, 'watch', 'tools', '--json', '--mode', mode]);
    const [first] = await cli.waitForLines((lines) => lines.length >= 1);
    const initial = (JSON.parse(first!) as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name);
    expect(initial).toContain('echo');
    // a modern request is served by a fresh server instance, which sees the added tool; a legacy
    // session keeps the instance it started with, so there the same list is printed again
    const added = `watched-${mode}`;
    {
      await using client = await Client.connect(http.url, { mode: 'legacy' });
      await client.callTool('add-tool', { name: added });
    }
    const expected = mode === 'legacy' ? initial : [...initial, added];
    const lines = await announceUntilSeen(cli, () => http.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'tools' }), headers: { 'content-type': 'application/json' } }), () => cli.stdout().split('\n').filter((line) => line !== '').length >= 2);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect((JSON.parse(lines[1]!) as { tools: Array<{ name: string }> }).tools.map((tool) => tool.name)).toEqual(expected);
    expect((await interrupt(cli)).code).toBe(130);
  });

  it('tail URI --read prints each update of the resource with its contents', async () => {
    const cli = await startCli([http.url, 'tail', 'fixture://greeting', '--read', '--json', '--mode', mode]);
    const lines = await announceUntilSeen(cli, () => http.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'resource', uri: 'fixture://greeting' }), headers: { 'content-type': 'application/json' } }), () => true);
    expect(JSON.parse(lines[0]!)).toEqual({ uri: 'fixture://greeting', contents: [expect.objectContaining({ uri: 'fixture://greeting', text: 'hello' })] });
    expect((await interrupt(cli)).code).toBe(130);
  });
});

describe('rxmcp --config with a URL entry', () => {
  it('connects to the entry\'s url with its headers (type http pins Streamable HTTP)', async () => {
    const proxy = await startFaultProxy(http.url);
    try {
      const config = join(dir, 'http.json');
      writeFileSync(config, JSON.stringify({ mcpServers: { web: { type: 'http', url: proxy.url, headers: { 'X-Team': 'blue' } } } }));
      const cli = await startCli(['info', '--json', '--config', config, '--server', 'web']);
      cli.child.stdin.end();
      const result = await cli.exited;
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ transport: 'streamable-http', serverInfo: { name: 'rxmcp-fixture' } });
      expect(proxy.requests.length).toBeGreaterThan(0);
      for (const request of proxy.requests.filter((recorded) => recorded.method === 'POST')) expect(request.headers['x-team']).toBe('blue');
    } finally {
      await proxy.stop();
    }
  });
});

describe('rxmcp watch, human output', () => {
  it('watch prompts prints a header and one line per prompt, again after a change (2026-07-28 over HTTP)', async () => {
    const cli = await startCli([http.url, 'watch', 'prompts']);
    await cli.waitForLines((lines) => lines.some((line) => line.includes('review(code, language?)')));
    {
      await using client = await Client.connect(http.url, { mode: 'legacy' });
      await client.callTool('add-prompt', { name: 'watched-prompt' });
    }
    const lines = await announceUntilSeen(cli, () => http.admin('notify', { method: 'POST', body: JSON.stringify({ kind: 'prompts' }), headers: { 'content-type': 'application/json' } }), (line) => line.includes('watched-prompt'));
    const headers = lines.filter((line) => /^prompts \(\d+\) at \d\d:\d\d:\d\d$/.test(line));
    expect(headers.length).toBeGreaterThanOrEqual(2);
    expect(lines).toContain('  greet(name)  Greets someone');
    expect(lines).toContain('  watched-prompt()  Added by add-prompt');
    expect(cli.stdout()).not.toContain('\u001b[');
    expect((await interrupt(cli)).code).toBe(130);
  });
});

describe('Ctrl-C during ping on 2026-07-28', () => {
  it('abandons the server/discover the server never answers and exits 130 at once, not by the forced exit', async () => {
    // stall-repeat.mjs passes the connect's server/discover and holds the ping's one forever
    const target = ['--', process.execPath, join(ROOT, 'spec', 'fixtures', 'stall-repeat.mjs'), 'server/discover', '--', process.execPath, join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs')];
    const cli = await startCli(['ping', '--server-stderr', ...target]);
    await waitFor(async () => cli.stderr().includes('stall-repeat: holding server/discover'));
    const result = await interrupt(cli);
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    // the forced exit (a second Ctrl-C, or cleanup that hangs) says so: this exit was the clean one
    expect(result.stderr).not.toContain('not waiting any longer for the cleanup');
  });
});

describe('Ctrl-C during a call', () => {
  it.each(['auto', 'legacy'])('cancels the call on the server (notifications/cancelled for its id), then exits 130 (--mode %s)', async (mode) => {
    const log = join(dir, `cancel-${mode}.log`);
    const cli = await startCli(['call', 'slow', '--arg', 'ms=30000', '--mode', mode, ...tappedFixtureTarget(log)]);
    // wait until the call reached the server
    const sent = () => {
      try {
        return tappedMessages(readFileSync(log, 'utf8'));
      } catch {
        return [];
      }
    };
    while (!sent().some((message) => message.method === 'tools/call')) await new Promise((resolve) => setTimeout(resolve, 30));
    const result = await interrupt(cli);
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    const messages = sent();
    const call = messages.find((message) => message.method === 'tools/call')!;
    expect(call.params).toMatchObject({ name: 'slow', arguments: { ms: 30000 } });
    expect(messages.filter((message) => message.method === 'notifications/cancelled').map((message) => message.params?.requestId)).toEqual([call.id]);
  });

  it.each(['auto', 'legacy'])('over HTTP the server records the cancellation, and a legacy one got notifications/cancelled for the call (--mode %s)', async (mode) => {
    const proxy = await startFaultProxy(http.url);
    try {
      const before = await cancellations(http.url);
      const cli = await startCli([proxy.url, 'call', 'slow', '--arg', 'ms=30000', '--mode', mode]);
      await waitFor(async () => postsOf(proxy.requests, 'tools/call').length === 1);
      const result = await interrupt(cli);
      expect(result.code).toBe(130);
      await waitFor(async () => (await cancellations(http.url)) > before);
      const callId = bodyOf(postsOf(proxy.requests, 'tools/call')[0]!).id;
      const notices = postsOf(proxy.requests, 'notifications/cancelled').map((request) => bodyOf(request).params?.requestId);
      // 2026-07-28 over HTTP cancels by closing the request's stream; legacy sends the notification
      expect(notices).toEqual(mode === 'legacy' ? [callId] : []);
    } finally {
      await proxy.stop();
    }
  });
});

async function cancellations(url: string): Promise<number> {
  await using client = await Client.connect(url, { mode: 'legacy' });
  const result = await client.callTool('cancellations', {});
  return Number((result.content[0] as { text: string }).text);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
