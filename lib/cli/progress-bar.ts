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

/**
 * The bar on `stream` (a terminal), for a call that starts now: the rate counts from here, the
 * ETA is what is left at that rate.
 */
export function progressBar(stream: NodeJS.WriteStream, now: () => number = Date.now): ProgressDisplay {
  const startedAt = now();
  let bar: cliProgress.SingleBar | undefined;
  let latest: ProgressUpdate = { progress: 0 };
  const format: cliProgress.GenericFormatter = (options, params) => {
    const seconds = Math.max((now() - startedAt) / 1000, 0.001);
    const rate = latest.progress / seconds;
    const parts = latest.total !== undefined && latest.total > 0 ? withTotal(options, params, latest.total, rate) : [`${latest.progress}`, `${formatRate(rate)}/s`];
    if (latest.message !== undefined && latest.message !== '') parts.push(latest.message);
    return parts.join(' | ');
  };
  return {
    update(event) {
      latest = event;
      const total = event.total !== undefined && event.total > 0 ? event.total : Math.max(event.progress, 1);
      if (bar === undefined) {
        bar = new cliProgress.SingleBar({ stream, format, barsize: 24, hideCursor: true, clearOnComplete: true, fps: 10, barCompleteChar: '█', barIncompleteChar: '░' });
        bar.start(total, event.progress);
      } else {
        bar.setTotal(total);
        bar.update(event.progress);
      }
    },
    suspend() {
      bar?.stop();
      bar = undefined;
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** `[bar] n/total pct%`, the rate, and the ETA (once there is a rate to go by). */
function withTotal(options: cliProgress.Options, params: cliProgress.Params, total: number, rate: number): string[] {
  const ratio = Math.min(Math.max(latest(params) / total, 0), 1);
  const eta = rate > 0 ? Math.max(total - latest(params), 0) / rate : Number.NaN;
  return [
    `${cliProgress.Format.BarFormat(ratio, options)} ${latest(params)}/${total} ${Math.floor(ratio * 100)}%`,
    `${formatRate(rate)}/s`,
    `ETA ${Number.isFinite(eta) ? cliProgress.Format.TimeFormat(Math.round(eta), options, 1) : '…'}`,
  ];
}

function latest(params: cliProgress.Params): number {
  return params.value;
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond >= 10 ? perSecond.toFixed(1) : perSecond.toFixed(2);
}
