/**
 * The Node redirect helper (exported from `rxmcp/node` only): a listener on 127.0.0.1 and a
 * random port that receives the authorization server's redirect (RFC 8252 §7.3). Its
 * `redirectUri` goes to `OAuthProvider`, its `authorize` is the provider's user-agent step: it
 * hands the authorization URL to `open` (a browser launcher of your choice), waits for the
 * redirect with the expected `state` (others get 400 and are ignored), and gives up after
 * `timeoutMs` with a `LoopbackTimeoutError`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthFlowError } from './errors.js';
import type { AuthorizationRequest } from './oauth-options.js';

/** No redirect with the expected `state` arrived in time. */
export class LoopbackTimeoutError extends OAuthFlowError {
  /** `'LoopbackTimeoutError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'LoopbackTimeoutError';

  constructor(
    /** How long the listener waited for the redirect, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(`No authorization redirect arrived within ${timeoutMs} ms`);
  }
}

/** Options of {@link startLoopbackRedirect}. */
export interface LoopbackRedirectOptions {
  /** Sends the user to the authorization URL (opens a browser, prints it, …). */
  readonly open: (url: URL) => void | Promise<void>;
  /** The path of the redirect URI. Default `/callback`. */
  readonly path?: string;
  /** How long to wait for the redirect. Default 300 000 ms. */
  readonly timeoutMs?: number;
  /** The page shown in the browser once the redirect arrived. */
  readonly successHtml?: string;
}

/** A listening loopback redirect; see the file comment. */
export interface LoopbackRedirect {
  /** The redirect URI to register and give to `OAuthProvider` (`http://127.0.0.1:<port><path>`). */
  readonly redirectUri: string;
  /** The provider's user-agent step: opens the authorization URL and resolves with the redirect URL that carries its `state`. */
  authorize(request: AuthorizationRequest): Promise<string>;
  /** Stops listening (idempotent); a pending `authorize` rejects. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 and a random port; see the file comment. */
export async function startLoopbackRedirect(options: LoopbackRedirectOptions): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  const timeoutMs = options.timeoutMs ?? 300_000;
  const waiting = new Map<string, { resolve: (url: string) => void; reject: (error: Error) => void }>();
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const pending = url.pathname === path ? waiting.get(url.searchParams.get('state') ?? '') : undefined;
    if (req.method !== 'GET' || pending === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Unexpected request');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(options.successHtml ?? '<!doctype html><p>Signed in. You can close this window.</p>');
    pending.resolve(url.href);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  return {
    redirectUri: `${origin}${path}`,
    authorize(request) {
      if (closed) return Promise.reject(new OAuthFlowError('The loopback redirect listener is closed'));
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => settle(() => reject(new LoopbackTimeoutError(timeoutMs))), timeoutMs);
        const settle = (done: () => void): void => {
          clearTimeout(timer);
          waiting.delete(request.state);
          done();
        };
        waiting.set(request.state, { resolve: (url) => settle(() => resolve(url)), reject: (error) => settle(() => reject(error)) });
        Promise.resolve()
          .then(() => options.open(request.url))
          .catch((error: unknown) => settle(() => reject(error instanceof Error ? error : new OAuthFlowError('Opening the authorization URL failed'))));
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const pending of [...waiting.values()]) pending.reject(new OAuthFlowError('The loopback redirect listener closed'));
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
    },
  };
}
