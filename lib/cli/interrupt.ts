/**
 * Ctrl-C. The first SIGINT aborts {@link Interrupt.signal}: the running command gives its
 * request up (rxmcp sends `notifications/cancelled`, or closes the request's stream), closes the
 * connection and exits 130. A second SIGINT, or cleanup that takes longer than
 * {@link FORCED_EXIT_AFTER_MS}, exits 130 at once.
 */
import { fromEvent, take, type Observable } from 'rxjs';

/** How long cleanup after a Ctrl-C may take before the process exits regardless. */
export const FORCED_EXIT_AFTER_MS = 5_000;

/** The interrupt of one run of the command. */
export class Interrupt {
  private readonly controller = new AbortController();
  private readonly onSignal = (): void => {
    if (this.controller.signal.aborted) this.exitNow();
    this.trigger();
  };

  /** Emits once, on the first Ctrl-C (or {@link trigger}). */
  readonly interrupted$: Observable<Event>;

  constructor(private readonly exitNow: () => never = () => process.exit(130)) {
    this.interrupted$ = fromEvent(this.controller.signal, 'abort').pipe(take(1));
    process.on('SIGINT', this.onSignal);
  }

  /** Aborted on the first Ctrl-C. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once interrupted. */
  get triggered(): boolean {
    return this.controller.signal.aborted;
  }

  /** Interrupts as a Ctrl-C would (an interactive prompt that caught the keys itself calls this). */
  trigger(): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort();
    setTimeout(this.exitNow, FORCED_EXIT_AFTER_MS).unref();
  }

  /** Stops listening for SIGINT. */
  dispose(): void {
    process.off('SIGINT', this.onSignal);
  }
}
