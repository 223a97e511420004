/**
 * Allocation-free checks for the most common result shapes.
 *
 * A result fresh from `JSON.parse` belongs to nobody else, so it needs validating, not copying.
 * zod validates by building a copy, which is most of a small call's cost. For the hottest shapes
 * (a tool result made of text blocks) a structural check accepts the parsed object as it is;
 * anything it is not sure about goes through the zod schema as usual. A quick check only ever
 * accepts what its schema accepts (a test holds them to that), and the schema stays the
 * definition of the shape.
 */
import type * as z from 'zod/mini';
import { CallToolResultSchema } from './schemas/tools.js';

/** A check that returns true only for values its schema accepts unchanged. */
export type QuickCheck = (value: unknown) => boolean;

const quickChecks = new Map<z.core.$ZodType, QuickCheck>();

/** The quick checks by schema (read on every result: `parseResult` looks its schema up here itself). */
export const QUICK_CHECKS: ReadonlyMap<z.core.$ZodType, QuickCheck> = quickChecks;

/** The quick check registered for `schema`, if any. */
export function quickCheckFor(schema: z.core.$ZodType): QuickCheck | undefined {
  return quickChecks.get(schema);
}

/**
 * A tool result whose content is text blocks only, each with nothing but `type`, `text` and an
 * optional `_meta` object. One function with its object tests written out: it runs on every
 * tool result, and each helper it called was compiled on its own by the optimising compiler.
 */
export function isPlainTextToolResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const result = value as Record<string, unknown>;
  const content = result.content;
  if (!Array.isArray(content)) return false;
  for (let i = 0; i < content.length; i++) {
    const block: unknown = content[i];
    if (typeof block !== 'object' || block === null || Array.isArray(block)) return false;
    const { type, text, annotations, _meta: meta } = block as Record<string, unknown>;
    if (type !== 'text' || typeof text !== 'string' || annotations !== undefined) return false;
    if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) return false;
  }
  const isError = result.isError;
  if (isError !== undefined && typeof isError !== 'boolean') return false;
  const meta = result._meta;
  return meta === undefined || (typeof meta === 'object' && meta !== null && !Array.isArray(meta));
}

quickChecks.set(CallToolResultSchema, isPlainTextToolResult);
