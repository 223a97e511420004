/**
 * Choosing the protocol era of a connection.
 *
 * - `'legacy'`: the `initialize` handshake, nothing else.
 * - a pinned modern version (`'2026-07-28'`): adopt `priorDiscover` (or a minimal result naming
 *   just that version, whose capabilities are unknown: `capabilitiesKnown` false, and what needs
 *   them tries and sees); no wire traffic at all.
 * - `'auto'` (default): probe with `server/discover` on the same connection, then
 *   - a discover result listing a modern version both sides speak → modern;
 *   - -32022 naming a mutual modern version → probe once more at that version;
 *   - -32022 naming only versions rxmcp does not speak, none of them handshake-era → fail with
 *     `UnsupportedProtocolVersionError` (a real incompatibility);
 *   - any other JSON-RPC error, a result that does not parse or lists no modern version, or
 *     silence on a process pipe → legacy: `initialize` on the same connection;
 *   - over HTTP: a bare 400/404/405 → legacy; 401/403 (credentials) and 5xx (an outage) → the error;
 *     a -32020 (header mismatch) or -32021 (missing client capability) body comes from a modern
 *     server that refused this request → the error, never a legacy verdict;
 *   - silence over the network, a closed connection, a transport failure → the error.
 *   An `initialize` answered with -32022 naming a mutual modern version (a modern-only server)
 *   sends the client back to probing, once.
 *
 * With era memory (`eraStore`, see `era-store.ts`), a server remembered as legacy gets
 * `initialize` without the probe; when that fails the way a modern server refuses it (a JSON-RPC
 * error, or a bare 400/404/405), the memory is forgotten and the client probes as above, once.
 *
 * The spec forbids keying the legacy fallback on one error code: legacy servers answer a
 * pre-initialize request in implementation-defined ways, or not at all.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { InvalidOptionError, McpError, ProtocolViolationError, TimeoutError, UnsupportedProtocolVersionError } from '../protocol/errors.js';
import type { DiscoverResult } from '../protocol/schemas/lifecycle.js';
import { LATEST_MODERN_PROTOCOL_VERSION, MODERN_PROTOCOL_VERSIONS, highestMutualVersion, isModernProtocolVersion, type ModernProtocolVersion } from '../protocol/versions.js';
import { AuthenticationError, HttpStatusError } from '../protocol/http-errors.js';
import type { TransportKind } from '../transport/transport.js';
import type { ClientSession } from './client-session.js';
import type { EraStore } from './era-store.js';
import { correctedVersion, listsLegacyVersion, supportedVersionsOf } from './version-correction.js';

/** How a connection chooses its protocol era. */
export type ConnectMode = 'auto' | 'legacy' | ModernProtocolVersion;

/** Checks a mode given at runtime, with a hint for a handshake-era version passed by mistake. Throws `InvalidOptionError` (`mode`). */
export function validateConnectMode(mode: unknown): ConnectMode {
  if (mode === 'auto' || mode === 'legacy' || isModernProtocolVersion(mode)) return mode;
  const hint = typeof mode === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(mode) ? ` (to speak ${mode}, use mode: 'legacy')` : '';
  throw new InvalidOptionError('mode', `Invalid mode ${JSON.stringify(mode)}: expected 'auto', 'legacy' or one of ${JSON.stringify(MODERN_PROTOCOL_VERSIONS)}${hint}`);
}

/** Negotiates the era of `session`'s connection per `mode`. */
export async function negotiate(
  session: ClientSession,
  mode: ConnectMode,
  options: { readonly priorDiscover?: DiscoverResult; readonly transportKind: TransportKind; readonly eraMemory?: EraMemory },
): Promise<void> {
  if (mode === 'legacy') {
    await session.initialize();
    return;
  }
  if (mode !== 'auto') {
    // without a prior discover nothing is known of the server: its capabilities are tried and seen
    if (options.priorDiscover !== undefined) session.adopt(options.priorDiscover);
    else session.adopt({ supportedVersions: [mode], capabilities: {}, resultType: 'complete', ttlMs: 0, cacheScope: 'public' }, false);
    return;
  }
  const memory = options.eraMemory;
  if (memory !== undefined && memory.store.get(memory.serverUrl) === 'legacy') {
    try {
      await session.initialize();
      return;
    } catch (error) {
      if (!refusedLikeModernServer(error)) throw error;
      memory.store.delete(memory.serverUrl);
    }
  }
  await negotiateAuto(session, options.transportKind);
  if (memory !== undefined) memory.store.set(memory.serverUrl, session.era === 'modern' ? 'modern' : 'legacy');
}

/** Where `'auto'` remembers the era of the server it connects to: a store, and the server's URL. */
export interface EraMemory {
  readonly store: EraStore;
  readonly serverUrl: string;
}

