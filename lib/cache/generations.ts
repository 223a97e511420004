/**
 * The race guard between fetches and evictions. A fetch captures its key's generation before it
 * is sent; an eviction bumps the generation; a write whose generation moved in the meantime is
 * dropped (its result may predate the change the eviction announced).
 *
 * Only keys captured before are bumped, so a server flooding `resources/updated` for URIs nobody
 * read cannot grow the map; and the map holds at most {@link MAX_GENERATIONS} keys, the one
 * captured longest ago going first. (A fetch whose key was pushed out by that many newer fetches
 * while it was in flight is not guarded any more: its write lands even if an eviction came.)
 */

/** The most keys whose generation is remembered. */
export const MAX_GENERATIONS = 4096;

/** What a fetch captured: the key's generation when it was sent. Pass it back to the write. */
export interface WriteToken {
  /** The method of the key captured. */
  readonly method: string;
  /** The params key of the key captured (`''` for the listings). */
  readonly paramsKey: string;
  /** The generation the key had when the fetch was sent. */
  readonly generation: number;
}

/** Generations per (method, paramsKey). */
export class GenerationMap {
  // One injective string per key: the method's length, the method, then the params key.
  private readonly generations = new Map<string, number>();

  constructor(private readonly cap: number = MAX_GENERATIONS) {}

  /** How many keys are remembered. */
  get size(): number {
    return this.generations.size;
  }

  /** The current generation of a key, remembering the key (as the most recently captured). */
  capture(method: string, paramsKey: string): WriteToken {
    const id = keyId(method, paramsKey);
    const generation = this.generations.get(id) ?? 0;
    this.generations.delete(id);
    this.generations.set(id, generation);
    if (this.generations.size > this.cap) this.generations.delete(this.generations.keys().next().value!);
    return { method, paramsKey, generation };
  }

  /** Moves a remembered key to its next generation (a key never captured is left out). */
  bump(method: string, paramsKey: string): void {
    const id = keyId(method, paramsKey);
    const generation = this.generations.get(id);
    if (generation !== undefined) this.generations.set(id, generation + 1);
  }

  /** True when the key was evicted after `token` was captured. */
  moved(token: WriteToken): boolean {
    const generation = this.generations.get(keyId(token.method, token.paramsKey));
    return generation !== undefined && generation !== token.generation;
  }
}

function keyId(method: string, paramsKey: string): string {
  return `${method.length}:${method}${paramsKey}`;
}
