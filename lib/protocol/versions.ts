/**
 * Protocol versions rxmcp speaks, per era.
 *
 * The legacy era (2024-11-05 … 2025-11-25) negotiates a version once with `initialize`; the modern
 * era (2026-07-28) is stateless and states its version on every request.
 */

/** Handshake-era versions, newest first. The first entry is what `initialize` offers. */
export const LEGACY_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

/** Stateless-era versions, newest first. The first entry is what a `server/discover` probe asks for. */
export const MODERN_PROTOCOL_VERSIONS = ['2026-07-28'] as const;

/** A handshake-era protocol version. */
export type LegacyProtocolVersion = (typeof LEGACY_PROTOCOL_VERSIONS)[number];

/** A stateless-era protocol version. */
export type ModernProtocolVersion = (typeof MODERN_PROTOCOL_VERSIONS)[number];

/** Any protocol version rxmcp supports. */
export type ProtocolVersion = LegacyProtocolVersion | ModernProtocolVersion;

/** The newest handshake-era version: what `initialize` offers. */
export const LATEST_LEGACY_PROTOCOL_VERSION: LegacyProtocolVersion = LEGACY_PROTOCOL_VERSIONS[0];

/** The newest stateless-era version: what a discover probe asks for. */
export const LATEST_MODERN_PROTOCOL_VERSION: ModernProtocolVersion = MODERN_PROTOCOL_VERSIONS[0];

/** Which era a protocol version belongs to. */
export type ProtocolEra = 'legacy' | 'modern';

/** True for a handshake-era version rxmcp supports. */
export function isLegacyProtocolVersion(version: unknown): version is LegacyProtocolVersion {
  return (LEGACY_PROTOCOL_VERSIONS as readonly unknown[]).includes(version);
}

/** True for a stateless-era version rxmcp supports. */
export function isModernProtocolVersion(version: unknown): version is ModernProtocolVersion {
  return (MODERN_PROTOCOL_VERSIONS as readonly unknown[]).includes(version);
}

/** The era of a supported version. */
export function eraOf(version: ProtocolVersion): ProtocolEra {
  return isModernProtocolVersion(version) ? 'modern' : 'legacy';
}

/**
 * The newest version in `ours` that `theirs` also lists, or `undefined` when there is none.
 * `ours` is ordered newest first, so the first hit is the best one.
 */
export function highestMutualVersion<V extends string>(ours: readonly V[], theirs: readonly unknown[]): V | undefined {
  return ours.find((version) => theirs.includes(version));
}
