/**
 * How errors describe what they saw: the message of anything thrown, and a bounded excerpt of
 * text a peer sent (a line that is not JSON can be megabytes long; an error message quotes its
 * start and says how long it was).
 */

/** How many characters of peer text an error message quotes. */
export const EXCERPT_CHARS = 200;

/** The message of anything thrown: an `Error`'s message, anything else as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `text` as is when short, else its first {@link EXCERPT_CHARS} characters and its length. */
export function excerpt(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}… (${text.length} chars)` : text;
}

/**
 * A value a peer or a caller gave, as a message shows it: a string quoted and clipped, a number or
 * boolean as written, anything else by its kind. Never walks the value, so a value nested
 * 100,000 levels deep (where `JSON.stringify` throws a `RangeError`) or megabytes long costs nothing.
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'function' ? 'a function' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
