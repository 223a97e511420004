/**
 * Where the command writes: results on stdout, messages and errors on stderr. In `--json` mode a
 * result is one JSON document (a stream is JSON lines) and an error is a JSON line on stderr.
 */
import type { Writable } from 'node:stream';
import { McpError } from '../index.js';
import { painterFor, type Painter } from './colors.js';
import { SamplingRefusedError } from './errors.js';

/** The two streams and the mode. */
export interface OutputStreams {
  readonly stdout: Writable & { readonly isTTY?: boolean };
  readonly stderr: Writable & { readonly isTTY?: boolean };
}

/** Writes results and messages the way the mode asks. */
export class Output {
  /** Styles for stdout. */
  readonly paint: Painter;
  /** Styles for stderr. */
  readonly paintErr: Painter;

  constructor(
    readonly json: boolean,
    readonly streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr },
  ) {
    this.paint = json ? (_style, text) => text : painterFor(streams.stdout);
    this.paintErr = json ? (_style, text) => text : painterFor(streams.stderr);
  }

  /** True when stdout is a terminal (binary content is not dumped on it). */
  get stdoutIsTerminal(): boolean {
    return this.streams.stdout.isTTY === true;
  }

  /** One line of human output on stdout. */
  line(text = ''): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** Raw bytes or text on stdout, as they are. */
  raw(data: string | Uint8Array): void {
    this.streams.stdout.write(data);
  }

  /** One JSON document (or one JSON line of a stream) on stdout. */
  document(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** A message for the person at the terminal, on stderr (`--json` keeps these too: stdout stays clean). */
  note(text: string): void {
    this.streams.stderr.write(`${this.paintErr('dim', 'rxmcp:')} ${text}\n`);
  }

  /** The error that ends the command, on stderr: a JSON line in `--json` mode. */
  error(error: unknown): void {
    if (this.json) {
      const body: Record<string, unknown> = { name: error instanceof Error ? error.name : 'Error', message: messageOf(error) };
      if (error instanceof McpError) body.code = error.code;
      this.streams.stderr.write(`${JSON.stringify({ error: body })}\n`);
      return;
    }
    this.streams.stderr.write(`${this.paintErr('red', 'rxmcp: error:')} ${messageOf(error)}\n`);
  }

  /** Resolves once everything written has been handed to the system. */
  flush(): Promise<void> {
    const drained = (stream: Writable) => new Promise<void>((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', () => resolve())));
    return Promise.all([drained(this.streams.stdout), drained(this.streams.stderr)]).then(() => undefined);
  }
}

/** The message of an error, with the server's code for an `McpError`. */
export function messageOf(error: unknown): string {
  if (error instanceof SamplingRefusedError) return `${error.message} (the call needed a model completion)`;
  if (error instanceof McpError) return `the server answered ${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
