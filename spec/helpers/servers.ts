/**
 * The real servers the interop tests start: the project's fixture server (official server SDK,
 * both eras), the hand-written rogue server, and the reference server-everything.
 */
import { join } from 'node:path';
import type { StdioOptions } from '../../lib/transport/stdio/stdio-options.js';
import { stdio, type StdioTransport } from '../../lib/transport/stdio/stdio-transport.js';

const ROOT = join(__dirname, '..', '..');

/** The fixture server over stdio. */
export function fixtureServer(options: Partial<StdioOptions> = {}): StdioTransport {
  return stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'fixtures', 'fixture-server.mjs')], ...options });
}

/** The rogue (misbehaving) server over stdio. */
export function rogueServer(options: Partial<StdioOptions> = {}): StdioTransport {
  return stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'fixtures', 'rogue-server.mjs')], ...options });
}

/** The extension fixture server over stdio (`spec/fixtures/extension-server.mjs`: a claimed `job` result type, a vendor notification). */
export function extensionServer(options: Partial<StdioOptions> = {}): StdioTransport {
  return stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'fixtures', 'extension-server.mjs')], ...options });
}

/** The skills fixture server over stdio (`spec/fixtures/skills-server.mjs`, SEP-2640). */
export function skillsServer(options: Partial<StdioOptions> = {}): StdioTransport {
  return stdio({ command: process.execPath, args: [join(ROOT, 'spec', 'fixtures', 'skills-server.mjs')], ...options });
}

/** `@modelcontextprotocol/server-everything` in stdio mode. */
export function everythingServer(options: Partial<StdioOptions> = {}): StdioTransport {
  return stdio({
    command: process.execPath,
    args: [join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js'), 'stdio'],
    ...options,
  });
}

/** True while a process with this pid exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^\S+ \(.*\) [ZX] /.test(stat);
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Text of the first content block of a tool result. */
export function firstText(result: { content: readonly unknown[] }): string {
  return (result.content[0] as { text: string }).text;
}
