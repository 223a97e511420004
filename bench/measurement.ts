/** What one worker measures for one (client, era, transport), as it travels from worker to orchestrator and into core.json. */
import type { BenchTransport, Era } from './clients/adapter.js';
import type { ClientName } from './config.js';
import type { WarningCount } from './warnings.js';

/** The figures of one (client, era, transport) measurement. */
export interface Measurement {
  readonly client: ClientName;
  readonly era: Era;
  readonly transport: BenchTransport;
  /** The protocol version the connection negotiated. */
  readonly protocolVersion: string;
  /** Measured calls, the warm-up calls before them, and calls in flight. */
  readonly calls: number;
  readonly warmup: number;
  readonly concurrency: number;
  /** Client process CPU (user + system) per call, in microseconds. */
  readonly cpuMicrosPerCall: number;
  readonly cpuUserMicros: number;
  readonly cpuSystemMicros: number;
  /** Wall-clock duration of the measured calls, in milliseconds, and the resulting rate. */
  readonly wallMs: number;
  readonly callsPerSecond: number;
  /** Latency of individual calls, in milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Peak RSS of the client process (`process.resourceUsage().maxRSS`) after the call run and at the end, in KB. */
  readonly maxRssKbAfterCalls: number;
  readonly maxRssKb: number;
  /** The progress run: notifications requested, delivered for the call, and whether strictly increasing. */
  readonly progressSteps: number;
  readonly progressDelivered: number;
  readonly progressInOrder: boolean;
  /** Wall-clock time of the progress call, and client CPU per delivered notification (µs). */
  readonly progressWallMs: number;
  readonly progressCpuMicrosPerNotification: number;
  /** Process warnings raised during the run (workers run with `--no-warnings` and count them instead). */
  readonly warnings: readonly WarningCount[];
}
