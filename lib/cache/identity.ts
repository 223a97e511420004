/**
 * The server identity that partitions cache entries, so two servers never share an entry.
 *
 * In order: the configured `targetId` (for custom transports and proxies, where no identity can be
 * derived); else the server URL without its userinfo; else a random identity per client (nothing
 * is shared, nothing collides). The identity is hashed with SHA-256, so a raw URL (which may hold
 * tokens in its query) never reaches a store's keys.
 */
import { sha256Hex } from './sha256.js';

/**
 * `url` without its userinfo, by text surgery: in the authority (between `//` and the first of
 * `/`, `?` or `#` after it), everything up to and including the last `@` goes. Nothing else is
 * normalized, so query, case and a trailing slash still tell two URLs apart.
 */
export function stripUserinfo(url: string): string {
  const slashes = url.indexOf('//');
  if (slashes < 0) return url;
  const start = slashes + 2;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const char = url[i];
    if (char === '/' || char === '?' || char === '#') {
      end = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', end - 1);
  return at < start ? url : url.slice(0, start) + url.slice(at + 1);
}

/** Where a server's identity comes from. */
export interface ServerIdentitySource {
  /** An explicit identity; wins over the URL. Must not be empty. */
  readonly targetId?: string;
  /** The URL the client connects to, when it was given one. */
  readonly serverUrl?: string;
}

/**
 * The arm id of a server: `sha256(targetId)`, else `sha256(url without userinfo)`, else 64
 * random hex digits (a client of its own).
 */
export function serverArmId(source: ServerIdentitySource): string {
  if (source.targetId !== undefined) return sha256Hex(source.targetId);
  if (source.serverUrl !== undefined) return sha256Hex(stripUserinfo(source.serverUrl));
  return randomHex(32);
}

/** `bytes` random bytes as hex, from Web Crypto (Node 20 and browsers alike). */
function randomHex(bytes: number): string {
  const random = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(random);
  let hex = '';
  for (const byte of random) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
