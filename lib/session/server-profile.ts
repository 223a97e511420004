/**
 * What the client knows about the server once negotiation is done: era, version, identity,
 * capabilities and instructions, and the raw result they came from. Built once by `adopt` and
 * never changed afterwards, so every accessor reads one consistent snapshot.
 */
import { ImplementationSchema, type Implementation } from '../protocol/schemas/common.js';
import type { ServerCapabilities } from '../protocol/schemas/capabilities.js';
import type { DiscoverResult, InitializeResult } from '../protocol/schemas/lifecycle.js';
import { SERVER_INFO_META_KEY } from '../protocol/meta.js';
import type { LegacyProtocolVersion, ModernProtocolVersion, ProtocolEra, ProtocolVersion } from '../protocol/versions.js';

/** The negotiated view of the server. */
export interface ServerProfile {
  /** The negotiated era: `'legacy'` or `'modern'`. */
  readonly era: ProtocolEra;
  /** The negotiated protocol version. */
  readonly protocolVersion: ProtocolVersion;
  /** The server's identity: `serverInfo` (legacy) or the `_meta` stamp of discover (modern, optional). */
  readonly serverInfo: Implementation | undefined;
  /** The server's capabilities. */
  readonly capabilities: ServerCapabilities;
  /**
   * False on a connection pinned to a modern version (`mode: '2026-07-28'`) without a
   * `priorDiscover`: nothing was asked, `capabilities` is `{}`, and the client (its live lists, a
   * `ClientGroup`) tries what it needs and sees: a listing the server lacks answers -32601, a
   * listen it cannot honour is acknowledged without it; `discoverResult` is `undefined` until
   * `Client.discover()` asks the server. True otherwise.
   */
  readonly capabilitiesKnown: boolean;
  /** The server's instructions, if it gave any. */
  readonly instructions: string | undefined;
  /** The `initialize` result, on a legacy connection. */
  readonly initializeResult: InitializeResult | undefined;
  /**
   * The `server/discover` result, on a modern connection whose server was asked (or given as
   * `priorDiscover`); `undefined` while `capabilitiesKnown` is false (`Client.discover()` asks).
   */
  readonly discoverResult: DiscoverResult | undefined;
}

/** Profile of a legacy connection. */
export function legacyProfile(result: InitializeResult, version: LegacyProtocolVersion): ServerProfile {
  return {
    era: 'legacy',
    protocolVersion: version,
    serverInfo: result.serverInfo,
    capabilities: result.capabilities,
    capabilitiesKnown: true,
    instructions: result.instructions,
    initializeResult: result,
    discoverResult: undefined,
  };
}

/**
 * Profile of a modern connection. A missing or malformed identity stamp reads as `undefined`;
 * `capabilitiesKnown` is false for a result made up without asking the server, which is then not
 * shown as `discoverResult` (only its version is used).
 */
export function modernProfile(result: DiscoverResult, version: ModernProtocolVersion, capabilitiesKnown = true): ServerProfile {
  const stamp = ImplementationSchema.safeParse(result._meta?.[SERVER_INFO_META_KEY]);
  return {
    era: 'modern',
    protocolVersion: version,
    serverInfo: stamp.success ? stamp.data : undefined,
    capabilities: result.capabilities,
    capabilitiesKnown,
    instructions: result.instructions,
    initializeResult: undefined,
    discoverResult: capabilitiesKnown ? result : undefined,
  };
}
