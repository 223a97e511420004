/**
 * The stdio transport: runs an MCP server as a child process and speaks newline-delimited
 * JSON-RPC over its stdin and stdout.
 *
 * - The server gets a safe environment by default (see `safe-environment.ts`) plus `env`.
 * - Messages sent in the same tick go out in one write.
 * - stdout is split linearly (see `line-splitter.ts`); a line that is not JSON becomes a fault
 *   item and the connection carries on.
 * - stderr is always drained, and exposed as {@link StdioTransport.stderr$}, one string per line.
 * - Completing the outbound stream shuts the server down gracefully (end stdin, SIGTERM, SIGKILL,
 *   for the whole process group); the inbound stream completes when it is gone.
 * - If the server exits on its own, the inbound stream fails with a `ConnectionClosedError` that
 *   says how it exited and quotes its last stderr lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { Observable, Subject } from 'rxjs';
import { excerpt } from '../../protocol/describe.js';
import { ConnectionClosedError, MessageTooLargeError, ProtocolViolationError, TransportError } from '../../protocol/errors.js';
import { inboundFault, inboundMessage, type InboundItem, type OutboundMessage, type Transport } from '../transport.js';
import { checkStdioOptions } from './check-stdio-options.js';
import { LineSplitter } from './line-splitter.js';
import { stopLeftovers, stopProcessGroup, trackProcessGroup, untrackProcessGroup, within, type ShutdownTimeouts } from './process-group.js';
import { buildServerEnvironment, type InheritEnv } from './safe-environment.js';

/** How to start a stdio server. */
export interface StdioOptions {
  /** The executable to run (`node`, `npx`, `python`, an absolute path). */
  readonly command: string;
  /** Its arguments. */
  readonly args?: readonly string[];
  /** Variables set for the server, on top of the inherited ones. */
  readonly env?: Readonly<Record<string, string>>;
  /** Which of this process's variables the server inherits. Default `'safe'` (an allow-list). */
  readonly inheritEnv?: InheritEnv;
  /** The server's working directory. Default: this process's. */
  readonly cwd?: string;
  /** What happens to the server's stderr: `'pipe'` (default, see `stderr$`), `'inherit'`, `'ignore'`. */
  readonly stderr?: 'pipe' | 'inherit' | 'ignore';
  /** The largest inbound message accepted, in bytes. Default 64 MiB. */
  readonly maxMessageBytes?: number;
  /** Time limits of the shutdown sequence. */
  readonly shutdown?: ShutdownTimeouts;
}

/** The default limit on one inbound message: 64 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const STDERR_TAIL_LINES = 20;
/** After the process is gone, how long to let its pipes deliver their last bytes. */
const PIPE_DRAIN_MS = 200;

/** A {@link Transport} to a server run as a child process. */
export class StdioTransport implements Transport {
  readonly kind = 'stdio' as const;
  readonly description: string;

  private readonly stderrLines = new Subject<string>();
  private child: ChildProcess | undefined;

  /** The server's stderr, one line per value (hot: lines before a subscription are not replayed). */
  readonly stderr$: Observable<string> = this.stderrLines.asObservable();

  /** Invalid options throw `InvalidOptionError` here, before anything is spawned. */
  constructor(readonly options: StdioOptions) {
    checkStdioOptions(options);
    this.description = `stdio: ${[options.command, ...(options.args ?? [])].join(' ')}`;
  }

  /** The pid of the running server process, if one is running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  connect(outbound$: Observable<OutboundMessage>): Observable<InboundItem> {
    return new Observable<InboundItem>((subscriber) => {
      const options = this.options;
      let child: ChildProcess;
      try {
        child = spawn(options.command, options.args ?? [], {
          cwd: options.cwd,
          env: buildServerEnvironment(options.inheritEnv ?? 'safe', options.env, process.env, process.platform),
          stdio: ['pipe', 'pipe', options.stderr ?? 'pipe'],
          detached: process.platform !== 'win32',
          windowsHide: true,
        });
      } catch (error) {
        subscriber.error(new TransportError(`Failed to start ${this.description}: ${(error as Error).message}`, { cause: error }));
        return;
      }
      this.child = child;
      if (child.pid !== undefined) trackProcessGroup(child.pid);

      /** Set once the client started closing the connection: the server's exit is then expected. */
      let closingByUs = false;
      let stopped: Promise<void> | undefined;
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      const stderrTail: string[] = [];

