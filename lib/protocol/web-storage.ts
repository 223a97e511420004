/**
 * The part of the Web Storage API (`localStorage`, `sessionStorage`) rxmcp's browser stores use:
 * the OAuth token store and the era memory both take one, and anything with these three methods
 * (a test double of the platform's, a wrapper with quotas) will do.
 */

/** The subset of the Web Storage API the `webStorage…` stores need (`localStorage`, `sessionStorage`). */
export interface WebStorageLike {
  /** The string stored under `key`, or `null`. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void;
  /** Removes what is stored under `key`. */
  removeItem(key: string): void;
}
