/**
 * The `rxmcp` command on a real terminal (tmux, a fixed 120×30 screen, read as a person sees
 * it): the progress bar's frames during a long call and the clean screen after it, Ctrl-C typed
 * on the keyboard cancelling the call on the server, elicitation and sampling answered at the
 * prompts, and colours only on a terminal and never with NO_COLOR.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand, FIXTURE_TARGET, ROOT, tappedFixtureTarget, tappedMessages } from '../helpers/cli-process.js';
import { Terminal } from '../helpers/terminal.js';

let dir: string;
let cli: string[];
const terminals: Terminal[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxmcp-cli-term-'));
  cli = await cliCommand();
});
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `rxmcp <args>` on a fresh terminal, colours allowed unless `env` says otherwise. */
function onTerminal(args: readonly string[], env: Readonly<Record<string, string>> = {}, columns = 120): Terminal {
  const terminal = Terminal.start([...cli, ...args], { cwd: ROOT, env, columns, unset: ['NO_COLOR', 'FORCE_COLOR'] });
  terminals.push(terminal);
  return terminal;
}

/** A frame of the bar for progress without a total: `3 | 2.50/s | step 3`. */
const COUNT_FRAME = /^(\d+) \| [\d.]+\/s \| step (\d+)$/;
const BAR_FRAME = /^(█+)(░*) (\d+)\/5 (\d+)% \| [\d.]+\/s \| ETA (\d+s|…) \| step (\d+)$/;

