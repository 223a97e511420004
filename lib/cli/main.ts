#!/usr/bin/env node
/**
 * The `rxmcp` command (the package's `bin`). Node-only; nothing in the library imports it.
 * `rxmcp --help` lists the commands; the README's "Command line" section has examples and the
 * exit codes.
 */
import { main } from './program.js';

// `rxmcp logs | head`: a reader that went away is the end of the output, not an error
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2));
// let stdout and stderr drain, then exit (a prompt or a stray handle must not keep the process alive)
const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', () => resolve())));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
