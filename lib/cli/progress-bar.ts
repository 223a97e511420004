/**
 * The live progress bar of a long call, drawn by cli-progress on stderr from the server's progress
 * notifications: the message, `n/total` with a percentage, the rate, and the ETA when there is a
 * total (without one: the count, the rate and the message). Only on a terminal and never in
 * `--json` mode; cleared when the call ends, so the result stands alone.
 */
import cliProgress from 'cli-progress';

/** What one progress notification says. */
export interface ProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** A bar for one call. `update` for each notification, `stop` once. */
export interface ProgressDisplay {
  update(event: ProgressUpdate): void;
  /** Hides the bar while something else uses the terminal (an interactive prompt). */
  suspend(): void;
  stop(): void;
}

/** A display that shows nothing (off a terminal, or with `--json`). */
export const NO_PROGRESS: ProgressDisplay = { update: () => undefined, suspend: () => undefined, stop: () => undefined };

const WITH_TOTAL = '{bar} {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted} | {message}';
const WITHOUT_TOTAL = '{value} | {rate}/s | {message}';

/** The bar on `stream` (a terminal). */
export function progressBar(stream: NodeJS.WriteStream, now: () => number = Date.now): ProgressDisplay {
  let bar: cliProgress.SingleBar | undefined;
  let startedAt: number | undefined;
  const payload = (event: ProgressUpdate) => {
    const seconds = Math.max((now() - (startedAt ?? now())) / 1000, 0.001);
    return { message: event.message ?? '', rate: formatRate(event.progress / seconds) };
  };
  const draw = (event: ProgressUpdate) => {
    const total = event.total !== undefined && event.total > 0 ? event.total : undefined;
    if (bar === undefined) {
      bar = new cliProgress.SingleBar({
        stream,
        format: (options, params, data) => cliProgress.Format.Formatter({ ...options, format: total === undefined ? WITHOUT_TOTAL : WITH_TOTAL }, params, data),
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 20,
        etaAsynchronousUpdate: true,
        fps: 10,
        barCompleteChar: '█',
        barIncompleteChar: '░',
      });
      bar.start(total ?? Math.max(event.progress, 1), event.progress, payload(event));
    } else {
      if (total !== undefined) bar.setTotal(total);
      bar.update(event.progress, payload(event));
    }
  };
  return {
    update(event) {
      startedAt ??= now();
      draw(event);
    },
    suspend() {
      if (bar === undefined) return;
      bar.stop();
      bar = undefined;
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond >= 10 ? perSecond.toFixed(1) : perSecond.toFixed(2);
}
