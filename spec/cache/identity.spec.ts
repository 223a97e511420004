import { createHash } from 'node:crypto';
import { serverArmId, stripUserinfo } from '../../lib/cache/identity.js';

const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('stripUserinfo', () => {
  it.each([
    ['https://u:p@h/x', 'https://h/x'],
    ['https://user@h:8443/mcp', 'https://h:8443/mcp'],
    ['https://a@b:c@host/path', 'https://host/path'],
    ['https://h/x', 'https://h/x'],
    ['https://h/x@y', 'https://h/x@y'],
    ['https://h?next=a@b', 'https://h?next=a@b'],
    ['https://h#frag@x', 'https://h#frag@x'],
    ['https://tok@h', 'https://h'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, stripped) => {
    expect(stripUserinfo(url)).toBe(stripped);
  });

  it('normalizes nothing else: case, query and a trailing slash still count', () => {
    expect(stripUserinfo('HTTPS://U@H/X/?a=1')).toBe('HTTPS://H/X/?a=1');
  });
});

describe('serverArmId (item 66)', () => {
  it('hashes the URL without userinfo, so credentials in the URL share an identity', () => {
    expect(serverArmId({ serverUrl: 'https://u:p@h/x' })).toBe(sha('https://h/x'));
    expect(serverArmId({ serverUrl: 'https://u:p@h/x' })).toBe(serverArmId({ serverUrl: 'https://h/x' }));
  });

  it('tells URLs apart by query, path case and trailing slash', () => {
    const ids = ['https://h/x?a=1', 'https://h/x?a=2', 'https://h/X?a=1', 'https://h/x/?a=1'].map((serverUrl) => serverArmId({ serverUrl }));
    expect(new Set(ids).size).toBe(4);
  });

  it('prefers targetId over the URL', () => {
    expect(serverArmId({ targetId: 'proxy-7', serverUrl: 'https://h/x' })).toBe(sha('proxy-7'));
  });

  it('is random per call (64 hex digits) when there is neither', () => {
    const a = serverArmId({});
    const b = serverArmId({});
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });
});
