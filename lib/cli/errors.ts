/**
 * The errors of the `rxmcp` command. Each says why the command line, not the server, is at fault
 * (a usage error, exit code 2), or that the user interrupted it (exit code 130).
 */
import { McpError, RxMcpError } from '../index.js';

/** The command line is wrong: an unknown option, a missing target, an argument that does not parse. Exit code 2. */
export class CliUsageError extends RxMcpError {
  override name = 'CliUsageError';
}

/**
 * The arguments of `call` do not satisfy the tool's input schema. `problems` are the validator's
 * messages, with the schema's own descriptions of the properties concerned. Nothing was sent.
 */
export class ToolArgumentsError extends CliUsageError {
  override name = 'ToolArgumentsError';

  constructor(
    readonly tool: string,
    readonly problems: readonly string[],
  ) {
    super(`the arguments do not match the input schema of tool '${tool}':\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** The `--config` file cannot be read, is not an `mcpServers` file, or lacks the `--server` asked for. */
export class ConfigFileError extends CliUsageError {
  override name = 'ConfigFileError';

  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** The user pressed Ctrl-C (SIGINT): what was running was cancelled on the server. Exit code 130. */
export class InterruptedError extends RxMcpError {
  override name = 'InterruptedError';

  constructor() {
    super('interrupted');
  }
}

/**
 * The command refused a sampling request (nobody at a terminal to answer it, or the person said
 * no). An `McpError` with code -1, the code the MCP spec gives a rejected sampling request, so the
 * server receives it as such.
 */
export class SamplingRefusedError extends McpError {
  override name = 'SamplingRefusedError';

  constructor(message: string) {
    super(-1, message);
  }
}
