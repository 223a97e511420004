import { deepFreeze, isDeepFrozen } from '../../lib/cache/freeze.js';

describe('deepFreeze', () => {
  it('freezes every object and array reachable, in place', () => {
    const value = { tools: [{ name: 'a', inputSchema: { properties: { x: { type: 'string' } } } }], meta: { n: 1 } };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.tools)).toBe(true);
    expect(Object.isFrozen(value.tools[0]!.inputSchema.properties.x)).toBe(true);
    expect(isDeepFrozen(value)).toBe(true);
  });

  it('makes mutation throw in strict-mode code (this module) and leaves the value unchanged', () => {
    const value = deepFreeze({ tools: [{ name: 'a' }] });
    expect(() => {
      (value.tools[0] as { name: string }).name = 'b';
    }).toThrow(TypeError);
    expect(() => (value.tools as { name: string }[]).push({ name: 'c' })).toThrow(TypeError);
    expect(value).toEqual({ tools: [{ name: 'a' }] });
  });

  it('passes primitives through and ends at cycles and typed arrays', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
    const cyclic: { self?: unknown; bytes: Uint8Array } = { bytes: new Uint8Array([1, 2]) };
    cyclic.self = cyclic;
    expect(deepFreeze(cyclic)).toBe(cyclic);
    expect(Object.isFrozen(cyclic)).toBe(true);
    expect(isDeepFrozen({})).toBe(false);
    expect(isDeepFrozen('text')).toBe(true);
  });

  it("walks an object's own enumerable string-keyed values, as Object.values sees them, and no others", () => {
    const inherited = { shared: { n: 1 } };
    const value = Object.create(inherited) as { own?: { n: number }; hidden?: { n: number } };
    value.own = { n: 2 };
    Object.defineProperty(value, 'hidden', { value: { n: 3 }, enumerable: false });
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { inner: { deeper: [{ n: 4 }] } });
    const sparse: unknown[] = [];
    sparse[3] = { n: 5 };
    deepFreeze({ value, bare, sparse });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.own)).toBe(true);
    // what Object.values leaves out is left as it is: an inherited value, a non-enumerable one
    expect(Object.isFrozen(inherited.shared)).toBe(false);
    expect(Object.isFrozen(value.hidden)).toBe(false);
    // an object without a prototype (no hasOwnProperty of its own) and a sparse array are walked
    expect(Object.isFrozen((bare.inner as { deeper: object[] }).deeper[0])).toBe(true);
    expect(Object.isFrozen(sparse[3])).toBe(true);
  });
});
