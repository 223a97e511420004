import { IdTable } from '../../lib/dispatch/id-table.js';

interface Entry {
  id: number;
}

const entry = (id: number): Entry => ({ id });

describe('IdTable', () => {
  it('adds, finds and removes entries by id', () => {
    const table = new IdTable<Entry>();
    const one = entry(1);
    const two = entry(2);
    table.add(one);
    table.add(two);
    expect(table.size).toBe(2);
    expect(table.get(1)).toBe(one);
    expect(table.get(2)).toBe(two);
    expect(table.get(3)).toBeUndefined();
    expect(table.delete(1)).toBe(one);
    expect(table.delete(1)).toBeUndefined();
    expect(table.get(1)).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('never matches an id that only shares a slot, and answers non-integers with nothing', () => {
    const table = new IdTable<Entry>();
    table.add(entry(5));
    expect(table.get(5 + 64)).toBeUndefined();
    expect(table.get(5.5)).toBeUndefined();
    expect(table.get(-5)).toBeUndefined();
    expect(table.get(Number.NaN)).toBeUndefined();
    expect(table.delete(5 + 64)).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('keeps a long-lived entry reachable while thousands of later ids pass through its slot', () => {
    const table = new IdTable<Entry>();
    const listen = entry(1);
    table.add(listen);
    for (let id = 2; id < 10_000; id++) {
      const short = entry(id);
      table.add(short);
      expect(table.get(id)).toBe(short);
      expect(table.delete(id)).toBe(short);
    }
    expect(table.get(1)).toBe(listen);
    expect(table.size).toBe(1);
    expect(table.delete(1)).toBe(listen);
    expect(table.size).toBe(0);
  });

  it('grows past its initial capacity with every entry still found', () => {
    const table = new IdTable<Entry>();
    const entries = Array.from({ length: 10_000 }, (_, index) => entry(index + 1));
    for (const e of entries) table.add(e);
    expect(table.size).toBe(10_000);
    for (const e of entries) expect(table.get(e.id)).toBe(e);
    for (const e of entries.filter((e) => e.id % 2 === 0)) expect(table.delete(e.id)).toBe(e);
    expect(table.size).toBe(5_000);
    for (const e of entries) expect(table.get(e.id)).toBe(e.id % 2 === 0 ? undefined : e);
  });

  it('finds entries with ids far apart (sparse, beyond 2^32)', () => {
    const table = new IdTable<Entry>();
    const ids = [1, 64, 128, 2 ** 31, 2 ** 32 + 1, 2 ** 40, Number.MAX_SAFE_INTEGER];
    for (const id of ids) table.add(entry(id));
    for (const id of ids) expect(table.get(id)?.id).toBe(id);
    expect(table.size).toBe(ids.length);
  });

  it('drains every entry, in id order, and is empty and usable after', () => {
    const table = new IdTable<Entry>();
    table.add(entry(1));
    for (let id = 2; id <= 200; id++) {
      table.add(entry(id));
      if (id % 3 !== 0) table.delete(id);
    }
    const drained = table.drain().map((e) => e.id);
    expect(drained).toEqual([1, ...Array.from({ length: 66 }, (_, index) => (index + 1) * 3)]);
    expect(table.size).toBe(0);
    expect(table.get(3)).toBeUndefined();
    table.add(entry(7));
    expect(table.get(7)?.id).toBe(7);
  });
});
