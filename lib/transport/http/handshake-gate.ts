/**
 * Holding legacy requests after the handshake until the server is ready for them. Two things are
 * waited for. `notifications/initialized` must have been answered: its POST and the first
 * request's are separate HTTP requests that can reach the server in either order, and servers
 * that enforce the lifecycle (the Python SDK's) refuse a request that arrives before it. And,
 * when the client declared a capability the server may send requests for ({@link serverMayAsk}),
 * the standalone GET stream must have been answered (a stream, a 405, an error): servers built on
 * the official TypeScript SDK send their server→client requests (sampling, elicitation, roots)
 * only on that stream and drop them while it is not open, so a request sent before it could
 * trigger one that is lost, and wait for an answer that never comes. The gate closes when
 * `notifications/initialized` is sent and opens when what it waits for has happened, or after a
 * bound, so a server that never answers costs a short delay only.
 */
import type { JsonObject } from '../../protocol/jsonrpc.js';

/** The client capabilities under which a server may send requests of its own. */
const ASKABLE = ['sampling', 'elicitation', 'roots', 'tasks'] as const;

/** True when the `initialize` params declare a capability a server may send requests for (sampling, elicitation, roots, tasks). */
export function serverMayAsk(initializeParams: JsonObject | undefined): boolean {
  const capabilities = initializeParams?.capabilities;
  if (typeof capabilities !== 'object' || capabilities === null) return false;
  return ASKABLE.some((name) => (capabilities as Record<string, unknown>)[name] !== undefined);
}

/** The gate; requests `await gate.passage()` before they are sent. */
export class HandshakeGate {
  private waiting: Promise<void> | undefined;
  private release: (() => void) | undefined;

  /** Holds later requests until {@link open}, at most `boundMs`. */
  close(boundMs: number): void {
    if (this.waiting !== undefined) return;
    this.waiting = new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.open(), boundMs);
      this.release = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Lets everything through from now on. */
  open(): void {
    const release = this.release;
    this.release = undefined;
    this.waiting = undefined;
    release?.();
  }

  /** Resolves when requests may go; `undefined` when the gate is open (nothing to wait for). */
  passage(): Promise<void> | undefined {
    return this.waiting;
  }
}