describe('rxmcp on a terminal', () => {
  it('draws the progress bar from the progress notifications (bar, n/total, %, rate, ETA, message), then leaves only the result', async () => {
    const terminal = onTerminal(['call', 'progress', '--arg', 'steps=5', '--arg', 'delayMs=400', ...FIXTURE_TARGET]);
    const seen: string[][] = [];
    await terminal.waitForScreen((rows) => rows.some((row) => /\b[34]\/5\b/.test(row)), { seen, timeoutMs: 9_000 });
    const frames = seen.flatMap((rows) => rows.filter((row) => row.includes('/5 ')));
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) {
      const match = BAR_FRAME.exec(frame);
      expect(match).not.toBeNull();
      const [, done, left, value, percent, , step] = match!;
      expect(done!.length + left!.length).toBe(24);
      expect(Number(percent)).toBe(Math.floor((Number(value) / 5) * 100));
      expect(step).toBe(value);
    }
    // the frames move forward
    const values = frames.map((frame) => Number(BAR_FRAME.exec(frame)![3]));
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(await terminal.waitForExit()).toBe(0);
    const screen = terminal.screen();
    expect(screen[0]).toBe('done 5');
    expect(screen.join('\n')).not.toMatch(/[█░]/);
  });

  it('without a total the bar shows the count, the rate and the message: no bar, no n/total, no ETA', async () => {
    const terminal = onTerminal(['call', 'progress', '--arg', 'steps=5', '--arg', 'delayMs=400', '--arg', 'noTotal=true', ...FIXTURE_TARGET]);
    const seen: string[][] = [];
    await terminal.waitForScreen((rows) => rows.some((row) => /^[34] \| /.test(row)), { seen, timeoutMs: 9_000 });
    const frames = seen.flatMap((rows) => rows.filter((row) => /^\d+ \| /.test(row)));
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) {
      const match = COUNT_FRAME.exec(frame);
      expect(match).not.toBeNull();
      expect(match![2]).toBe(match![1]); // the message is the step the count says
    }
    expect(seen.flat().join('\n')).not.toMatch(/[█░]|ETA|\/5\b/);
    const values = frames.map((frame) => Number(COUNT_FRAME.exec(frame)![1]));
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(await terminal.waitForExit()).toBe(0);
    const screen = terminal.screen();
    expect(screen[0]).toBe('done 5');
    expect(screen.join('\n')).not.toMatch(/^\d+ \| /m);
  });

  it.each(['auto', 'legacy'])('Ctrl-C typed during a call cancels it on the server, clears the bar and exits 130 (--mode %s)', async (mode) => {
    const log = join(dir, `ctrl-c-${mode}.log`);
    const terminal = onTerminal(['call', 'progress', '--arg', 'steps=100', '--arg', 'delayMs=100', '--mode', mode, ...tappedFixtureTarget(log)]);
    await terminal.waitForScreen((rows) => rows.some((row) => /\d+\/100 /.test(row)));
    terminal.send('C-c');
    expect(await terminal.waitForExit()).toBe(130);
    expect(terminal.screen().join('\n')).not.toMatch(/[█░]/);
    const messages = tappedMessages(readFileSync(log, 'utf8'));
    const call = messages.find((message) => message.method === 'tools/call')!;
    expect(messages.filter((message) => message.method === 'notifications/cancelled').map((message) => message.params?.requestId)).toEqual([call.id]);
  });

  it.each(['auto', 'legacy'])('a form elicitation is asked field by field at the prompt (--mode %s)', async (mode) => {
    const terminal = onTerminal(['call', 'ask-user', '--arg', 'question=Who are you?', '--mode', mode, ...FIXTURE_TARGET]);
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Answer?')));
    expect(terminal.screen().join('\n')).toContain('the server asks: Who are you?');
    terminal.send('Enter');
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('answer')  && row.endsWith(':')));
    terminal.type('Ada Lovelace');
    terminal.send('Enter');
    expect(await terminal.waitForExit()).toBe(0);
    expect(terminal.screen()).toContain('user said Ada Lovelace');
  });

  it.each(['auto', 'legacy'])('typed form fields: an integer, a number, a choice, a titled choice and several choices, sent with the schema\'s types (--mode %s)', async (mode) => {
    const terminal = onTerminal(['call', 'ask-form', '--mode', mode, ...FIXTURE_TARGET]);
    const prompted = (text: string) => terminal.waitForScreen((rows) => rows.some((row) => row.includes(text)));
    await prompted('Answer?');
    terminal.send('Enter');
    await prompted('Count:');
    terminal.type('3');
    terminal.send('Enter');
    await prompted('Ratio:');
    terminal.type('0.25');
    terminal.send('Enter');
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Color:')) && rows.some((row) => row.includes('blue')));
    terminal.send('Down');
    terminal.send('Enter');
    // a titled choice shows the titles and sends the const
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Size:')) && rows.some((row) => row.includes('Large')));
    terminal.send('Down');
    terminal.send('Enter');
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Tags:')) && rows.some((row) => row.includes('gamma')));
    terminal.send('Space');
    terminal.send('Down');
    terminal.send('Down');
    terminal.send('Space');
    terminal.send('Enter');
    expect(await terminal.waitForExit()).toBe(0);
    // the fixture echoes what it received: numbers as numbers, the choices as the enum's strings
    const echoed = terminal.screen().find((row) => row.startsWith('{"action"'));
    expect(JSON.parse(echoed!)).toEqual({ action: 'accept', content: { count: 3, ratio: 0.25, color: 'green', size: 'l', tags: ['alpha', 'gamma'] } });
  });

  it('--json on a terminal draws no bar: the screen only ever shows the result document', async () => {
    const terminal = onTerminal(['call', 'progress', '--json', '{"steps":4,"delayMs":150}', ...FIXTURE_TARGET], {}, 400);
    const seen: string[][] = [];
    await terminal.waitForScreen(() => terminal.exitCode() !== undefined, { seen });
    expect(terminal.exitCode()).toBe(0);
    expect(seen.flat().join('\n')).not.toMatch(/[█░]|\/4 /);
    expect(JSON.parse(terminal.screen()[0]!)).toMatchObject({ content: [{ type: 'text', text: 'done 4' }] });
  });

  it.each(['auto', 'legacy'])('a yes/no field is a confirm prompt (prompt confirm-prompt, --mode %s)', async (mode) => {
    const terminal = onTerminal(['prompt', 'confirm-prompt', '--mode', mode, ...FIXTURE_TARGET]);
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Answer?')));
    terminal.send('Enter');
    await terminal.waitForScreen((rows) => rows.some((row) => /confirm: \(Y\/n\)/.test(row)));
    terminal.type('y');
    terminal.send('Enter');
    expect(await terminal.waitForExit()).toBe(0);
    expect(terminal.screen()).toContain('user: confirmed');
  });

  it('a URL elicitation asks whether to open the URL', async () => {
    const terminal = onTerminal(['call', 'ask-user-url', '--arg', 'url=https://example.com/consent', '--mode', 'legacy', ...FIXTURE_TARGET]);
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Open https://example.com/consent ?')));
    terminal.type('y');
    terminal.send('Enter');
    expect(await terminal.waitForExit()).toBe(0);
    expect(terminal.screen()).toContain('accept');
  });

  it('Ctrl-C at a prompt interrupts the command: exit 130, the call cancelled on the server', async () => {
    const log = join(dir, 'ctrl-c-prompt.log');
    const terminal = onTerminal(['call', 'ask-user', '--arg', 'question=Who?', '--mode', 'legacy', ...tappedFixtureTarget(log)]);
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Answer?')));
    terminal.send('C-c');
    expect(await terminal.waitForExit()).toBe(130);
    const messages = tappedMessages(readFileSync(log, 'utf8'));
    const call = messages.find((message) => message.method === 'tools/call')!;
    expect(messages.filter((message) => message.method === 'notifications/cancelled').map((message) => message.params?.requestId)).toEqual([call.id]);
  });

  it('declining at the prompt answers decline', async () => {
    const terminal = onTerminal(['call', 'ask-user', '--arg', 'question=Who?', ...FIXTURE_TARGET]);
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Answer?')));
    terminal.type('n');
    terminal.send('Enter');
    expect(await terminal.waitForExit()).toBe(0);
    expect(terminal.screen()).toContain('user declined');
  });

  it('a sampling request shows the conversation and takes the reply typed as the model', async () => {
    const terminal = onTerminal(['call', 'ask-model', '--arg', 'prompt=Say hi', '--mode', 'legacy', ...FIXTURE_TARGET]);
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Answer?')));
    expect(terminal.screen().join('\n')).toContain('user: Say hi');
    terminal.send('Enter');
    await terminal.waitForScreen((rows) => rows.some((row) => row.includes('Reply:')));
    terminal.type('hi from a person');
    terminal.send('Enter');
    expect(await terminal.waitForExit()).toBe(0);
    expect(terminal.screen()).toContain('hi from a person');
  });

  it('colours on a terminal, none with NO_COLOR', async () => {
    const coloured = onTerminal(['tools', ...FIXTURE_TARGET]);
    expect(await coloured.waitForExit()).toBe(0);
    const withEscapes = coloured.screen(true).join('\n');
    expect(withEscapes).toContain('\u001b[1mecho');
    const plain = onTerminal(['tools', ...FIXTURE_TARGET], { NO_COLOR: '1' });
    expect(await plain.waitForExit()).toBe(0);
    const screen = plain.screen(true);
    expect(screen).toContain('echo(text: string)  Echoes its text');
    expect(screen.join('\n')).not.toContain('\u001b[');
  });
});
