/**
 * The shape every benchmarked client is wrapped in, so the worker drives rxmcp, the official SDK
 * client and the raw floor through the same few calls.
 */

/** A protocol era: legacy = 2025-11-25 via `initialize`, modern = 2026-07-28 via `server/discover`. */
export type Era = 'legacy' | 'modern';

/** One open connection to the fixture server. */
export interface BenchConnection {
  /** The protocol version the connection negotiated (checked by the worker against the era). */
  readonly protocolVersion: string;
  /** One `tools/call` of `echo {text: 'hi'}`; resolves with the tool's result. */
  call(): Promise<unknown>;
  /** One `tools/call` of `progress {steps}`, handing each progress value to `onProgress`. */
  callWithProgress(steps: number, onProgress: (progress: number) => void): Promise<unknown>;
  /** Closes the connection and stops the server process. */
  close(): Promise<void>;
}

/** Opens a connection in `era` to a fresh server started as `node <serverPath>`. */
export type Connect = (era: Era, serverPath: string) => Promise<BenchConnection>;

/** The `echo` tool's arguments used by every call. */
export const ECHO_ARGS = { text: 'hi' } as const;

/** Time limit of the long progress call (its idle timeout is also reset by progress). */
export const PROGRESS_TIMEOUT_MS = 600_000;
