/**
 * Starts the hostile kit's stdio servers (spec/hostile/servers/), each named for what it does
 * wrong, and the checks every hostile case ends with.
 */
import { join } from 'node:path';
import type { Client } from '../../lib/client/client.js';
import type { StdioOptions } from '../../lib/transport/stdio/stdio-options.js';
import { stdio, type StdioTransport } from '../../lib/transport/stdio/stdio-transport.js';

/** A server in spec/hostile/servers/ over stdio. */
export function hostileServer(name: 'writes-what-it-is-told' | 'drips-one-byte-at-a-time', options: Partial<StdioOptions> = {}): StdioTransport {
  return stdio({ command: process.execPath, args: [join(__dirname, 'servers', `${name}.mjs`)], ...options });
}

/** Nothing left pending in the client's dispatcher. */
export function pendingOf(client: Client): number {
  return client.session.dispatcher.pendingCount;
}
