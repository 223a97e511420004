/**
 * The official 2026-07-28 example messages (copied from the spec repository's schema examples
 * into `spec/fixtures/spec-examples/`), loaded by type name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', 'fixtures', 'spec-examples', '2026-07-28');

/** Every example of one schema type, by file name. */
export function specExamples(typeName: string): Record<string, unknown> {
  const dir = join(ROOT, typeName);
  return Object.fromEntries(readdirSync(dir).map((file) => [file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown]));
}

/** The first example of one schema type. */
export function specExample(typeName: string): unknown {
  return Object.values(specExamples(typeName))[0];
}
