/**
 * The targets rxmcp is held to, and the ratios they are checked on. These are the only timing
 * judgements in the project, and they are reported, not asserted.
 *
 * The targets of the reactive-core issue apply to stdio. Over Streamable HTTP the same ratios are
 * reported without a target: there a call's client CPU is dominated by `fetch` (undici), which
 * every client pays alike, so the ratios say how much each client adds on top of it.
 */
import type { BenchTransport, Era } from './clients/adapter.js';
import { ERAS, TRANSPORTS } from './config.js';
import type { Measurement } from './measurement.js';
import { fixed } from './table.js';

/** rxmcp CPU per call must be at most this multiple of the official client's (stdio). */
export const MAX_CPU_RATIO_VS_OFFICIAL = 0.5;
/** rxmcp CPU per call must be at most this multiple of the raw floor's (stdio). */
export const MAX_CPU_RATIO_VS_RAW = 1.5;

/** True where the targets apply. */
export function hasTargets(transport: BenchTransport): boolean {
  return transport === 'stdio';
}

/** The CPU-per-call ratios and progress verdict of one (transport, era). */
export interface EraVerdict {
  readonly transport: BenchTransport;
  readonly era: Era;
  readonly rxmcpOverOfficial: number | undefined;
  readonly rxmcpOverRaw: number | undefined;
  /** Undefined where a measurement is missing or no target applies (HTTP). */
  readonly meetsOfficialTarget: boolean | undefined;
  readonly meetsRawTarget: boolean | undefined;
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
      if (rxmcp === undefined && official === undefined && raw === undefined) continue;
      const rxmcpOverOfficial = rxmcp && official ? rxmcp.cpuMicrosPerCall / official.cpuMicrosPerCall : undefined;
      const rxmcpOverRaw = rxmcp && raw ? rxmcp.cpuMicrosPerCall / raw.cpuMicrosPerCall : undefined;
      const targets = hasTargets(transport);
      const progress = rxmcp ? rxmcp.progressInOrder && rxmcp.progressDelivered === rxmcp.progressSteps : undefined;
      result.push({
        transport,
        era,
        rxmcpOverOfficial,
        rxmcpOverRaw,
        meetsOfficialTarget: !targets || rxmcpOverOfficial === undefined ? undefined : rxmcpOverOfficial <= MAX_CPU_RATIO_VS_OFFICIAL,
        meetsRawTarget: !targets || rxmcpOverRaw === undefined ? undefined : rxmcpOverRaw <= MAX_CPU_RATIO_VS_RAW,
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
    const label = `${v.transport} ${v.era}`.padEnd(12);
    const progress = v.rxmcpProgressComplete === undefined ? 'n/a' : v.rxmcpProgressComplete ? 'yes' : 'NO';
    lines.push(
      `${label}  rxmcp/official CPU per call ${ratio(v.rxmcpOverOfficial).padStart(7)}  ${targets ? `(target ≤ ${MAX_CPU_RATIO_VS_OFFICIAL}×)${mark(v.meetsOfficialTarget)}` : '(no target)'}`,
      `${''.padEnd(12)}  rxmcp/raw      CPU per call ${ratio(v.rxmcpOverRaw).padStart(7)}  ${targets ? `(target ≤ ${MAX_CPU_RATIO_VS_RAW}×)${mark(v.meetsRawTarget)}` : '(no target)'}`,
      `${''.padEnd(12)}  rxmcp progress all delivered, in order: ${progress.padStart(3)}  ${targets ? `(target: every one, in order)${mark(v.meetsProgressTarget)}` : '(no target)'}`,
    );
  }
  return lines.join('\n');
}