/**
 * True when an `initialize` sent on a remembered legacy verdict failed the way a server that is
 * no longer legacy refuses it: a JSON-RPC error (-32022 from a modern-only server, or another),
 * or a bare 400/404/405. Credentials (401/403), outages and unreachable servers are not about
 * the era: those errors stand.
 */
function refusedLikeModernServer(error: unknown): boolean {
  if (error instanceof McpError) return true;
  return error instanceof HttpStatusError && !(error instanceof AuthenticationError) && LEGACY_PROBE_STATUSES.has(error.status);
}

/** HTTP statuses with which a legacy server refuses a `server/discover` probe. */
const LEGACY_PROBE_STATUSES: ReadonlySet<number> = new Set([400, 404, 405]);

/**
 * A probe error only a modern server sends, refusing a request it understood: surfaced as it is,
 * since `initialize` would not help. A -32021 naming the capabilities it requires does so on any
 * transport; a -32020 (a header mismatch) only means that over HTTP, where there are headers.
 * Elsewhere a legacy server may use either code for anything, so without that shape it is one of
 * the "other errors" that mean legacy.
 */
function isModernRefusal(error: McpError, transportKind: TransportKind): boolean {
  if (error.code === ErrorCode.HeaderMismatch) return isHttp(transportKind);
  if (error.code !== ErrorCode.MissingRequiredClientCapability) return false;
  const data = error.data as { requiredCapabilities?: unknown } | null | undefined;
  return isHttp(transportKind) || (typeof data?.requiredCapabilities === 'object' && data.requiredCapabilities !== null && !Array.isArray(data.requiredCapabilities));
}

/** Streamable HTTP, where the probe's HTTP answer is classified. */
function isHttp(kind: TransportKind): boolean {
  return kind === 'streamable-http';
}

/** Process pipes and in-process peers: a silent probe means a legacy server that ignores it. */
function silenceMeansLegacy(kind: TransportKind): boolean {
  return kind === 'stdio' || kind === 'memory';
}

async function negotiateAuto(session: ClientSession, transportKind: TransportKind): Promise<void> {
  let version: ModernProtocolVersion = LATEST_MODERN_PROTOCOL_VERSION;
  let corrected = false;
  for (;;) {
    const verdict = await probe(session, version, transportKind);
    if (verdict.kind === 'modern') {
      session.adopt(verdict.result);
      return;
    }
    if (verdict.kind === 'retry' && !corrected) {
      corrected = true;
      version = verdict.version;
      continue;
    }
    try {
      await session.initialize();
      return;
    } catch (error) {
      const mutual = correctedVersion(error, corrected);
      if (mutual === undefined) throw error;
      corrected = true;
      version = mutual;
    }
  }
}

type ProbeVerdict =
  | { readonly kind: 'modern'; readonly result: DiscoverResult }
  | { readonly kind: 'retry'; readonly version: ModernProtocolVersion }
  | { readonly kind: 'legacy' };

async function probe(session: ClientSession, version: ModernProtocolVersion, transportKind: TransportKind): Promise<ProbeVerdict> {
  let result: DiscoverResult;
  try {
    result = await session.sendDiscover(version);
  } catch (error) {
    if (error instanceof McpError && isModernRefusal(error, transportKind)) throw error;
    if (error instanceof McpError) return classifyProbeError(error, version);
    if (error instanceof ProtocolViolationError) return { kind: 'legacy' }; // a result that does not parse
    // HTTP: a bare 400/404/405 (no JSON-RPC error body) is how legacy servers refuse the probe;
    // 401/403 is about credentials and 5xx an outage: never a legacy verdict.
    if (error instanceof HttpStatusError && !(error instanceof AuthenticationError) && LEGACY_PROBE_STATUSES.has(error.status)) return { kind: 'legacy' };
    if (error instanceof TimeoutError && silenceMeansLegacy(transportKind)) return { kind: 'legacy' };
    throw error;
  }
  return highestMutualVersion(MODERN_PROTOCOL_VERSIONS, result.supportedVersions) === undefined ? { kind: 'legacy' } : { kind: 'modern', result };
}

function classifyProbeError(error: McpError, requested: ModernProtocolVersion): ProbeVerdict {
  const supported = supportedVersionsOf(error);
  if (supported === undefined) return { kind: 'legacy' };
  const mutual = highestMutualVersion(MODERN_PROTOCOL_VERSIONS, supported);
  // even the version just refused: a server may refuse a first request and accept it on the retry
  // (the caller retries once at most, so a server that keeps refusing ends as legacy)
  if (mutual !== undefined) return { kind: 'retry', version: mutual };
  if (mutual === undefined && !listsLegacyVersion(supported)) {
    throw new UnsupportedProtocolVersionError(
      `The server supports none of the protocol versions rxmcp speaks (it lists ${JSON.stringify(supported)})`,
      supported,
      requested,
    );
  }
  return { kind: 'legacy' };
}
