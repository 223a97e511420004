/**
 * Holding legacy requests until the standalone GET stream is answered. Servers built on the
 * official SDK send their server→client requests (sampling, elicitation, roots) only on that
 * stream and drop them while it is not open, so a request sent right after the handshake could
 * trigger one that is lost, and wait for an answer that never comes. The gate closes when
 * `notifications/initialized` is sent and opens when the GET has an answer (a stream, a 405, an
 * error), or after a bound, so a server that never answers the GET costs a short delay only.
 */

/** The gate; requests `await gate.passage()` before they are sent. */
export class StandaloneGate {
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
