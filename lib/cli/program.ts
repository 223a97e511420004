/**
 * The command line of `rxmcp`, on commander: the target options every command shares, and one
 * sub-command per thing to ask of a server. Each action hands a {@link CommandRun} to
 * {@link runCommand}; commander's own errors (unknown option, missing argument) are usage errors.
 */
import { Command, CommanderError, Option } from 'commander';
import { LOGGING_LEVELS, RXMCP_VERSION, type LoggingLevel } from '../index.js';
import { splitArgv } from './argv.js';
import type { CommandRun } from './command-context.js';
import { call } from './commands/call.js';
import { complete } from './commands/complete.js';
import { info } from './commands/info.js';
import { logs } from './commands/logs.js';
import { ping } from './commands/ping.js';
import { prompt } from './commands/prompt.js';
import { prompts } from './commands/prompts.js';
import { read } from './commands/read.js';
import { resources } from './commands/resources.js';
import { tail } from './commands/tail.js';
import { tools } from './commands/tools.js';
import { watch, WATCHED_LISTS } from './commands/watch.js';
import { MODES, parseMode, parseMs } from './connect.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { collect, headerValues, keyValues } from './key-values.js';
import { Output } from './output.js';
import { runCommand } from './run.js';
import { resolveTarget } from './target.js';
import { parseJsonObject } from './tool-arguments.js';

/** The options every command takes (commander's camel-cased names). */
interface GlobalOptions {
  readonly url?: string;
  readonly config?: string;
  readonly server?: string;
  readonly mode: string;
  readonly header?: string[];
  readonly env?: string[];
  readonly cwd?: string;
  readonly timeout: string;
  readonly logLevel?: LoggingLevel;
  readonly serverStderr?: boolean;
  readonly root?: string[];
}

const EXAMPLES = `
Targets (one of):
  rxmcp URL COMMAND …                    Streamable HTTP, HTTP+SSE (a path ending in /sse) or ws(s)://
  rxmcp COMMAND … -- node server.js …    a server run over stdio
  rxmcp COMMAND … --config mcp.json --server NAME

Examples:
  rxmcp tools -- npx -y @modelcontextprotocol/server-everything
  rxmcp call echo --arg message=hi -- npx -y @modelcontextprotocol/server-everything
  rxmcp https://host/mcp call add --json '{"a":1,"b":2}'
  rxmcp logs --level info --config mcp.json --server files

Exit codes: 0 ok, 1 the tool answered isError, 2 usage, 3 connection or protocol failure, 130 interrupted (Ctrl-C).`;

