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
