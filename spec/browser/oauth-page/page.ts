/**
 * The page of the Chromium OAuth spec (bundled by spec/helpers/chromium.ts, served by the spec):
 * connects to the MCP server named in the query (or, after the redirect back, in
 * `sessionStorage`) with rxmcp's main entry and a browser flow, and reports what happened in
 * `window.__result`.
 *
 * Query: `mode` = `redirect` (full-page redirect, resumed on `/callback` with `finishAuth`),
 * `popup` (the popup flow, started by `window.start()`), or `stored` (no sign-in allowed: only
 * the tokens already kept in the store); `storage` = `session` (default) or `local`. A popup's
 * callback page whose opener is gone resumes the flow itself with `finishAuth`.
 */
import { AuthorizationDeniedError, CallbackStateError, RedirectStartedError, Client, OAuthProvider, fullPageRedirect, popupRedirect, postPopupCallback, webStorageTokenStore, type OAuthState } from '../../../lib/index.js';

const report = (result: unknown): void => {
  (window as unknown as { __result: unknown }).__result = result;
};

const described = (error: unknown): string => (error instanceof Error ? `${error.name}:${(error as { reason?: string }).reason ?? ''}` : String(error));

async function echo(provider: OAuthProvider, mcp: string): Promise<{ text: string; states: OAuthState[] }> {
  await using client = await Client.connect(mcp, { auth: provider, mode: '2026-07-28' });
  const states: OAuthState[] = [];
  client.auth!.state$.subscribe((state) => states.push(state));
  const result = await client.callTool('echo', { text: 'from chromium' });
  return { text: result.content.map((block) => (block.type === 'text' ? block.text : '')).join(''), states };
}

/** A query parameter, remembered in `sessionStorage` for the page the redirect comes back to. */
function param(name: string): string | null {
  const value = new URLSearchParams(location.search).get(name) ?? sessionStorage.getItem(`page.${name}`);
  if (value !== null) sessionStorage.setItem(`page.${name}`, value);
  return value;
}

async function main(): Promise<void> {
  const callback = `${location.origin}/callback`;
  if (location.pathname === '/callback' && postPopupCallback()) return; // the popup's callback page
  const mode = param('mode');
  const mcp = param('mcp')!;
  const store = webStorageTokenStore(param('storage') === 'local' ? localStorage : sessionStorage);
  const common = { redirectUri: callback, client: { clientId: 'rxmcp-browser' }, store };
  if (mode === 'stored') {
    const provider = new OAuthProvider({ ...common, authorize: () => Promise.reject(new AuthorizationDeniedError('no_sign_in_expected')) });
    report(await echo(provider, mcp).catch((error: unknown) => ({ error: described(error) })));
    return;
  }
  if (mode === 'redirect') {
    const provider = new OAuthProvider({ ...common, authorize: fullPageRedirect() });
    if (location.pathname === '/callback') {
      await provider.finishAuth(location.href);
      const afterFinish = provider.state;
      // the same callback again (a replay): refused before anything changes, the tokens stay in use
      const replay = await provider.finishAuth(location.href).then(() => 'accepted', (error: unknown) => (error instanceof CallbackStateError ? error.reason : String(error)));
      report({ afterFinish, replay, afterReplay: provider.state, ...(await echo(provider, mcp)), pendingLeft: JSON.stringify(sessionStorage).includes('codeVerifier') });
      return;
    }
    // navigates away: the sign-in rejects with RedirectStartedError, the callback page resumes
    await provider.signIn(mcp).catch((error: unknown) => {
      if (!(error instanceof RedirectStartedError)) throw error;
    });
    return;
  }
  const provider = new OAuthProvider({ ...common, authorize: popupRedirect({ closedPollMs: 50 }) });
  if (location.pathname === '/callback') {
    // the popup's callback page, its opener gone: the flow resumes here
    await provider.finishAuth(location.href);
    report(await echo(provider, mcp));
    return;
  }
  (window as unknown as { start: () => void }).start = () => {
    echo(provider, mcp).then(report, (error: unknown) => report({ error: described(error), state: provider.state }));
  };
  report('ready');
}

main().catch((error: unknown) => report({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
