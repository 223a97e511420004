/**
 * The shape every benchmarked client is wrapped in, so the worker drives rxmcp, the official SDK
 * client and the raw floor through the same few calls, over either transport.
 */

/** A protocol era: legacy = 2025-11-25 via `initialize`, modern = 2026-07-28 via `server/discover`. */
export type Era = 'legacy' | 'modern';

/** How the client reaches the fixture server: its stdio, or Streamable HTTP. */
export type BenchTransport = 'stdio' | 'http';

/**
 * Where the fixture server is. Over stdio the client starts `node <serverPath>` itself (and stops
 * it on close); over HTTP the worker has started spec/fixtures/fixture-http-server.mjs and the
 * client connects to its `/mcp` endpoint (both eras answer there).
 */
export type BenchTarget = { readonly transport: 'stdio'; readonly serverPath: string } | { readonly transport: 'http'; readonly url: string };

/** One open connection to the fixture server. */
export interface BenchConnection {
  /** The protocol version the connection negotiated (checked by the worker against the era). */
  readonly protocolVersion: string;
  /** One `tools/call` of `echo {text: 'hi'}`; resolves with the tool's result. */
  call(): Promise<unknown>;
  /** One `tools/call` of `progress {steps}`, handing each progress value to `onProgress`. */
  callWithProgress(steps: number, onProgress: (progress: number) => void): Promise<unknown>;
  /** Closes the connection (stdio: and stops the server process; legacy HTTP: and ends the session). */
  close(): Promise<void>;
}

/** Opens a connection in `era` to the fixture server at `target`. */
export type Connect = (era: Era, target: BenchTarget) => Promise<BenchConnection>;

/** The `echo` tool's arguments used by every call. */
export const ECHO_ARGS = { text: 'hi' } as const;

/** Time limit of the long progress call (its idle timeout is also reset by progress). */
export const PROGRESS_TIMEOUT_MS = 600_000;
