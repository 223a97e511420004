/**
 * `KEY=VALUE` and `Name: value` words of the command line (`--arg`, `--env`, `--context`,
 * `--header`), collected by commander one by one and turned into records.
 */
import { CliUsageError } from './errors.js';

/** Commander's collector for a repeatable option: each value is appended. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** `['a=1', 'b=x=y']` → `{ a: '1', b: 'x=y' }`; a word without `=` is a {@link CliUsageError} naming the option. */
export function keyValues(option: string, words: readonly string[] = []): Record<string, string> {
  const record: Record<string, string> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) throw new CliUsageError(`${option} expects KEY=VALUE, got '${word}'`);
    record[word.slice(0, at)] = word.slice(at + 1);
  }
  return record;
}

/** `['X-Team: blue']` → `{ 'X-Team': 'blue' }`; `Name=value` is accepted too. */
export function headerValues(words: readonly string[] = []): Record<string, string> {
  const record: Record<string, string> = {};
  for (const word of words) {
    const at = word.search(/[:=]/);
    if (at <= 0) throw new CliUsageError(`--header expects 'Name: value', got '${word}'`);
    record[word.slice(0, at).trim()] = word.slice(at + 1).trim();
  }
  return record;
}
