/**
 * The targets rxmcp is held to, and the ratios they are checked on. These are the only timing
 * judgements in the project, and they are reported, not asserted.
 *
 * The targets of the reactive-core issue apply to stdio. Over Streamable HTTP those of issue 18
 * apply: rxmcp's client CPU per call ≤ 0.5× the official client's, ≤ 0.8× the `fetch` floor's
 * (`raw`) and ≤ 1.3× the `undici.request` floor's (`raw-undici`); calls per second ≥ the
 * official client's; peak RSS ≤ the `fetch` floor's.
 */
import type { BenchTransport, Era } from './clients/adapter.js';
import { ERAS, TRANSPORTS } from './config.js';
import type { Measurement } from './measurement.js';
import { fixed } from './table.js';

/** rxmcp CPU per call must be at most this multiple of the official client's (stdio). */
export const MAX_CPU_RATIO_VS_OFFICIAL = 0.5;
/** rxmcp CPU per call must be at most this multiple of the raw floor's (stdio). */
export const MAX_CPU_RATIO_VS_RAW = 1.5;

/** Over HTTP: rxmcp CPU per call at most this multiple of the official client's. */
export const HTTP_MAX_CPU_RATIO_VS_OFFICIAL = 0.5;
/** Over HTTP: rxmcp CPU per call at most this multiple of the `fetch` floor's. */
export const HTTP_MAX_CPU_RATIO_VS_FETCH_FLOOR = 0.8;
/** Over HTTP: rxmcp CPU per call at most this multiple of the `undici.request` floor's. */
export const HTTP_MAX_CPU_RATIO_VS_UNDICI_FLOOR = 1.3;

/** True where the stdio targets apply (the progress target among them). */
export function hasTargets(transport: BenchTransport): boolean {
  return transport === 'stdio';
}

/** The ratio targets of `transport`: (vs official, vs the raw floor on its transport's default client). */
function ratioTargets(transport: BenchTransport): { readonly official: number; readonly raw: number } {
  return transport === 'stdio' ? { official: MAX_CPU_RATIO_VS_OFFICIAL, raw: MAX_CPU_RATIO_VS_RAW } : { official: HTTP_MAX_CPU_RATIO_VS_OFFICIAL, raw: HTTP_MAX_CPU_RATIO_VS_FETCH_FLOOR };
}

/** The CPU-per-call ratios and progress verdict of one (transport, era). */
export interface EraVerdict {
  readonly transport: BenchTransport;
  readonly era: Era;
  readonly rxmcpOverOfficial: number | undefined;
  readonly rxmcpOverRaw: number | undefined;
  /** HTTP only: over the `undici.request` floor. */
  readonly rxmcpOverUndiciFloor: number | undefined;
  /** rxmcp's calls per second over the official client's, and its peak RSS over the `raw` floor's. */
  readonly rxmcpThroughputOverOfficial: number | undefined;
  readonly rxmcpRssOverRaw: number | undefined;
  /** Undefined where a measurement is missing. */
  readonly meetsOfficialTarget: boolean | undefined;
  readonly meetsRawTarget: boolean | undefined;
  /** HTTP only (undefined over stdio). */
  readonly meetsUndiciFloorTarget: boolean | undefined;
  readonly meetsThroughputTarget: boolean | undefined;
  readonly meetsRssTarget: boolean | undefined;
  /** rxmcp got every progress notification, strictly increasing. */
  readonly rxmcpProgressComplete: boolean | undefined;
  /** The same as a target verdict (stdio only). */
  readonly meetsProgressTarget: boolean | undefined;
}

