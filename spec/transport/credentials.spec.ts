import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientAuth } from '../../lib/transport/http/auth.js';
import { authorizedFetch, upgradeHeaders } from '../../lib/transport/http/credentials.js';
import { resolveRequester } from '../../lib/transport/http/default-requester.js';
import { sendWithRedirects } from '../../lib/transport/http/redirects.js';
import { discardBody } from '../../lib/transport/http/response-errors.js';

/** A real HTTP server answering each request with the next of `statuses` (then 200), recording the headers it got. */
async function serve(statuses: number[] = [], location?: string): Promise<{ url: URL; seen: IncomingHttpHeaders[]; server: Server }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    const status = statuses.shift() ?? 200;
    const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer realm="t"' } : {};
    if (status === 307 && location !== undefined) headers.location = location;
    response.writeHead(status, headers).end('body');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`), seen, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const send = (policy: 'same-origin' | 'follow' = 'same-origin') => (url: URL, init: { method: string; signal: AbortSignal }, headers: { all: Record<string, string>; protocol: Record<string, string> }) =>
  // the default requester of the test project: undici, or fetch in the `http-fetch` project
  resolveRequester({}).then((requester) => sendWithRedirects(requester, url, init, headers, policy));

describe('credentials: the one place credentials are added and a 401 is answered', () => {
  it('tells getHeaders the method and URL, and allows one more retry for a DPoP nonce challenge, no more', async () => {
    const seen: { dpop: string | undefined; nonce: string | undefined }[] = [];
    const server = createServer((request, response) => {
      seen.push({ dpop: request.headers.dpop as string | undefined, nonce: undefined });
      response.writeHead(401, { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': `n${seen.length}` }).end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
    const requests: unknown[] = [];
    const nonces: (string | undefined)[] = [];
    const auth: ClientAuth = {
      getHeaders: (request) => (requests.push(request), { Authorization: 'DPoP t', DPoP: `proof${requests.length}` }),
      onUnauthorized: (context) => (nonces.push(context.dpopNonce), true),
    };
    const response = await authorizedFetch(send(), auth)(url, { method: 'POST', signal: new AbortController().signal }, { configured: {}, protocol: {} });
    expect(response.status).toBe(401);
    // the first refusal, then one nonce retry: three sends, each with a fresh proof
    expect(seen.map((entry) => entry.dpop)).toEqual(['proof1', 'proof2', 'proof3']);
    expect(nonces).toEqual(['n1', 'n2']);
    expect(requests).toEqual(Array.from({ length: 3 }, () => ({ method: 'POST', url: url.href })));
  });

  it('adds fresh credentials to every request, replacing a configured header of the same name in any case', async () => {
    const target = await serve();
    servers.push(target.server);
    let issued = 0;
    const auth: ClientAuth = { getHeaders: () => ({ Authorization: `Bearer t${++issued}` }) };
    const authorized = authorizedFetch(send(), auth);
    const headers = { configured: { accept: 'application/json', authorization: 'configured' }, protocol: { accept: 'application/json' } };
    for (let i = 0; i < 2; i++) await discardBody(await authorized(target.url, { method: 'GET', signal: new AbortController().signal }, headers));
    expect(target.seen.map((seen) => seen.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('offers a 401 to onUnauthorized once and sends the request again with fresh credentials; a second refusal stands', async () => {
    const target = await serve([401, 401, 401]);
    servers.push(target.server);
    let token = 'stale';
    const asked: unknown[] = [];
    const auth: ClientAuth = { getHeaders: () => ({ Authorization: `Bearer ${token}` }), onUnauthorized: (context) => (asked.push(context), (token = 'fresh'), true) };
    const authorized = authorizedFetch(send(), auth);
    const response = await authorized(target.url, { method: 'GET', signal: new AbortController().signal }, { configured: {}, protocol: {} });
    expect(response.status).toBe(401);
    // the hook is told which credentials were refused, so it can tell a stale token from the current one
    expect(asked).toEqual([{ status: 401, challenge: 'Bearer realm="t"', url: target.url.href, credentials: { Authorization: 'Bearer stale' } }]);
    expect(target.seen.map((seen) => seen.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
    // answerUnauthorized: false sends once and does not ask
    expect((await authorized(target.url, { method: 'GET', signal: new AbortController().signal }, { configured: {}, protocol: {} }, { answerUnauthorized: false })).status).toBe(401);
    expect(asked).toHaveLength(1);
    expect(target.seen).toHaveLength(3);
  });

  it('keeps the credentials to the original origin: a followed redirect to another origin carries only the protocol headers', async () => {
    const other = await serve();
    servers.push(other.server);
    const first = await serve([307], other.url.href);
    servers.push(first.server);
    const authorized = authorizedFetch(send('follow'), { getHeaders: () => ({ Authorization: 'Bearer secret' }) });
    const response = await authorized(first.url, { method: 'GET', signal: new AbortController().signal }, { configured: { accept: 'text/plain', 'x-api-key': 'k' }, protocol: { accept: 'text/plain' } });
    expect(response.status).toBe(200);
    expect(first.seen[0]).toMatchObject({ authorization: 'Bearer secret', 'x-api-key': 'k' });
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]!.authorization).toBeUndefined();
    expect(other.seen[0]!['x-api-key']).toBeUndefined();
    expect(other.seen[0]!.accept).toBe('text/plain');
  });

  it('builds the WebSocket upgrade headers the same way (none at all without headers or auth)', async () => {
    expect(await upgradeHeaders(undefined, undefined)).toBeUndefined();
    expect(await upgradeHeaders({ 'X-A': '1', authorization: 'old' }, { getHeaders: async () => ({ Authorization: 'Bearer w' }) })).toEqual({ 'X-A': '1', Authorization: 'Bearer w' });
  });
});
