/**
 * The stdio transport: runs an MCP server as a child process and speaks newline-delimited
 * JSON-RPC over its stdin and stdout.
 *
 * - The server gets a safe environment by default (see `safe-environment.ts`) plus `env`.
 * - Messages sent in the same tick go out together; at most `maxQueuedBytes` wait for a server
 *   that does not read its stdin (see `write-queue.ts`): a request that does not fit fails with a
 *   `WriteQueueFullError`, and a request given up before it was written is taken out of the queue.
 * - A process that cannot be started (ENOENT, EACCES) fails the inbound stream with a `ConnectError`.
 * - A stdin that fails (EPIPE) or closes while the server keeps running fails the inbound stream
 *   with a `StdinClosedError`, and the server is stopped: nothing could reach it any more.
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
import { ConnectionClosedError, ProtocolViolationError } from '../../protocol/errors.js';
import { DirectSubscriber } from '../../streams/direct-subscriber.js';
import { connectError, systemCodeOf } from '../connect-error.js';
import { notJsonFrame, oversizedFrame } from '../json-frames.js';
import { inboundFault, type InboundItem, type OutboundMessage, type Transport } from '../transport.js';
import { checkStdioOptions } from './check-stdio-options.js';
import { LineSplitter } from './line-splitter.js';
import { stopLeftovers, stopProcessGroup, trackProcessGroup, untrackProcessGroup, within } from './process-group.js';
import { buildServerEnvironment } from './safe-environment.js';
import { StdinClosedError } from './stdio-errors.js';
import type { StdioOptions } from './stdio-options.js';
import { DEFAULT_MAX_QUEUED_BYTES, StdinWriteQueue } from './write-queue.js';

/** The default limit on one inbound message: 64 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const STDERR_TAIL_LINES = 20;
/** How a line that is not JSON is reported. */
const NOT_JSON = 'Server wrote a line that is not JSON';
/** After the process is gone, how long to let its pipes deliver their last bytes. */
const PIPE_DRAIN_MS = 200;
/**
 * After stdin failed, how long to wait for the process to exit: a server that died breaks its
 * stdin too, and its exit (code, stderr) is the better report.
 */
const STDIN_EXIT_GRACE_MS = 200;

/** A `Transport` (from `rxmcp`) to a server run as a child process. */
export class StdioTransport implements Transport {
  /** Always `'stdio'`. */
  readonly kind = 'stdio' as const;
  /** The command line, for errors and logs. */
  readonly description: string;

  private readonly stderrLines = new Subject<string>();
  private child: ChildProcess | undefined;
  private writeQueue: StdinWriteQueue | undefined;

  /** The server's stderr, one line per value (hot: lines before a subscription are not replayed). */
  readonly stderr$: Observable<string> = this.stderrLines.asObservable();

  /** Invalid options throw `InvalidOptionError` here, before anything is spawned. */
  constructor(
    /** The options it was made with. */
    readonly options: StdioOptions,
  ) {
    checkStdioOptions(options);
    this.description = `stdio: ${[options.command, ...(options.args ?? [])].join(' ')}`;
  }

  /** The pid of the running server process, if one is running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Bytes of outbound messages waiting for the server to read them (the write queue and the
   * pipe's buffer in this process), at most about `maxQueuedBytes`. 0 when not connected.
   */
  get queuedBytes(): number {
    return this.writeQueue?.queuedBytes ?? 0;
  }

  /** How many outbound messages wait in the write queue (not yet handed to the pipe). */
  get queuedMessages(): number {
    return this.writeQueue?.queuedMessages ?? 0;
  }

  /** Spawns the server and writes `outbound$` to its stdin, one line per message (see `Transport.connect`). */
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
        subscriber.error(connectError(this.description, error));
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
      const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
      const splitter = new LineSplitter(maxMessageBytes, {
        line: (text) => {
          // `jsonFrame` written out (parse, then the message item): one function less per message in the first calls
          let message: unknown;
          try {
            message = JSON.parse(text);
          } catch (error) {
            subscriber.next(notJsonFrame(text, NOT_JSON, error));
            return;
          }
          subscriber.next({ type: 'message', message });
        },
        oversized: (size, requestId) => subscriber.next(oversizedFrame(size, maxMessageBytes, requestId)),
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

      // stdin ← messages: bounded, with backpressure (see write-queue.ts)
      const stdin = child.stdin!;
      const queue = new StdinWriteQueue(stdin, options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES, this.description);
      this.writeQueue = queue;
      let stdinFailure: unknown;
      let stdinGone = false;
      /** stdin failed or closed: unless the process is exiting anyway (its exit reports), nothing can reach it. */
      const onStdinGone = (): void => {
        if (stdinGone || closingByUs || child.pid === undefined) return;
        stdinGone = true;
        queue.clear();
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        void within(exited, STDIN_EXIT_GRACE_MS).then(() => {
          if (closingByUs || child.exitCode !== null || child.signalCode !== null) return;
          subscriber.error(new StdinClosedError(this.description, systemCodeOf(stdinFailure), stdinFailure === undefined ? undefined : { cause: stdinFailure }));
        });
      };
      stdin.on('error', (error) => {
        stdinFailure ??= error;
        onStdinGone();
      });
      stdin.once('close', onStdinGone);
      const outboundSubscription = outbound$.subscribe(
        new DirectSubscriber<OutboundMessage>(
          ({ message }) => {
            const refused = queue.enqueue(message);
            if (refused === undefined) return;
            // reported after this handover, not inside it: the request fails with the error
            const id = 'id' in message && 'method' in message ? message.id : undefined;
            queueMicrotask(() => subscriber.next(inboundFault(refused, id)));
          },
          () => {
            void stop().then(() => subscriber.complete());
          },
          () => {
            queue.flushAll();
            void stop().then(() => subscriber.complete());
          },
        ),
      );

      child.once('error', (error) => {
        // spawn failures (ENOENT, EACCES) arrive here, before any 'exit'
        if (child.pid === undefined) subscriber.error(connectError(this.description, error));
      });
      child.once('exit', () => {
        if (closingByUs || child.pid === undefined) return;
        // The leader died on its own: whatever it left in its group goes too (which also lets
        // 'close' fire when a leftover holds stdout open).
        void stopLeftovers(child.pid, options.shutdown?.termGraceMs ?? 2000, options.shutdown?.killGraceMs ?? 2000);
      });
      child.once('close', (code, signal) => {
        queue.clear();
        if (this.writeQueue === queue) this.writeQueue = undefined;
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

/**
 * Creates a stdio transport: the server runs as a child process of this one, spawned when the
 * client connects. Invalid options throw `InvalidOptionError` (nothing is spawned).
 *
 * @example
 * ```ts
 * await using client = await Client.connect(stdio({ command: 'node', args: ['server.js'], env: { API_KEY: key } }));
 * ```
 */
export function stdio(options: StdioOptions): StdioTransport {
  return new StdioTransport(options);
}