      /** Stops the server and its group, then releases the pipes. Idempotent. */
      const stop = (): Promise<void> => {
        closingByUs = true;
        stopped ??= stopProcessGroup(child, options.shutdown)
          .then(() => within(closed, PIPE_DRAIN_MS))
          .then(() => {
            child.stdout?.destroy();
            child.stderr?.destroy();
            if (this.child === child) this.child = undefined;
          })
          // Node releases the process handle in the close phase of the loop turn after 'close';
          // one more full turn lets close() resolve with nothing of the process left.
          .then(() => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve))));
        return stopped;
      };

      // stdout → messages
      const splitter = new LineSplitter(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, {
        line: (text) => {
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (error) {
            subscriber.next(
              inboundFault(new ProtocolViolationError(`Server wrote a line that is not JSON: ${excerpt(text)}`, excerpt(text), { cause: error })),
            );
            return;
          }
          subscriber.next(inboundMessage(value));
        },
        oversized: (size, requestId) => {
          subscriber.next(inboundFault(new MessageTooLargeError(size, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES), requestId));
        },
      });
      child.stdout!.on('data', (chunk: Buffer) => splitter.push(chunk));
      child.stdout!.on('error', () => undefined);

      // stderr → lines (always drained so the server never blocks on a full pipe)
      if (child.stderr) {
        const decoder = new StringDecoder('utf8');
        let partial = '';
        child.stderr.on('data', (chunk: Buffer) => {
          const lines = (partial + decoder.write(chunk)).split('\n');
          partial = lines.pop()!;
          for (const raw of lines) {
            const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
            stderrTail.push(line);
            if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
            this.stderrLines.next(line);
          }
        });
        child.stderr.on('error', () => undefined);
      }

      // stdin ← messages: everything sent in one tick goes out as one write
      const stdin = child.stdin!;
      stdin.on('error', () => undefined); // EPIPE after the server died: the exit path reports it
      let unwritten: string[] = [];
      const flush = (): void => {
        const lines = unwritten;
        unwritten = [];
        if (stdin.writable) stdin.write(lines.length === 1 ? `${lines[0]}\n` : `${lines.join('\n')}\n`);
      };
      const outboundSubscription = outbound$.subscribe({
        next: ({ message }) => {
          if (unwritten.push(JSON.stringify(message)) === 1) queueMicrotask(flush);
        },
        complete: () => {
          if (unwritten.length > 0) flush();
          void stop().then(() => subscriber.complete());
        },
        error: () => {
          void stop().then(() => subscriber.complete());
        },
      });

      child.once('error', (error) => {
        // spawn failures (ENOENT, EACCES) arrive here, before any 'exit'
        if (child.pid === undefined) {
          subscriber.error(new TransportError(`Failed to start ${this.description}: ${error.message}`, { cause: error }));
        }
      });
      child.once('exit', () => {
        if (closingByUs || child.pid === undefined) return;
        // The leader died on its own: whatever it left in its group goes too (which also lets
        // 'close' fire when a leftover holds stdout open).
        void stopLeftovers(child.pid, options.shutdown?.termGraceMs ?? 2000, options.shutdown?.killGraceMs ?? 2000);
      });
      child.once('close', (code, signal) => {
        const dropped = splitter.flush();
        if (closingByUs) return; // the stop path completes the stream
        if (child.pid !== undefined) untrackProcessGroup(child.pid);
        if (this.child === child) this.child = undefined;
        if (dropped > 0) {
          subscriber.next(inboundFault(new ProtocolViolationError(`Server exited in the middle of a message (${dropped} bytes dropped)`)));
        }
        const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = stderrTail.length > 0 ? `; last stderr lines:\n${stderrTail.join('\n')}` : '';
        subscriber.error(new ConnectionClosedError(`Server process ${how} (${this.description})${tail}`));
      });

      return () => {
        outboundSubscription.unsubscribe();
        void stop();
      };
    });
  }
}

/** Creates a stdio transport. */
export function stdio(options: StdioOptions): StdioTransport {
  return new StdioTransport(options);
}

