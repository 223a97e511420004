/**
 * What adopting a negotiation result settles, without any wire traffic: a discover result makes
 * the connection modern (at the newest version both sides list, with the modern `_meta`
 * envelope), an initialize result makes it legacy. Versions rxmcp does not speak are refused
 * with `UnsupportedProtocolVersionError`.
 */
import { UnsupportedProtocolVersionError } from '../protocol/errors.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { Implementation } from '../protocol/schemas/common.js';
import type { DiscoverResult, InitializeResult } from '../protocol/schemas/lifecycle.js';
import { highestMutualVersion, isLegacyProtocolVersion, LATEST_LEGACY_PROTOCOL_VERSION, LATEST_MODERN_PROTOCOL_VERSION, MODERN_PROTOCOL_VERSIONS } from '../protocol/versions.js';
import type { EnvelopeFields } from './envelope.js';
import { legacyProfile, modernProfile, type ServerProfile } from './server-profile.js';

/** The state a session takes on adopting a result. */
export interface Adoption {
  readonly profile: ServerProfile;
  /** The modern envelope's fields (undefined on legacy connections). */
  readonly envelope: EnvelopeFields | undefined;
}

/** Throws when `result` (an `initialize` answer) names a version rxmcp does not speak. */
export function checkInitializeVersion(result: InitializeResult): void {
  if (!isLegacyProtocolVersion(result.protocolVersion)) {
    throw new UnsupportedProtocolVersionError(
      `The server answered initialize with protocol version ${JSON.stringify(result.protocolVersion)}, which rxmcp does not speak`,
      [result.protocolVersion],
      LATEST_LEGACY_PROTOCOL_VERSION,
    );
  }
}

/**
 * The profile and envelope `result` settles; `modernCapabilities` are the client's in the modern
 * era; `capabilitiesKnown` false for a discover result made up without asking the server.
 */
export function adoptionOf(result: DiscoverResult | InitializeResult, clientInfo: Implementation, modernCapabilities: () => ClientCapabilities, capabilitiesKnown = true): Adoption {
  if (Array.isArray(result.supportedVersions)) {
    const discovered = result as DiscoverResult;
    const version = highestMutualVersion(MODERN_PROTOCOL_VERSIONS, discovered.supportedVersions);
    if (version === undefined) {
      throw new UnsupportedProtocolVersionError(
        `No mutually supported modern protocol version: the server supports ${JSON.stringify(discovered.supportedVersions)}`,
        discovered.supportedVersions,
        LATEST_MODERN_PROTOCOL_VERSION,
      );
    }
    return { profile: modernProfile(discovered, version, capabilitiesKnown), envelope: { protocolVersion: version, clientInfo, clientCapabilities: modernCapabilities() } };
  }
  const init = result as InitializeResult;
  if (!isLegacyProtocolVersion(init.protocolVersion)) {
    throw new UnsupportedProtocolVersionError(
      `Protocol version ${JSON.stringify(init.protocolVersion)} is not a handshake version rxmcp speaks`,
      [init.protocolVersion],
      LATEST_LEGACY_PROTOCOL_VERSION,
    );
  }
  return { profile: legacyProfile(init, init.protocolVersion), envelope: undefined };
}
