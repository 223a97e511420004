/**
 * A real authorization server and a protected MCP server for the OAuth tests.
 *
 * - `startAuthorizationServer`: `oauth2-mock-server` (an npm OAuth 2 / OIDC server issuing
 *   RS256-signed JWTs) in a child process (spec/fixtures/oauth-authorization-server.mjs), strict
 *   about refresh rotation and revocation, recording every authorization and token request.
 * - `startProtectedServer`: a resource server in front of the fixture MCP server (a real child
 *   process): it publishes protected resource metadata (RFC 9728) naming the current AS,
 *   answers 401 with `resource_metadata` without a valid JWT of that AS (verified with jose
 *   against its JWKS), 403 `insufficient_scope` when a tool needs a scope the token lacks, and
 *   forwards everything else to the fixture server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startFixtureHttpServer, type FixtureHttpServer } from './http-servers.js';
import { startListeningProcess } from './listening-process.js';

const ROOT = join(__dirname, '..', '..');
const AUTHORIZATION_SERVER = join(ROOT, 'spec', 'fixtures', 'oauth-authorization-server.mjs');

/** One request the authorization server saw at `/authorize`. */
export interface SeenAuthorization {
  readonly clientId: string | null;
  readonly scope: string | null;
  readonly resource: string | null;
  readonly codeChallengeMethod: string | null;
  readonly state: string | null;
}

/** One request the authorization server saw at `/token`, and the status it answered. */
export interface SeenTokenRequest {
  readonly grantType: string;
  readonly status: number;
  readonly refreshToken?: string;
  readonly resource?: string;
  readonly clientSecret?: string;
  /** `client_assertion` (private_key_jwt) and the `Authorization` header (client_secret_basic), as sent. */
  readonly clientAssertion?: string;
  readonly basic?: string;
}

/** What the authorization server saw so far. */
export interface AuthorizationServerState {
  readonly authorizations: SeenAuthorization[];
  readonly tokenRequests: SeenTokenRequest[];
  /** Every access and refresh token issued, in order. */
  readonly issued: { readonly accessToken: string; readonly refreshToken?: string }[];
  /** The refresh tokens presented more than once (must stay empty: rotation). */
  readonly reused: string[];
  /** The client metadata of each dynamic registration request (all refused), once `setMetadata` opened the endpoint. */
  readonly registrations: Record<string, unknown>[];
}

