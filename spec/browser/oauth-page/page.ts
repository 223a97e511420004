/**
 * The page of the Chromium OAuth spec (bundled by esbuild, served by the spec): connects to the
 * MCP server named in `sessionStorage` with rxmcp's main entry and a browser flow, and reports
 * what happened in `window.__result`.
 */
import { CallbackStateError, RedirectStartedError, Client, OAuthProvider, fullPageRedirect, popupRedirect, postPopupCallback, webStorageTokenStore, type OAuthState } from '../../../lib/index.js';

const report = (result: unknown): void => {
  (window as unknown as { __result: unknown }).__result = result;
};

async function echo(provider: OAuthProvider, mcp: string): Promise<{ text: string; states: OAuthState[] }> {
  await using client = await Client.connect(mcp, { auth: provider, mode: '2026-07-28' });
  const states: OAuthState[] = [];
  client.auth!.state$.subscribe((state) => states.push(state));
  const result = await client.callTool('echo', { text: 'from chromium' });
  return { text: result.content.map((block) => (block.type === 'text' ? block.text : '')).join(''), states };
}

async function main(): Promise<void> {
  const callback = `${location.origin}/callback`;
  if (location.pathname === '/callback' && postPopupCallback()) return; // the popup's callback page
  const mode = new URLSearchParams(location.search).get('mode') ?? sessionStorage.getItem('mode');
  const mcp = new URLSearchParams(location.search).get('mcp') ?? sessionStorage.getItem('mcp')!;
  sessionStorage.setItem('mode', mode ?? '');
  sessionStorage.setItem('mcp', mcp);
  const store = webStorageTokenStore(sessionStorage);
  const common = { redirectUri: callback, client: { clientId: 'rxmcp-browser' }, store };
  if (mode === 'redirect') {
    const provider = new OAuthProvider({ ...common, authorize: fullPageRedirect() });
    if (location.pathname === '/callback') {
      await provider.finishAuth(location.href);
      // a second finishAuth with the same callback: the state is spent
      const replay = await provider.finishAuth(location.href).then(() => 'accepted', (error: unknown) => (error instanceof CallbackStateError ? error.reason : String(error)));
      report({ ...(await echo(provider, mcp)), replay, pendingLeft: JSON.stringify(sessionStorage).includes('codeVerifier') });
      return;
    }
    // navigates away: the sign-in rejects with RedirectStartedError, the callback page resumes
    await provider.signIn(mcp).catch((error: unknown) => {
      if (!(error instanceof RedirectStartedError)) throw error;
    });
    return;
  }
  const provider = new OAuthProvider({ ...common, authorize: popupRedirect({ closedPollMs: 50 }) });
  (window as unknown as { start: () => void }).start = () => {
    echo(provider, mcp).then(report, (error: unknown) => report({ error: error instanceof Error ? `${error.name}:${(error as { reason?: string }).reason ?? ''}` : String(error) }));
  };
  report('ready');
}

main().catch((error: unknown) => report({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
