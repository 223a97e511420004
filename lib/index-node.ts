/**
 * `rxmcp` as Node resolves it (the `node` condition of the package's `"."` export): the same
 * entry as `lib/index.ts`, with undici's requester made the HTTP transports' default, so
 * `Client.connect(url)` in Node skips the WHATWG `fetch` layer without importing `rxmcp/node`.
 * Browsers and workers resolve `lib/index.ts`, which never imports Node code.
 */
import './transport/http/node/use-undici.js';

export * from './index.js';
