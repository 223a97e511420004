/**
 * The checks every entry point (`Client.connect`, each call, each transport factory) applies to
 * the options it is given, before anything is spawned or sent: a value of the wrong type or out of
 * range fails at once with an {@link InvalidOptionError} naming the option as the user wrote it
 * (`'timeoutMs'`, `'stdio.maxMessageBytes'`, `'cache.defaultTtlMs'`), never later as a plain
 * `TypeError` deep inside a request, and never silently (a negative timeout used to be taken).
 *
 * Each check accepts `undefined` (an option left out takes its default) and is a couple of
 * `typeof` comparisons, so the per-call ones cost nothing measurable on the hot path.
 */
import { shownValue } from './describe.js';
import { InvalidOptionError } from './errors.js';

/**
 * The options of a call that passed none: one frozen empty object, the default of the hot
 * methods (`callTool`), which the per-call checks recognise and skip, so a call without options
 * makes no options object and runs no check (each check function is a compile of its own for
 * the optimising compiler in a process's first calls).
 */
export const NO_OPTIONS: Readonly<Record<string, never>> = Object.freeze({});

/** Throws the {@link InvalidOptionError} for `option`: it must be `expected`, and was `value`. */
export function refuseOption(option: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(option, `${option} must be ${expected}, got ${shownValue(value)}`);
}

/**
 * The longest duration a timer can wait: Node's `setTimeout` fires after 1 ms (with a warning on
 * stderr) for anything longer, so a longer timeout would end every request at once.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/**
 * A duration in milliseconds: a finite number ≥ 0, at most {@link MAX_DURATION_MS} (24.8 days).
 * `zero` says what 0 means, if anything.
 */
export function checkDuration(option: string, value: unknown, zero?: string): void {
  if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= MAX_DURATION_MS)) {
    refuseOption(option, `a finite number ≥ 0${zero === undefined ? '' : ` (0 = ${zero})`} and at most ${MAX_DURATION_MS}`, value);
  }
}

/** A whole number ≥ `min` (a count, a limit in bytes). */
export function checkInteger(option: string, value: unknown, min: number): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= min)) refuseOption(option, `an integer ≥ ${min}`, value);
}

/** A number ≥ `min` (a growth factor). */
export function checkNumber(option: string, value: unknown, min: number): void {
  if (value !== undefined && !(typeof value === 'number' && value >= min && value !== Infinity)) refuseOption(option, `a finite number ≥ ${min}`, value);
}

/** One of `allowed`. */
export function checkOneOf(option: string, value: unknown, allowed: readonly unknown[]): void {
  if (value !== undefined && !allowed.includes(value)) refuseOption(option, `one of ${allowed.map(shownValue).join(', ')}`, value);
}

/** `true` or `false`. */
export function checkBoolean(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') refuseOption(option, 'a boolean', value);
}

/** A string; with `nonEmpty`, not `''`. */
export function checkString(option: string, value: unknown, nonEmpty = false): void {
  if (value !== undefined && (typeof value !== 'string' || (nonEmpty && value === ''))) refuseOption(option, nonEmpty ? 'a non-empty string' : 'a string', value);
}

/** An array of strings. */
export function checkStringArray(option: string, value: unknown): void {
  if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) refuseOption(option, 'an array of strings', value);
}

/** A function (a callback, a `fetch`). */
export function checkFunction(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') refuseOption(option, 'a function', value);
}

/** An object (not `null`, not an array). */
export function checkObject(option: string, value: unknown): void {
  if (value !== undefined && !isObject(value)) refuseOption(option, 'an object', value);
}

/** An HTTP header name: a token of RFC 9110 (no spaces, colons or control characters). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value may not contain: CR, LF or NUL would end the header and start another. */
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

/**
 * HTTP headers given as an object: every name a token, every value a string without CR, LF or
 * NUL, so a configured value can never smuggle in a header (or a request) of its own.
 */
export function checkHeaders(option: string, value: unknown): void {
  checkStringRecord(option, value);
  if (value === undefined) return;
  for (const [name, text] of Object.entries(value as Record<string, string>)) {
    if (!HEADER_NAME.test(name)) refuseOption(`${option}`, 'header names that are HTTP tokens', name);
    if (HEADER_VALUE_FORBIDDEN.test(text)) refuseOption(`${option}.${name}`, 'a header value without CR, LF or NUL', text);
  }
}

/** An object whose own values are all strings (headers, environment variables). */
export function checkStringRecord(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value) || !Object.values(value).every((item) => typeof item === 'string')) refuseOption(option, 'an object of string values', value);
}

/** An `AbortSignal` (or anything with its shape: `aborted` and `addEventListener`). */
export function checkSignal(option: string, value: unknown): void {
  if (value !== undefined && !(isObject(value) && typeof value.aborted === 'boolean' && typeof value.addEventListener === 'function')) {
    refuseOption(option, 'an AbortSignal', value);
  }
}

/** A URL (a string or a `URL`) with one of `schemes` (`'http:'`, …); returns it parsed. */
export function checkUrl(option: string, value: unknown, schemes: readonly string[]): URL {
  let url: URL | undefined;
  if (typeof value === 'string' || value instanceof URL) {
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
  }
  if (url === undefined || !schemes.includes(url.protocol)) refuseOption(option, `a URL with scheme ${schemes.join(' or ')}`, value);
  return url;
}

/** True for a non-null object that is not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