/** Runs the command line `argv` (without `node` and the script); resolves with the exit code. */
export async function main(argv: readonly string[], output: (json: boolean) => Output = (json) => new Output(json)): Promise<ExitCode> {
  const split = splitArgv(argv);
  let pending: Promise<ExitCode> | undefined;
  const program = new Command('rxmcp');
  program
    .description('Ask an MCP server things from the command line, or follow what it says.')
    .version(RXMCP_VERSION, '-V, --version')
    .option('--url <url>', 'the server URL (or give it first: rxmcp URL COMMAND)')
    .option('-c, --config <file>', 'an mcpServers JSON file (default mcp.json with --server)')
    .option('-s, --server <name>', 'the server of the --config file')
    .addOption(new Option('-m, --mode <mode>', 'protocol era').choices(MODES).default('auto'))
    .option('-H, --header <header>', "an HTTP header 'Name: value' (repeatable)", collect)
    .option('-e, --env <KEY=VALUE>', 'an environment variable for a stdio server (repeatable)', collect)
    .option('--cwd <dir>', 'the working directory of a stdio server')
    .option('-t, --timeout <ms>', 'idle timeout of each request (progress resets it; 0: none)', '60000')
    .addOption(new Option('--log-level <level>', "show the server's log messages from this level on stderr").choices(LOGGING_LEVELS))
    .option('--server-stderr', "show a stdio server's stderr")
    .option('-r, --root <path>', 'a directory offered to the server as a root (repeatable; none: no roots)', collect)
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(rxmcp --help shows the usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });

  /** Registers a sub-command whose action builds a {@link CommandRun} from its words. */
  const command = (spec: string, description: string, jsonHelp = 'machine-readable output: one JSON document', jsonFlags = '--json') =>
    program.command(spec).description(description).option(jsonFlags, jsonHelp).exitOverride();
  const start = (cmd: Command, run: () => CommandRun, logLevel?: LoggingLevel, echo = true) => {
    const globals = cmd.optsWithGlobals<GlobalOptions & { json?: unknown }>();
    const out = output(globals.json !== undefined && globals.json !== false);
    pending = (async () => {
      let built: CommandRun;
      let timeoutMs: number;
      try {
        built = run();
        timeoutMs = parseMs('--timeout', globals.timeout);
      } catch (error) {
        out.error(error);
        return exitCodeOf(error);
      }
      const level = logLevel ?? globals.logLevel;
      return runCommand(
        {
          mode: parseMode(globals.mode),
          timeoutMs,
          serverStderr: globals.serverStderr === true,
          ...(globals.root !== undefined && { roots: globals.root }),
          output: out,
          ...(level !== undefined && { logLevel: level }),
          ...(echo && globals.logLevel !== undefined && { echoLogs: globals.logLevel }),
          target: () =>
            resolveTarget({
              ...(split.url !== undefined ? { url: split.url } : globals.url !== undefined && { url: globals.url }),
              serverCommand: split.serverCommand,
              ...(globals.config !== undefined && { config: globals.config }),
              ...(globals.server !== undefined && { server: globals.server }),
              headers: headerValues(globals.header),
              env: keyValues('--env', globals.env),
              ...(globals.cwd !== undefined && { cwd: globals.cwd }),
            }),
        },
        built,
      );
    })();
  };

  command('ping', 'ping the server').action((_options, cmd: Command) => start(cmd, () => ping));
  command('info', 'era, protocol version, server info, capabilities, instructions').action((_options, cmd: Command) => start(cmd, () => info));
  command('tools', 'list the tools').action((_options, cmd: Command) => start(cmd, () => tools));
  command('call <tool>', 'call a tool (arguments are checked against its input schema first)', "machine-readable output; given a JSON object, it is also the tool's arguments", '--json [arguments]')
    .option('-a, --arg <key=value>', 'one argument, read as the type the input schema gives it (repeatable)', collect)
    .option('--args <json>', 'the arguments as a JSON object (--arg values are added to it)')
    .action((tool: string, options: { arg?: string[]; args?: string; json?: string | boolean }, cmd: Command) =>
      start(cmd, () => {
        const text = typeof options.json === 'string' ? options.json : options.args;
        const base = text === undefined ? undefined : parseJsonObject(typeof options.json === 'string' ? '--json' : '--args', text);
        return call({ tool, argWords: options.arg ?? [], ...(base !== undefined && { base }) });
      }),
    );
  command('prompts', 'list the prompts').action((_options, cmd: Command) => start(cmd, () => prompts));
  command('prompt <name>', 'get a prompt')
    .option('-a, --arg <key=value>', 'one prompt argument (repeatable)', collect)
    .action((name: string, options: { arg?: string[] }, cmd: Command) => start(cmd, () => prompt(name, options.arg ?? [])));
  command('resources', 'list the resources and resource templates').action((_options, cmd: Command) => start(cmd, () => resources));
  command('read <uri>', 'read a resource (binary contents go to stdout as bytes when it is not a terminal)').action((uri: string, _options, cmd: Command) => start(cmd, () => read(uri)));
  command('complete <argument> [value]', 'completion values for an argument of a prompt or a resource template')
    .option('--prompt <name>', 'the prompt')
    .option('--resource <uriTemplate>', 'the resource template')
    .option('--context <key=value>', 'an already chosen argument (repeatable)', collect)
    .action((argument: string, value: string | undefined, options: { prompt?: string; resource?: string; context?: string[] }, cmd: Command) =>
      start(cmd, () => complete({ argument, value: value ?? '', context: options.context ?? [], ...(options.prompt !== undefined && { prompt: options.prompt }), ...(options.resource !== undefined && { resource: options.resource }) })),
    );
  command('logs', "follow the server's log messages until Ctrl-C", 'JSON lines, one per message')
    .addOption(new Option('-l, --level <level>', 'the lowest level to receive').choices(LOGGING_LEVELS).default('info'))
    .action((options: { level: LoggingLevel }, cmd: Command) => start(cmd, () => logs, options.level, false));
  command(`watch <list>`, `print a list (${WATCHED_LISTS.join(', ')}) and again on every change, until Ctrl-C`, 'JSON lines, one per version of the list').action((list: string, _options, cmd: Command) =>
    start(cmd, () => watch(list)),
  );
  command('tail <uri>', "follow a resource's updates until Ctrl-C", 'JSON lines, one per update')
    .option('--read', 'read the resource again on each update and print it')
    .action((uri: string, options: { read?: boolean }, cmd: Command) => start(cmd, () => tail(uri, options.read === true)));

  try {
    await program.parseAsync(hoistJson(split.own, program.commands.map((cmd) => cmd.name())), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    output(false).error(error);
    return exitCodeOf(error);
  }
  if (pending === undefined) {
    program.outputHelp({ error: true });
    return ExitCode.usage;
  }
  return pending;
}

/**
 * `--json` is an option of each command; written before the command (`rxmcp --json tools`) it is
 * moved after the command's words, where commander looks for it, together with its value when it
 * has one (`rxmcp --json '{"a":1}' call add` or `--json='{…}'`: a word that starts with `{`), so
 * that `rxmcp --json … call …` and `rxmcp call … --json …` mean the same.
 */
export function hoistJson(words: readonly string[], commands: readonly string[]): string[] {
  const at = words.findIndex((word) => commands.includes(word));
  if (at === -1) return [...words];
  const kept: string[] = [];
  const moved: string[] = [];
  for (let index = 0; index < at; index++) {
    const word = words[index]!;
    if (word.startsWith('--json=')) moved.push(word);
    else if (word !== '--json') kept.push(word);
    else {
      moved.push(word);
      const next = words[index + 1];
      if (index + 1 < at && next !== undefined && next.trimStart().startsWith('{')) moved.push(words[++index]!);
    }
  }
  if (moved.length === 0) return [...words];
  // at the end: right after the command's name, `call`'s optional value would take the tool's name
  return [...kept, ...words.slice(at), ...moved];
}
