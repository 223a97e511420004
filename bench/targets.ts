/**
 * The targets rxmcp is held to, and the ratios they are checked on. These are the only timing
 * judgements in the project, and they are reported, not asserted.
 */
import type { Era } from './clients/adapter.js';
import { ERAS } from './config.js';
import type { Measurement } from './measurement.js';
import { fixed } from './table.js';

/** rxmcp CPU per call must be at most this multiple of the official client's. */
export const MAX_CPU_RATIO_VS_OFFICIAL = 0.5;
/** rxmcp CPU per call must be at most this multiple of the raw floor's. */
export const MAX_CPU_RATIO_VS_RAW = 1.5;

/** The CPU-per-call ratios and progress verdict of one era. */
export interface EraVerdict {
  readonly era: Era;
  readonly rxmcpOverOfficial: number | undefined;
  readonly rxmcpOverRaw: number | undefined;
  readonly meetsOfficialTarget: boolean | undefined;
  readonly meetsRawTarget: boolean | undefined;
  /** rxmcp got every progress notification, strictly increasing. */
  readonly meetsProgressTarget: boolean | undefined;
}

/** Computes each era's ratios (undefined where a measurement is missing). */
export function verdicts(measurements: readonly Measurement[]): EraVerdict[] {
  return ERAS.map((era) => {
    const find = (client: Measurement['client']): Measurement | undefined => measurements.find((m) => m.client === client && m.era === era);
    const rxmcp = find('rxmcp');
    const official = find('official');
    const raw = find('raw');
    const rxmcpOverOfficial = rxmcp && official ? rxmcp.cpuMicrosPerCall / official.cpuMicrosPerCall : undefined;
    const rxmcpOverRaw = rxmcp && raw ? rxmcp.cpuMicrosPerCall / raw.cpuMicrosPerCall : undefined;
    return {
      era,
      rxmcpOverOfficial,
      rxmcpOverRaw,
      meetsOfficialTarget: rxmcpOverOfficial === undefined ? undefined : rxmcpOverOfficial <= MAX_CPU_RATIO_VS_OFFICIAL,
      meetsRawTarget: rxmcpOverRaw === undefined ? undefined : rxmcpOverRaw <= MAX_CPU_RATIO_VS_RAW,
      meetsProgressTarget: rxmcp ? rxmcp.progressInOrder && rxmcp.progressDelivered === rxmcp.progressSteps : undefined,
    };
  });
}

function mark(meets: boolean | undefined): string {
  return meets === undefined ? '' : meets ? '  ok' : '  MISSED';
}

/** The ratio lines printed under the table. */
export function formatVerdicts(eraVerdicts: readonly EraVerdict[]): string {
  const lines: string[] = [];
  for (const v of eraVerdicts) {
    const ratio = (value: number | undefined): string => (value === undefined ? 'n/a' : `${fixed(value, 2)}×`);
    lines.push(
      `${v.era.padEnd(6)}  rxmcp/official CPU per call ${ratio(v.rxmcpOverOfficial).padStart(7)}  (target ≤ ${MAX_CPU_RATIO_VS_OFFICIAL}×)${mark(v.meetsOfficialTarget)}`,
      `${''.padEnd(6)}  rxmcp/raw      CPU per call ${ratio(v.rxmcpOverRaw).padStart(7)}  (target ≤ ${MAX_CPU_RATIO_VS_RAW}×)${mark(v.meetsRawTarget)}`,
      `${''.padEnd(6)}  rxmcp progress all delivered, in order      (target: every one, in order)${mark(v.meetsProgressTarget)}`,
    );
  }
  return lines.join('\n');
}
