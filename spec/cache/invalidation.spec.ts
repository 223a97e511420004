import { CACHEABLE_METHODS, invalidationTargets } from '../../lib/cache/invalidation.js';

describe('invalidationTargets (item 56)', () => {
  it('maps each list_changed to its listing, resources to both listings', () => {
    expect(invalidationTargets({ method: 'notifications/tools/list_changed' })).toEqual([{ method: 'tools/list', paramsKey: '' }]);
    expect(invalidationTargets({ method: 'notifications/prompts/list_changed' })).toEqual([{ method: 'prompts/list', paramsKey: '' }]);
    expect(invalidationTargets({ method: 'notifications/resources/list_changed' })).toEqual([
      { method: 'resources/list', paramsKey: '' },
      { method: 'resources/templates/list', paramsKey: '' },
    ]);
  });

  it('maps resources/updated to the read of exactly that URI', () => {
    expect(invalidationTargets({ method: 'notifications/resources/updated', params: { uri: 'file:///a.md' } })).toEqual([{ method: 'resources/read', paramsKey: 'file:///a.md' }]);
  });

  it('maps everything else, and an updated without a string uri, to nothing', () => {
    expect(invalidationTargets({ method: 'notifications/resources/updated' })).toEqual([]);
    expect(invalidationTargets({ method: 'notifications/resources/updated', params: { uri: 7 } })).toEqual([]);
    expect(invalidationTargets({ method: 'notifications/message', params: { level: 'info' } })).toEqual([]);
    expect(invalidationTargets({ method: 'notifications/roots/list_changed' })).toEqual([]);
  });

  it('names the cacheable methods', () => {
    expect([...CACHEABLE_METHODS].sort()).toEqual(['prompts/list', 'resources/list', 'resources/read', 'resources/templates/list', 'tools/list']);
  });
});