/** A running authorization server (spec/fixtures/oauth-authorization-server.mjs). */
export interface TestAuthorizationServer {
  readonly issuer: string;
  state(): Promise<AuthorizationServerState>;
  /** `expires_in` of the next token responses (default 3600). */
  setExpiresIn(seconds: number): Promise<void>;
  /** Makes a refresh token unusable (as a revocation would). */
  revoke(refreshToken: string): Promise<void>;
  /** Changes its metadata: the PKCE methods it lists (`['plain']`: no S256), a registration endpoint that refuses every registration. */
  setMetadata(metadata: { readonly pkceMethods?: readonly string[]; readonly refuseRegistration?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the authorization server fixture (a child process: oauth2-mock-server, strict as
 * described in that file) and resolves once it listens.
 */
export async function startAuthorizationServer(): Promise<TestAuthorizationServer> {
  const started = await startListeningProcess([AUTHORIZATION_SERVER], { cwd: ROOT, timeoutMs: 15_000 });
  const origin = `http://127.0.0.1:${started.port}`;
  const admin = async <T>(path: string, method = 'GET'): Promise<T> => {
    const response = await fetch(`${origin}/admin/${path}`, { method });
    if (!response.ok) throw new Error(`admin ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  // the issuer as the server names itself (`http://localhost:<port>`)
  const { issuer } = await admin<{ issuer: string }>('state');
  return {
    issuer,
    state: () => admin<AuthorizationServerState>('state'),
    setExpiresIn: async (seconds) => void (await admin(`expires-in?value=${seconds}`, 'POST')),
    revoke: async (token) => void (await admin(`revoke?token=${encodeURIComponent(token)}`, 'POST')),
    setMetadata: async ({ pkceMethods, refuseRegistration }) => {
      const query = new URLSearchParams({ ...(pkceMethods !== undefined && { pkce: pkceMethods.join(',') }), ...(refuseRegistration === true && { registration: 'refuse' }) });
      await admin(`metadata?${query}`, 'POST');
    },
    stop: started.stop,
  };
}

/** A running protected MCP server. */
export interface ProtectedServer {
  /** The MCP endpoint (`/mcp`). */
  readonly url: string;
  /** The issuer its metadata names now; set it to move the resource to another AS. */
  issuer: string;
  /** Access tokens it refuses from now on (as if revoked or expired at the resource). */
  readonly refused: Set<string>;
  /** The statuses it answered MCP requests with, with the bearer token each carried. */
  readonly seen: { readonly status: number; readonly token: string | undefined; readonly method: string | undefined }[];
  stop(): Promise<void>;
}

/** Options of {@link startProtectedServer}. */
export interface ProtectedServerOptions {
  /** The AS its metadata names first. */
  readonly issuer: string;
  /** `scopes_supported` of its metadata. Default `['mcp:read']`. */
  readonly scopesSupported?: readonly string[];
  /** Scope every request needs. Default `mcp:read`. */
  readonly baseScope?: string;
  /** Extra scope a tool needs, by tool name. */
  readonly toolScopes?: Readonly<Record<string, string>>;
  /** Overrides the `resource` of its metadata (a resource mismatch). */
  readonly resource?: string;
}

/** Starts the fixture MCP server and the resource server in front of it; see the file comment. */
export async function startProtectedServer(options: ProtectedServerOptions): Promise<ProtectedServer> {
  const fixture: FixtureHttpServer = await startFixtureHttpServer();
  const jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keysOf = (issuer: string) => {
    let set = jwks.get(issuer);
    if (set === undefined) jwks.set(issuer, (set = createRemoteJWKSet(new URL(`${issuer}/jwks`))));
    return set;
  };
  let origin = '';
  const state: ProtectedServer = {
    url: '',
    issuer: options.issuer,
    refused: new Set(),
    seen: [],
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await fixture.stop();
    },
  };
  const metadataUrl = () => `${origin}/.well-known/oauth-protected-resource/mcp`;
  const challenge = (extra: string) => `Bearer ${extra}resource_metadata="${metadataUrl()}"`;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', origin).pathname;
    // CORS, for the browser specs (a page of another origin calls it)
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', 'www-authenticate, mcp-session-id, mcp-protocol-version, content-type');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*', 'access-control-max-age': '600' }).end();
      return;
    }
    if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ resource: options.resource ?? `${origin}/mcp`, authorization_servers: [state.issuer], scopes_supported: options.scopesSupported ?? ['mcp:read'] }),
      );
      return;
    }
    if (path !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let method: string | undefined;
    let tool: string | undefined;
    try {
      const message = JSON.parse(body.toString('utf8')) as { method?: string; params?: { name?: string } };
      method = message.method;
      tool = method === 'tools/call' ? message.params?.name : undefined;
    } catch {
      // GET / DELETE, or not JSON: forwarded as it is
    }
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const refuse = (status: number, www: string): void => {
      state.seen.push({ status, token, method });
      res.writeHead(status, { 'www-authenticate': www, 'content-type': 'application/json' }).end(JSON.stringify({ error: status === 401 ? 'invalid_token' : 'insufficient_scope' }));
    };
    if (token === undefined || state.refused.has(token)) return refuse(401, challenge(`scope="${options.baseScope ?? 'mcp:read'}", `));
    let scopes: string[];
    try {
      const { payload } = await jwtVerify(token, keysOf(state.issuer), { issuer: state.issuer });
      scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
    } catch {
      return refuse(401, challenge(`error="invalid_token", `));
    }
    const needed = [options.baseScope ?? 'mcp:read', ...(tool !== undefined && options.toolScopes?.[tool] !== undefined ? [options.toolScopes[tool]!] : [])];
    const missing = needed.filter((scope) => !scopes.includes(scope));
    if (missing.length > 0) return refuse(403, challenge(`error="insufficient_scope", scope="${missing.join(' ')}", `));
    state.seen.push({ status: 200, token, method });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && !['host', 'authorization', 'content-length', 'connection'].includes(name)) headers[name] = value;
    const forwarded = await fetch(`${fixture.url}${new URL(req.url ?? '/', origin).search}`, { method: req.method, headers, ...(body.length > 0 && { body }) });
    const out: Record<string, string> = {};
    forwarded.headers.forEach((value, name) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) out[name] = value;
    });
    res.writeHead(forwarded.status, out);
    if (forwarded.body === null) res.end();
    else Readable.fromWeb(forwarded.body as import('node:stream/web').ReadableStream).on('error', () => res.destroy()).pipe(res);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { url: `${origin}/mcp` });
}
