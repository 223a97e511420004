/**
 * The small pure pieces of the OAuth flow: the `WWW-Authenticate` Bearer challenge parser, the
 * scope selection rules, and the Web Storage adapter over a real `Storage`-shaped map.
 */
import { webStorageTokenStore, type WebStorageLike } from 'rxmcp';
import { parseBearerChallenge } from '../../lib/auth/challenge.js';
import { selectScope } from '../../lib/auth/scopes.js';

describe('parseBearerChallenge', () => {
  it('reads quoted and token parameters of the Bearer challenge, skipping other schemes', () => {
    const challenge = parseBearerChallenge('Basic realm="x", Bearer error="insufficient_scope", scope="mcp:read mcp:write", resource_metadata="https://h/.well-known/oauth-protected-resource/mcp", error_description="say \\"hi\\"", DPoP algs="ES256"');
    expect(challenge).toEqual({
      params: { error: 'insufficient_scope', scope: 'mcp:read mcp:write', resource_metadata: 'https://h/.well-known/oauth-protected-resource/mcp', error_description: 'say "hi"' },
      error: 'insufficient_scope',
      scopes: ['mcp:read', 'mcp:write'],
      resourceMetadata: 'https://h/.well-known/oauth-protected-resource/mcp',
    });
    expect(parseBearerChallenge('bearer realm=mcp')?.params).toEqual({ realm: 'mcp' });
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(undefined)).toBeUndefined();
  });
});

describe('selectScope', () => {
  const base = { challenge: undefined, scopesSupported: undefined, configured: undefined, previous: undefined, offlineAccess: false };
  it('takes the challenge, else scopes_supported, else the configured scope, else none; unions with what was asked before', () => {
    expect(selectScope({ ...base, challenge: ['a'], scopesSupported: ['b'] })).toBe('a');
    expect(selectScope({ ...base, scopesSupported: ['b', 'c'], configured: 'd' })).toBe('b c');
    expect(selectScope({ ...base, configured: 'd' })).toBe('d');
    expect(selectScope(base)).toBeUndefined();
    expect(selectScope({ ...base, challenge: ['w'], previous: 'r' })).toBe('r w');
  });
  it('adds offline_access when wanted and advertised, never to an omitted scope', () => {
    expect(selectScope({ ...base, scopesSupported: ['r'], offlineAccess: true })).toBe('r offline_access');
    expect(selectScope({ ...base, offlineAccess: true })).toBeUndefined();
  });
});

describe('webStorageTokenStore', () => {
  it('keeps records as JSON under its prefix and treats garbage as absent', () => {
    const map = new Map<string, string>();
    const storage: WebStorageLike = { getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value), removeItem: (key) => void map.delete(key) };
    const store = webStorageTokenStore(storage);
    store.set('k', { issuer: 'https://as', resource: 'https://mcp/' });
    expect([...map.keys()]).toEqual(['rxmcp.oauth.k']);
    expect(store.get('k')).toEqual({ issuer: 'https://as', resource: 'https://mcp/' });
    map.set('rxmcp.oauth.bad', '{not json');
    expect(store.get('bad')).toBeUndefined();
    store.delete('k');
    expect(store.get('k')).toBeUndefined();
  });
});
