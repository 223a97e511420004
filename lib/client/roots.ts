/**
 * The check of `Client.setRoots`'s argument: an array of roots, each with a string `uri`,
 * copied and frozen so a later change by the caller does not change what the server is told.
 */
import { refuseOption } from '../protocol/option-checks.js';
import type { Root } from '../protocol/schemas/client-requests.js';

/** `roots` checked (an `InvalidOptionError` naming the bad entry) and frozen as a copy. */
export function checkRoots(roots: readonly Root[]): readonly Root[] {
  if (!Array.isArray(roots)) refuseOption('roots', 'an array of { uri, name? }', roots);
  return Object.freeze(
    roots.map((root: unknown, index) => {
      const entry = root as { uri?: unknown; name?: unknown } | null;
      if (typeof entry !== 'object' || entry === null || typeof entry.uri !== 'string') refuseOption(`roots[${index}]`, 'an object with a string uri', root);
      if (entry.name !== undefined && typeof entry.name !== 'string') refuseOption(`roots[${index}].name`, 'a string', entry.name);
      return Object.freeze({ ...(root as Root) });
    }),
  );
}
