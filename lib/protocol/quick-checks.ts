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

/** The quick check registered for `schema`, if any. */
export function quickCheckFor(schema: z.core.$ZodType): QuickCheck | undefined {
  return quickChecks.get(schema);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalObject(value: unknown): boolean {
  return value === undefined || isObject(value);
}

/** A text block with nothing but `type`, `text` and an optional `_meta` object. */
function isPlainTextBlock(block: unknown): boolean {
  if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string') return false;
  return block.annotations === undefined && optionalObject(block._meta);
}

/** A tool result whose content is text blocks only. */
export function isPlainTextToolResult(value: unknown): boolean {
  if (!isObject(value)) return false;
  const content = value.content;
  if (!Array.isArray(content)) return false;
  for (let i = 0; i < content.length; i++) if (!isPlainTextBlock(content[i])) return false;
  return (value.isError === undefined || typeof value.isError === 'boolean') && optionalObject(value._meta);
}

quickChecks.set(CallToolResultSchema, isPlainTextToolResult);
