/**
 * A skill entry of `skills/list` / `skills/get` (SEP-2640), checked: the SKILL.md URI, the
 * frontmatter object, and the files (`uri`, `sha256:` digest, size), or `'dynamic'` when the
 * server lists them with `resources/directory/read`. An entry that fails the check is not loaded.
 */
import * as z from 'zod';

/** The most files a skill may have. */
export const SKILL_MAX_FILES = 512;
/** The most bytes a skill's files may hold in all (16 MiB). */
export const SKILL_MAX_BYTES = 16 * 1024 * 1024;

const SkillFileSchema = z.object({
  uri: z.string().min(1),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});

const SkillEntrySchema = z.looseObject({
  uri: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/.+\/SKILL\.md$/i),
  frontmatter: z.record(z.string(), z.unknown()),
  resources: z.union([z.array(SkillFileSchema).max(SKILL_MAX_FILES), z.literal('dynamic')]),
});

/** One file of a skill, as listed. */
export type SkillFile = z.infer<typeof SkillFileSchema>;
/** A skill entry, as listed (checked). */
export type SkillEntry = z.infer<typeof SkillEntrySchema>;

/** The entry, if it is a valid one (its files within {@link SKILL_MAX_FILES} and {@link SKILL_MAX_BYTES}); else `undefined`. */
export function checkSkillEntry(raw: unknown): SkillEntry | undefined {
  const parsed = SkillEntrySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const entry = parsed.data;
  if (entry.resources !== 'dynamic') {
    let total = 0;
    for (const file of entry.resources) total += file.size;
    if (total > SKILL_MAX_BYTES) return undefined;
    if (!entry.resources.some((file) => file.uri === entry.uri)) return undefined;
  }
  return entry;
}
