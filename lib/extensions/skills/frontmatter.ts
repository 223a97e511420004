/**
 * The YAML frontmatter of a SKILL.md (the block between the leading `---` lines), parsed with
 * the `yaml` package (imported when the first SKILL.md is read: about 30 ms of import a process
 * without skills never pays), and the deep comparison with a listed frontmatter.
 */

/** The `yaml` package, imported once. */
let yamlModule: Promise<typeof import('yaml')> | undefined;

/** The frontmatter object of `text`, or `undefined` when it has none (or it is not a mapping). */
export async function frontmatterOf(text: string): Promise<Record<string, unknown> | undefined> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (match === null) return undefined;
  const { parse } = await (yamlModule ??= import('yaml'));
  try {
    const value: unknown = parse(match[1]!);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Deep equality of JSON-like values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
