/**
 * Discovery: which authorization server protects an MCP server, and its metadata.
 *
 * - Protected resource metadata (RFC 9728): the `resource_metadata` URL of the challenge, then
 *   the path-based well-known URL, then the root one. Its `resource` must be this server (same
 *   origin, and a path prefix of the server's; RFC 8707 / MCP "resource parameter"), else
 *   `ResourceMismatchError`.
 * - Authorization server metadata (RFC 8414, OpenID Connect Discovery), in the MCP order: for an
 *   issuer with a path, `/.well-known/oauth-authorization-server{path}`, then
 *   `/.well-known/openid-configuration{path}`, then `{path}/.well-known/openid-configuration`;
 *   without a path, the first two at the root. The metadata's `issuer` must equal the issuer
 *   exactly (`IssuerMismatchError`).
 * - 2025-03-26 back-compat: no resource metadata means the MCP server's origin is the
 *   authorization server; with no metadata there either, the default endpoints `/authorize`,
 *   `/token` and `/register` at that origin.
 */
import type { AuthorizationServer } from 'oauth4webapi';
import { oauthLibrary } from './oauth-library.js';
import type { BearerChallenge } from './challenge.js';
import { DiscoveryFailedError, IssuerMismatchError, ResourceMismatchError } from './errors.js';
import { fetchMetadata, type FetchLike } from './http-options.js';

/** What discovery found for one MCP server. */
export interface Discovered {
  /** The resource indicator to send (the metadata's `resource`, else the server URL). */
  readonly resource: string;
  /** The issuer, exactly as the resource metadata names it (or the server's origin, back-compat). */
  readonly issuer: string;
  readonly as: AuthorizationServer;
  /** The resource metadata's `scopes_supported`, if it has them. */
  readonly scopesSupported: readonly string[] | undefined;
}

interface ResourceMetadata {
  readonly resource: string;
  readonly authorizationServers: readonly string[];
  readonly scopesSupported: readonly string[] | undefined;
}

/** Discovers the authorization server of `serverUrl` (see the file comment). */
export async function discover(fetchImpl: FetchLike, serverUrl: URL, challenge: BearerChallenge | undefined): Promise<Discovered> {
  const prm = await resourceMetadata(fetchImpl, serverUrl, challenge);
  if (prm === undefined) {
    // 2025-03-26: the MCP server's origin is the authorization server
    const issuer = serverUrl.origin;
    const as = (await serverMetadata(fetchImpl, issuer)) ?? defaultEndpoints(issuer);
    return { resource: canonicalResource(serverUrl), issuer, as, scopesSupported: undefined };
  }
  if (!resourceCovers(prm.resource, serverUrl)) throw new ResourceMismatchError(canonicalResource(serverUrl), prm.resource);
  const issuer = prm.authorizationServers[0]!;
  const as = await serverMetadata(fetchImpl, issuer);
  if (as === undefined) throw new DiscoveryFailedError(`No authorization server metadata found for ${issuer}`);
  return { resource: prm.resource, issuer, as, scopesSupported: prm.scopesSupported };
}

/** The metadata of `issuer`, or `undefined` when none of its well-known URLs has it. */
export async function serverMetadata(fetchImpl: FetchLike, issuer: string): Promise<AuthorizationServer | undefined> {
  const oauth = await oauthLibrary();
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw new DiscoveryFailedError(`The authorization server ${JSON.stringify(issuer.slice(0, 100))} is not a URL`);
  }
  for (const url of metadataUrls(issuerUrl)) {
    const response = await fetchMetadata(fetchImpl, url);
    if (response === undefined) continue;
    let as: AuthorizationServer;
    try {
      as = await oauth.processDiscoveryResponse(issuerUrl, response);
    } catch (error) {
      const { code, cause } = error as { code?: unknown; cause?: { body?: { issuer?: unknown } } };
      const actual = cause?.body?.issuer;
      if (code === oauth.JSON_ATTRIBUTE_COMPARISON && typeof actual === 'string') throw new IssuerMismatchError(issuer, actual);
      throw new DiscoveryFailedError(`The authorization server metadata at ${url.href} is not valid`);
    }
    // oauth4webapi compares normalized URLs; RFC 8414 §3.3 wants them identical
    if (as.issuer !== issuer) throw new IssuerMismatchError(issuer, as.issuer);
    return as;
  }
  return undefined;
}

/** The well-known URLs of an issuer's metadata, in the order MCP asks for them. */
export function metadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname.replace(/\/+$/, '');
  if (path === '') return [new URL('/.well-known/oauth-authorization-server', issuer.origin), new URL('/.well-known/openid-configuration', issuer.origin)];
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin),
    new URL(`/.well-known/openid-configuration${path}`, issuer.origin),
    new URL(`${path}/.well-known/openid-configuration`, issuer.origin),
  ];
}

/** The 2025-03-26 defaults for a server without metadata. */
function defaultEndpoints(issuer: string): AuthorizationServer {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    registration_endpoint: `${issuer}/register`,
    code_challenge_methods_supported: ['S256'],
  };
}

/** The resource metadata: from the challenge's URL, then path-based, then root. */
async function resourceMetadata(fetchImpl: FetchLike, serverUrl: URL, challenge: BearerChallenge | undefined): Promise<ResourceMetadata | undefined> {
  const candidates: URL[] = [];
  if (challenge?.resourceMetadata !== undefined) {
    try {
      candidates.push(new URL(challenge.resourceMetadata, serverUrl));
    } catch {
      // not a URL: the well-known locations remain
    }
  }
  const path = serverUrl.pathname.replace(/\/+$/, '');
  if (path !== '') candidates.push(new URL(`/.well-known/oauth-protected-resource${path}`, serverUrl.origin));
  candidates.push(new URL('/.well-known/oauth-protected-resource', serverUrl.origin));
  for (const url of candidates) {
    const response = await fetchMetadata(fetchImpl, url);
    if (response === undefined) continue;
    const parsed = await parseResourceMetadata(response);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

/** The fields the flow needs from a resource metadata document, or `undefined` when it lacks them. */
async function parseResourceMetadata(response: Response): Promise<ResourceMetadata | undefined> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { resource, authorization_servers: servers, scopes_supported: scopes } = body as Record<string, unknown>;
  if (typeof resource !== 'string' || !Array.isArray(servers)) return undefined;
  const authorizationServers = servers.filter((server): server is string => typeof server === 'string');
  if (authorizationServers.length === 0) return undefined;
  const scopesSupported = Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : undefined;
  return { resource, authorizationServers, scopesSupported };
}

/** The server URL as a resource indicator: no fragment, no query. */
export function canonicalResource(serverUrl: URL): string {
  const url = new URL(serverUrl.href);
  url.hash = '';
  url.search = '';
  return url.href;
}

/** True when `resource` names the server at `serverUrl`: same origin, and its path a prefix of the server's (segment-wise). */
export function resourceCovers(resource: string, serverUrl: URL): boolean {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    return false;
  }
  if (url.origin !== serverUrl.origin) return false;
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  const path = serverUrl.pathname.endsWith('/') ? serverUrl.pathname : `${serverUrl.pathname}/`;
  return path.startsWith(base);
}