/** Computes each (transport, era)'s ratios, for the pairs that have a measurement. */
export function verdicts(measurements: readonly Measurement[]): EraVerdict[] {
  const result: EraVerdict[] = [];
  for (const transport of TRANSPORTS) {
    for (const era of ERAS) {
      const find = (client: Measurement['client']): Measurement | undefined =>
        measurements.find((m) => m.client === client && m.era === era && m.transport === transport);
      const rxmcp = find('rxmcp');
      const official = find('official');
      const raw = find('raw');
      const undiciFloor = find('raw-undici');
      if (rxmcp === undefined && official === undefined && raw === undefined && undiciFloor === undefined) continue;
      const rxmcpOverOfficial = rxmcp && official ? rxmcp.cpuMicrosPerCall / official.cpuMicrosPerCall : undefined;
      const rxmcpOverRaw = rxmcp && raw ? rxmcp.cpuMicrosPerCall / raw.cpuMicrosPerCall : undefined;
      const rxmcpOverUndiciFloor = rxmcp && undiciFloor ? rxmcp.cpuMicrosPerCall / undiciFloor.cpuMicrosPerCall : undefined;
      const rxmcpThroughputOverOfficial = rxmcp && official ? rxmcp.callsPerSecond / official.callsPerSecond : undefined;
      const rxmcpRssOverRaw = rxmcp && raw ? rxmcp.maxRssKb / raw.maxRssKb : undefined;
      const targets = hasTargets(transport);
      const http = transport === 'http';
      const limits = ratioTargets(transport);
      const progress = rxmcp ? rxmcp.progressInOrder && rxmcp.progressDelivered === rxmcp.progressSteps : undefined;
      result.push({
        transport,
        era,
        rxmcpOverOfficial,
        rxmcpOverRaw,
        rxmcpOverUndiciFloor,
        rxmcpThroughputOverOfficial,
        rxmcpRssOverRaw,
        meetsOfficialTarget: rxmcpOverOfficial === undefined ? undefined : rxmcpOverOfficial <= limits.official,
        meetsRawTarget: rxmcpOverRaw === undefined ? undefined : rxmcpOverRaw <= limits.raw,
        meetsUndiciFloorTarget: !http || rxmcpOverUndiciFloor === undefined ? undefined : rxmcpOverUndiciFloor <= HTTP_MAX_CPU_RATIO_VS_UNDICI_FLOOR,
        meetsThroughputTarget: !http || rxmcpThroughputOverOfficial === undefined ? undefined : rxmcpThroughputOverOfficial >= 1,
        meetsRssTarget: !http || rxmcpRssOverRaw === undefined ? undefined : rxmcpRssOverRaw <= 1,
        rxmcpProgressComplete: progress,
        meetsProgressTarget: targets ? progress : undefined,
      });
    }
  }
  return result;
}

function mark(meets: boolean | undefined): string {
  return meets === undefined ? '' : meets ? '  ok' : '  MISSED';
}

/** The ratio lines printed under the tables. */
export function formatVerdicts(eraVerdicts: readonly EraVerdict[]): string {
  const lines: string[] = [];
  for (const v of eraVerdicts) {
    const ratio = (value: number | undefined): string => (value === undefined ? 'n/a' : `${fixed(value, 2)}×`);
    const targets = hasTargets(v.transport);
    const limits = ratioTargets(v.transport);
    const label = `${v.transport} ${v.era}`.padEnd(12);
    const pad = ''.padEnd(12);
    const progress = v.rxmcpProgressComplete === undefined ? 'n/a' : v.rxmcpProgressComplete ? 'yes' : 'NO';
    lines.push(
      `${label}  rxmcp/official CPU per call ${ratio(v.rxmcpOverOfficial).padStart(7)}  (target ≤ ${limits.official}×)${mark(v.meetsOfficialTarget)}`,
      `${pad}  rxmcp/raw      CPU per call ${ratio(v.rxmcpOverRaw).padStart(7)}  (target ≤ ${limits.raw}×)${mark(v.meetsRawTarget)}`,
    );
    if (v.transport === 'http') {
      lines.push(
        `${pad}  rxmcp/raw-undici CPU per call ${ratio(v.rxmcpOverUndiciFloor).padStart(5)}  (target ≤ ${HTTP_MAX_CPU_RATIO_VS_UNDICI_FLOOR}×)${mark(v.meetsUndiciFloorTarget)}`,
        `${pad}  rxmcp/official calls per s  ${ratio(v.rxmcpThroughputOverOfficial).padStart(7)}  (target ≥ 1×)${mark(v.meetsThroughputTarget)}`,
        `${pad}  rxmcp/raw      peak RSS     ${ratio(v.rxmcpRssOverRaw).padStart(7)}  (target ≤ 1×)${mark(v.meetsRssTarget)}`,
      );
    }
    lines.push(`${pad}  rxmcp progress all delivered, in order: ${progress.padStart(3)}  ${targets ? `(target: every one, in order)${mark(v.meetsProgressTarget)}` : '(no target)'}`);
  }
  return lines.join('\n');
}
