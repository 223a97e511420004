#!/usr/bin/env node
/**
 * A stdio pass-through that records what a client sends: `node wire-tap.mjs LOG -- node server.mjs …`
 * starts the server, copies this process's stdin to the server's stdin and appends every byte of it
 * to LOG, and copies the server's stdout back. The CLI specs use it to read what reached the
 * server (a `notifications/cancelled` after Ctrl-C) after the server itself is gone. It exits when
 * the server does, with its code.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const [log, dashes, command, ...args] = process.argv.slice(2);
if (log === undefined || dashes !== '--' || command === undefined) {
  process.stderr.write('usage: wire-tap.mjs LOG -- COMMAND [ARGS…]\n');
  process.exit(2);
}
const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
server.stdin.on('error', () => undefined);
process.stdin.on('data', (chunk) => {
  appendFileSync(log, chunk);
  server.stdin.write(chunk);
});
process.stdin.on('end', () => server.stdin.end());
server.stdout.pipe(process.stdout);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
