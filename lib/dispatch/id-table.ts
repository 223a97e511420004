/**
 * A table of entries by integer id, for ids minted in sequence: the dispatcher's requests in
 * flight.
 *
 * Why not a `Map`: under the constant insert-and-delete of ever-increasing keys, V8 rehashes a
 * `Map` every few dozen requests, and an obsolete hash table keeps pointers to its successor and
 * to the entries it held (for iterators still walking it). Once one obsolete table has been
 * promoted to the old generation, it keeps the next one alive through every scavenge, and that
 * one the next: every request graph ever in flight is promoted and waits for a full collection.
 * In the stdio benchmark that was 2 MB surviving each scavenge and a fifth of the client's CPU
 * per call. This table is a plain array that never leaves anything behind: an entry sits in the
 * slot its id selects (`id mod capacity`), and a slot is cleared when its entry leaves.
 *
 * Sequential ids of the requests in flight at once fall into distinct slots as long as they span
 * less than the capacity, which doubles when the table is half full. An entry whose slot a newer
 * id needs (one long-lived request among many short ones, say a `subscriptions/listen` stream) is
 * moved to a small side `Map`, where it stays without churn.
 */

/** What the table holds: something with a numeric id. */
export interface HasId {
  readonly id: number;
}

const INITIAL_CAPACITY = 64;

const byId = (a: HasId, b: HasId): number => a.id - b.id;

/** Entries by integer id, O(1), without the garbage a churning `Map` leaves behind. */
export class IdTable<T extends HasId> {
  private slots: (T | undefined)[] = new Array<T | undefined>(INITIAL_CAPACITY).fill(undefined);
  private mask = INITIAL_CAPACITY - 1;
  private inSlots = 0;
  /** Entries displaced from their slot by a newer id. */
  private readonly displaced = new Map<number, T>();

  /** How many entries the table holds. */
  get size(): number {
    return this.inSlots + this.displaced.size;
  }

  /** Adds `entry` under its id (its id must not be in the table). */
  add(entry: T): void {
    if ((this.inSlots + 1) * 2 > this.slots.length) this.grow();
    const index = this.indexOf(entry.id);
    const occupant = this.slots[index];
    if (occupant !== undefined) this.displaced.set(occupant.id, occupant);
    else this.inSlots++;
    this.slots[index] = entry;
  }

  /** The entry with this id, if any. */
  get(id: number): T | undefined {
    const entry = this.slots[this.indexOf(id)];
    if (entry !== undefined && entry.id === id) return entry;
    return this.displaced.size === 0 ? undefined : this.displaced.get(id);
  }

  /** Removes the entry with this id; returns it, if there was one. */
  delete(id: number): T | undefined {
    const index = this.indexOf(id);
    const entry = this.slots[index];
    if (entry !== undefined && entry.id === id) {
      this.slots[index] = undefined;
      this.inSlots--;
      return entry;
    }
    if (this.displaced.size === 0) return undefined;
    const displaced = this.displaced.get(id);
    if (displaced !== undefined) this.displaced.delete(id);
    return displaced;
  }

  /** Every entry, in no particular order (a copy: the table may change while it is walked). */
  values(): T[] {
    return [...this.slots.filter((entry): entry is T => entry !== undefined), ...this.displaced.values()];
  }

  /** Removes every entry and returns them, in id order. */
  drain(): T[] {
    const all = this.takeAll().sort(byId);
    this.slots = new Array<T | undefined>(INITIAL_CAPACITY).fill(undefined);
    this.mask = INITIAL_CAPACITY - 1;
    return all;
  }

  /** The slot of `id`: its low bits (ids are integers; anything else lands somewhere and mismatches). */
  private indexOf(id: number): number {
    return (id >>> 0) & this.mask;
  }

  /** Doubles the capacity, putting every entry (displaced ones too, where they now fit) back. */
  private grow(): void {
    const entries = this.takeAll();
    this.slots = new Array<T | undefined>(this.slots.length * 2).fill(undefined);
    this.mask = this.slots.length - 1;
    // newest last, so an older entry is the one displaced when two still share a slot
    entries.sort(byId);
    for (const entry of entries) {
      const index = this.indexOf(entry.id);
      const occupant = this.slots[index];
      if (occupant !== undefined) this.displaced.set(occupant.id, occupant);
      else this.inSlots++;
      this.slots[index] = entry;
    }
  }

  /** Every entry, leaving the slots to be replaced and nothing displaced. */
  private takeAll(): T[] {
    const entries = [...this.displaced.values()];
    for (const entry of this.slots) if (entry !== undefined) entries.push(entry);
    this.displaced.clear();
    this.inSlots = 0;
    return entries;
  }
}
