/**
 * The errors of client extensions: an extension that is malformed, and two extensions (or one,
 * twice) wanting the same identifier, claimed result type or notification method.
 */
import { InvalidOptionError } from '../protocol/errors.js';

/** An extension, claim or binding that is malformed (an identifier not `vendor-prefix/name`, a claim of `complete`, …). */
export class InvalidExtensionError extends InvalidOptionError {
  /** `'InvalidExtensionError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'InvalidExtensionError';
}

/** Two extensions (or one extension twice) own the same identifier, claimed result type or bound method. */
export class ExtensionConflictError extends InvalidOptionError {
  /** `'ExtensionConflictError'`, so logs and `error.name` checks tell this error apart. */
  override name = 'ExtensionConflictError';

  constructor(
    /** What both want: `identifier`, `resultType` or `notification`. */
    readonly conflict: 'identifier' | 'resultType' | 'notification',
    /** The contested value (an identifier, `method resultType`, a notification method). */
    readonly value: string,
    /** The identifiers of both owners (the same one twice when one extension repeats itself). */
    readonly owners: readonly [string, string],
    message: string,
  ) {
    super('extensions', message);
  }
}
