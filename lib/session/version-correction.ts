/**
 * The -32022 rule, written once: a server that refuses a protocol version with -32022
 * (`UnsupportedProtocolVersion`) names in `data.supported` the versions it speaks; the client tries
 * once more at the newest of them that rxmcp speaks too, even when it is the version just refused
 * (a server may reject a first request and accept the same version on the retry), and never more
 * than once. `ClientSession.discover` and the `'auto'` negotiation both follow it.
 */
import { ErrorCode } from '../protocol/error-codes.js';
import { McpError } from '../protocol/errors.js';
import { highestMutualVersion, LATEST_MODERN_PROTOCOL_VERSION, LEGACY_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS, type ModernProtocolVersion } from '../protocol/versions.js';

/**
 * The version to retry at after `error`, or `undefined` when there is no retry: `error` is not a
 * -32022 naming a mutual modern version, or the one retry the rule allows was `alreadyRetried`.
 */
export function correctedVersion(error: unknown, alreadyRetried: boolean): ModernProtocolVersion | undefined {
  return alreadyRetried ? undefined : mutualModernVersion(error);
}

/**
 * Runs `attempt` at `first` (default the newest modern version), and once more at the version a
 * -32022 names (per {@link correctedVersion}); any other failure, or a second one, is the result's.
 */
export async function withVersionCorrection<T>(attempt: (version: ModernProtocolVersion) => Promise<T>, first: ModernProtocolVersion = LATEST_MODERN_PROTOCOL_VERSION): Promise<T> {
  try {
    return await attempt(first);
  } catch (error) {
    const version = correctedVersion(error, false);
    if (version === undefined) throw error;
    return attempt(version);
  }
}

/** The newest modern version a -32022 error names that rxmcp also speaks. */
export function mutualModernVersion(error: unknown): ModernProtocolVersion | undefined {
  const supported = supportedVersionsOf(error);
  return supported === undefined ? undefined : highestMutualVersion(MODERN_PROTOCOL_VERSIONS, supported);
}

/** The `data.supported` list of a -32022 error, or `undefined` if it is not one or has none. */
export function supportedVersionsOf(error: unknown): readonly string[] | undefined {
  if (!(error instanceof McpError) || error.code !== ErrorCode.UnsupportedProtocolVersion) return undefined;
  const supported = (error.data as { supported?: unknown } | undefined)?.supported;
  return Array.isArray(supported) && supported.every((entry) => typeof entry === 'string') ? supported : undefined;
}

/** True when `versions` names at least one handshake-era version rxmcp speaks. */
export function listsLegacyVersion(versions: readonly string[]): boolean {
  return versions.some((version) => (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(version));
}
