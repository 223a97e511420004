/** The errors of the skills extension (SEP-2640). */
import { RxMcpError } from '../../protocol/errors.js';

/**
 * A skill file failed verification: its SHA-256 digest or its size differs from the skill's
 * listing, it is not listed, or the SKILL.md frontmatter disagrees with the listed one. The
 * content is not returned.
 */
export class SkillVerificationError extends RxMcpError {
  /** `'SkillVerificationError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'SkillVerificationError';

  constructor(
    /** What failed: `digest`, `size`, `unlisted`, `frontmatter` or `content` (no text or blob). */
    readonly reason: 'digest' | 'size' | 'unlisted' | 'frontmatter' | 'content',
    /** The skill (its SKILL.md URI). */
    readonly skill: string,
    /** The file concerned. */
    readonly uri: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server does not declare the skills extension, or the skill cannot be loaded the way asked (a `dynamic` listing without `directoryRead`). */
export class SkillsUnavailableError extends RxMcpError {
  /** `'SkillsUnavailableError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'SkillsUnavailableError';
}
