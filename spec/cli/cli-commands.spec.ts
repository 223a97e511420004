/**
 * The `rxmcp` command as a process against the fixture server over stdio (spec/fixtures/), with
 * pipes for stdin, stdout and stderr (not a terminal): what each command prints, the `--json`
 * shapes, the exit codes, argument checking against the input schema before anything is sent,
 * `--config`/`--server`, and elicitation/sampling refused off a terminal.
 */
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURE_TARGET, ROOT, runCli, tappedFixtureTarget, tappedMessages } from '../helpers/cli-process.js';

const FIXTURE = join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs');

/** A port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxmcp-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rxmcp info, tools, prompts, resources (stdio fixture)', () => {
  it.each([
    ['auto', 'modern', '2026-07-28'],
    ['legacy', 'legacy', '2025-11-25'],
  ])('info --mode %s prints the era, the server and its capabilities; --json is one document', async (mode, era, version) => {
    const human = await runCli(['info', '--mode', mode, ...FIXTURE_TARGET]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('rxmcp-fixture 1.0.0');
    expect(human.stdout).toContain(`${era} (protocol ${version})`);
    expect(human.stdout).toMatch(/capabilities +.*tools \(listChanged\)/);
    expect(human.stdout).toContain('A fixture server for rxmcp tests.');
    expect(human.stdout).not.toContain('\u001b['); // no colours on a pipe

    const json = await runCli(['--json', '--mode', mode, 'info', ...FIXTURE_TARGET]); // --json before the command works too
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      era,
      protocolVersion: version,
      serverInfo: expect.objectContaining({ name: 'rxmcp-fixture', version: '1.0.0' }),
      capabilities: expect.objectContaining({ tools: { listChanged: true }, logging: {} }),
      instructions: 'A fixture server for rxmcp tests.',
      transport: 'stdio',
    });
  });

  it('tools prints one signature per tool; --json is {"tools": [...]} with the input schemas', async () => {
    const human = await runCli(['tools', ...FIXTURE_TARGET]);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')).toEqual(expect.arrayContaining(['echo(text: string)  Echoes its text', 'add(a: number, b: number)  Adds two numbers', 'progress(steps: integer, delayMs?: number, noTotal?: boolean)  Reports progress, then finishes']));
    const json = await runCli(['tools', '--json', ...FIXTURE_TARGET]);
    const document = JSON.parse(json.stdout) as { tools: Array<{ name: string; inputSchema: { required?: string[] } }> };
    expect(document.tools.find((tool) => tool.name === 'echo')?.inputSchema.required).toEqual(['text']);
    expect(document.tools).toHaveLength(25);
  });

  it('prompts, prompt NAME --arg', async () => {
    const listed = await runCli(['prompts', ...FIXTURE_TARGET]);
    expect(listed.stdout.split('\n')).toEqual(expect.arrayContaining(['greet(name)  Greets someone', 'review(code, language?)  Asks for a code review']));
    const prompt = await runCli(['prompt', 'greet', '--arg', 'name=Ada', ...FIXTURE_TARGET]);
    expect(prompt).toMatchObject({ code: 0, stdout: 'user: Hello, Ada!\n' });
  });

  it('resources lists resources and templates (--json)', async () => {
    const resources = await runCli(['resources', '--json', ...FIXTURE_TARGET]);
    const document = JSON.parse(resources.stdout) as { resources: Array<{ uri: string }>; resourceTemplates: Array<{ uriTemplate: string }> };
    expect(document.resources.map((resource) => resource.uri)).toEqual(['fixture://greeting', 'fixture://blob']);
    expect(document.resourceTemplates.map((template) => template.uriTemplate)).toEqual(['fixture://items/{id}']);
  });

  it('read prints text contents, and binary ones as their exact bytes on a pipe', async () => {
    expect(await runCli(['read', 'fixture://items/7', ...FIXTURE_TARGET])).toMatchObject({ code: 0, stdout: 'item 7\n' });
    const blob = await runCli(['read', 'fixture://blob', ...FIXTURE_TARGET]);
    expect(blob.stdoutBytes).toEqual(Buffer.from([0, 1, 2, 3, 0xfe, 0xff])); // binary contents as bytes on a pipe
  });

  it('complete prints the values, one per line; --json the completion object', async () => {
    const completed = await runCli(['complete', '--prompt', 'review', 'language', 'ty', ...FIXTURE_TARGET]);
    expect(completed).toMatchObject({ code: 0, stdout: 'typescript\n' });
    const completedJson = await runCli(['complete', '--json', '--resource', 'fixture://items/{id}', 'id', '', ...FIXTURE_TARGET]);
    expect(JSON.parse(completedJson.stdout)).toMatchObject({ values: ['1', '2', '3'] });
  });

  it('ping answers in both eras (server/discover where there is no ping)', async () => {
    const legacy = await runCli(['ping', '--json', '--mode', 'legacy', ...FIXTURE_TARGET]);
    expect(JSON.parse(legacy.stdout)).toEqual({ ok: true, ms: expect.any(Number), method: 'ping' });
    const modern = await runCli(['ping', ...FIXTURE_TARGET]);
    expect(modern.code).toBe(0);
    expect(modern.stdout).toMatch(/^pong in [\d.]+ ms \(server\/discover: this era has no ping\)\n$/);
  });
});

describe('rxmcp call', () => {
  it.each(['auto', 'legacy'])('--arg values take the types of the input schema (--mode %s); --json gives the result document', async (mode) => {
    const human = await runCli(['call', 'add', '--arg', 'a=19', '--arg', 'b=23', '--mode', mode, ...FIXTURE_TARGET]);
    expect(human).toMatchObject({ code: 0, stdout: '42\n' });
    const json = await runCli(['call', 'add', '--json', '{"a":1,"b":2}', '--mode', mode, ...FIXTURE_TARGET]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ content: [{ type: 'text', text: '3' }], structuredContent: { sum: 3 } });
  });

  it.each(['auto', 'legacy'])('--arg values are set on top of the --args object (--mode %s)', async (mode) => {
    const mixed = await runCli(['call', 'add', '--args', '{"a":1,"b":2}', '--arg', 'b=40', '--mode', mode, ...FIXTURE_TARGET]);
    expect(mixed.stdout).toBe('41\n');
  });

  it('arguments that fail the input schema are a usage error (2) in the validator\'s words, and no tools/call is sent', async () => {
    const log = join(dir, 'bad-args.log');
    const result = await runCli(['call', 'add', '--arg', 'a=1', '--arg', 'b=two', ...tappedFixtureTarget(log)]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("the arguments do not match the input schema of tool 'add'");
    expect(result.stderr).toContain('#/b: Instance type "string" is invalid. Expected "number".');
    const missing = await runCli(['call', 'echo', '--json', '{}', ...FIXTURE_TARGET]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr.trim())).toEqual({ error: { name: 'ToolArgumentsError', message: expect.stringContaining('Instance does not have required property "text".') } });
    const methods = tappedMessages(readFileSync(log, 'utf8')).map((message) => message.method);
    expect(methods).toContain('tools/list');
    expect(methods).not.toContain('tools/call');
  });

  it('an isError result exits 1, with the text on stderr (human) or the document on stdout (--json)', async () => {
    // legacy: the refused sampling request becomes the tool's isError result
    const human = await runCli(['call', 'ask-model', '--arg', 'prompt=hi', '--mode', 'legacy', ...FIXTURE_TARGET]);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain('not a terminal: refused');
    expect(human.stderr).toContain("tool 'ask-model' failed: Sampling refused: rxmcp is not running on a terminal");
    const json = await runCli(['call', 'ask-model', '--json', '{"prompt":"hi"}', '--mode', 'legacy', ...FIXTURE_TARGET]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ isError: true });
  });

  it('sampling off a terminal on 2026-07-28: the call fails (3) with the refusal, not as a server error', async () => {
    const result = await runCli(['call', 'ask-model', '--arg', 'prompt=hi', ...FIXTURE_TARGET]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('rxmcp: error: Sampling refused: rxmcp is not running on a terminal, so nobody can answer (the call needed a model completion)');
    expect(result.stderr).not.toContain('the server answered');
  });

  it.each(['auto', 'legacy'])('elicitation off a terminal is declined, with a message saying why (--mode %s)', async (mode) => {
    const result = await runCli(['call', 'ask-user', '--arg', 'question=Your name?', '--mode', mode, ...FIXTURE_TARGET]);
    expect(result).toMatchObject({ code: 0, stdout: 'user declined\n' });
    expect(result.stderr).toContain('the server asked for input ("Your name?"), but this is not a terminal: declined');
  });

  it.each(['auto', 'legacy'])('a typed form (number, integer, choice, choices) off a terminal is declined like the others (--mode %s)', async (mode) => {
    const result = await runCli(['call', 'ask-form', '--mode', mode, ...FIXTURE_TARGET]);
    expect(result).toMatchObject({ code: 0, stdout: '{"action":"decline"}\n' });
    expect(result.stderr).toContain('the server asked for input ("Fill in the form"), but this is not a terminal: declined');
  });

  it('--json with its arguments before the command means the same as after it (--json VALUE and --json=VALUE)', async () => {
    const after = await runCli(['call', 'add', '--json', '{"a":1,"b":2}', ...FIXTURE_TARGET]);
    expect(after.code).toBe(0);
    const document = JSON.parse(after.stdout) as Record<string, unknown>;
    expect(document).toMatchObject({ content: [{ type: 'text', text: '3' }], structuredContent: { sum: 3 } });
    const before = await runCli(['--json', '{"a":1,"b":2}', 'call', 'add', ...FIXTURE_TARGET]);
    expect(before).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(before.stdout)).toEqual(document);
    const equals = await runCli(['--json={"a":1,"b":2}', '--mode', 'legacy', 'call', 'add', ...FIXTURE_TARGET]);
    expect(equals.code).toBe(0);
    expect(JSON.parse(equals.stdout)).toMatchObject({ structuredContent: { sum: 3 } });
    // the flag alone before the command still only asks for JSON output
    const flag = await runCli(['--json', 'call', 'add', '--arg', 'a=2', '--arg', 'b=2', ...FIXTURE_TARGET]);
    expect(JSON.parse(flag.stdout)).toMatchObject({ structuredContent: { sum: 4 } });
  });

  it.each(['auto', 'legacy'])('--root PATH (repeatable) offers file:// roots the server lists back (--mode %s)', async (mode) => {
    const result = await runCli(['call', 'list-client-roots', '--root', dir, '--root', 'spec/fixtures', '--mode', mode, ...FIXTURE_TARGET]);
    expect(result).toMatchObject({ code: 0, stdout: `${pathToFileURL(dir).href},${pathToFileURL(join(ROOT, 'spec', 'fixtures')).href}\n` });
  });

  it('an unknown tool is a usage error naming the tools there are', async () => {
    const result = await runCli(['call', 'nope', ...FIXTURE_TARGET]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the server has no tool 'nope' (it has: echo, add, progress");
  });
});

describe('rxmcp options shared by every command', () => {
  it.each(['auto', 'legacy'])('--log-level shows the server\'s log messages on stderr while a command runs, results stay on stdout (--mode %s)', async (mode) => {
    const result = await runCli(['call', 'log', '--arg', 'level=warning', '--arg', 'message=disk almost full', '--log-level', 'info', '--mode', mode, ...FIXTURE_TARGET]);
    expect(result).toMatchObject({ code: 0, stdout: 'logged warning\n' });
    expect(result.stderr).toContain('[warning] disk almost full');
    const below = await runCli(['call', 'log', '--arg', 'level=debug', '--arg', 'message=noise', '--log-level', 'info', '--mode', mode, ...FIXTURE_TARGET]);
    expect(below.stdout).toBe('logged debug\n');
    expect(below.stderr).not.toContain('noise');
  });

  it('--server-stderr passes a stdio server\'s stderr through', async () => {
    const shown = await runCli(['call', 'stderr', '--arg', 'text=from the server', '--server-stderr', ...FIXTURE_TARGET]);
    expect(shown).toMatchObject({ code: 0, stdout: 'ok\n' });
    expect(shown.stderr).toContain('from the server');
    const hidden = await runCli(['call', 'stderr', '--arg', 'text=from the server', ...FIXTURE_TARGET]);
    expect(hidden.stderr).not.toContain('from the server');
  });

  it('--env and --cwd reach a stdio server', async () => {
    expect((await runCli(['call', 'env', '--arg', 'name=CLI_FLAG', '--env', 'CLI_FLAG=set', ...FIXTURE_TARGET])).stdout).toBe('set\n');
    expect((await runCli(['call', 'cwd', '--cwd', dir, ...FIXTURE_TARGET])).stdout).toBe(`${dir}\n`);
  });
});

describe('rxmcp targets and exit codes', () => {
  it('--config FILE --server NAME starts the mcpServers entry (env from the file); a missing name lists the ones there are', async () => {
    const config = join(dir, 'mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { fixture: { command: process.execPath, args: [FIXTURE], env: { CLI_SPEC: 'from-config' } }, other: { url: 'http://127.0.0.1:9/mcp' } } }));
    const result = await runCli(['call', 'env', '--arg', 'name=CLI_SPEC', '--config', config, '--server', 'fixture']);
    expect(result).toMatchObject({ code: 0, stdout: 'from-config\n' });
    const missing = await runCli(['tools', '--config', config, '--server', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("has no server 'nope' (it has: fixture, other)");
    const ambiguous = await runCli(['tools', '--config', config]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('several servers (fixture, other): pick one with --server');
  });

  it('usage errors exit 2: no target, an unknown command', async () => {
    const noTarget = await runCli(['tools']);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('no server given');
    const unknown = await runCli(['frobnicate', ...FIXTURE_TARGET]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('usage errors exit 2: an unknown mode, a bad timeout, two targets, no command', async () => {
    const mode = await runCli(['tools', '--mode', '1999', ...FIXTURE_TARGET]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain("'1999' is invalid");
    const timeout = await runCli(['tools', '--timeout', 'soon', ...FIXTURE_TARGET]);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain("--timeout must be a whole number of milliseconds, got 'soon'");
    const two = await runCli(['http://127.0.0.1:9/mcp', 'tools', ...FIXTURE_TARGET]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('more than one server given');
    const nothing = await runCli([]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Usage: rxmcp');
  });

  it('a server that cannot be reached exits 3 with the reason: a missing command, a closed port', async () => {
    const missing = await runCli(['tools', '--', join(dir, 'no-such-server')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/rxmcp: error: .*ENOENT/);
    const closed = await runCli([`http://127.0.0.1:${await closedPort()}/mcp`, 'tools', '--json']);
    expect(closed.code).toBe(3);
    expect(JSON.parse(closed.stderr.trim()).error).toMatchObject({ name: 'ConnectError', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('a server that exits mid-call exits 3', async () => {
    const crashed = await runCli(['call', 'crash', ...FIXTURE_TARGET]);
    expect(crashed.code).toBe(3);
    expect(crashed.stderr).toContain('rxmcp: error:');
  });

  it('--help and --version exit 0 on stdout', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 the tool answered isError, 2 usage, 3 connection or protocol failure, 130 interrupted');
    expect((await runCli(['--version'])).stdout).toBe('0.1.0\n');
  });
});
