/**
 * A JSON value as the fuzzer builds it, rendered to text by hand, so generated messages can hold
 * what a JavaScript object literal cannot: an own `__proto__` key, duplicate keys, numbers past
 * `Number.MAX_VALUE` (`1e400`), `-0`, and placeholders for the ids of requests in flight, which
 * are only known when the message is sent.
 */

/** A generated JSON value. Objects keep their entries in order, duplicates included. */
export type JsonTree =
  | null
  | boolean
  | string
  | { readonly k: 'num'; readonly text: string }
  | { readonly k: 'arr'; readonly items: readonly JsonTree[] }
  | { readonly k: 'obj'; readonly entries: readonly (readonly [string, JsonTree])[] }
  /** The id of the `index`-th request in flight (modulo their number), as a number or a string. */
  | { readonly k: 'id'; readonly index: number; readonly asString: boolean };

/** What the placeholders render to: the ids of the requests in flight when the message is sent. */
export interface RenderContext {
  readonly ids: readonly (string | number)[];
}

/** A number literal. */
export function num(value: number | string): JsonTree {
  return { k: 'num', text: typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '1e400') : value };
}

/** An object with these entries, in order. */
export function obj(...entries: (readonly [string, JsonTree])[]): JsonTree {
  return { k: 'obj', entries };
}

/** An array. */
export function arr(...items: JsonTree[]): JsonTree {
  return { k: 'arr', items };
}

/** Converts a parsed JSON value (an official example) to a tree. */
export function treeOf(value: unknown): JsonTree {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return num(value);
  if (Array.isArray(value)) return arr(...value.map(treeOf));
  return obj(...Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, treeOf(item)] as const));
}

/** Renders a tree as JSON text (iteratively, so deep trees cannot overflow the stack here). */
export function render(tree: JsonTree, context: RenderContext): string {
  const out: string[] = [];
  const stack: (JsonTree | { readonly literal: string })[] = [tree];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item !== null && typeof item === 'object' && 'literal' in item) {
      out.push(item.literal);
      continue;
    }
    if (item === null || typeof item === 'boolean') out.push(String(item));
    else if (typeof item === 'string') out.push(JSON.stringify(item));
    else if (item.k === 'num') out.push(item.text);
    else if (item.k === 'id') {
      const id = context.ids.length === 0 ? 424242 : context.ids[item.index % context.ids.length]!;
      out.push(JSON.stringify(item.asString ? String(id) : id));
    } else {
      const parts: (JsonTree | { literal: string })[] = [];
      if (item.k === 'arr') {
        item.items.forEach((child, i) => {
          if (i > 0) parts.push({ literal: ',' });
          parts.push(child);
        });
        parts.unshift({ literal: '[' });
        parts.push({ literal: ']' });
      } else {
        item.entries.forEach(([key, child], i) => {
          parts.push({ literal: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` }, child);
        });
        parts.unshift({ literal: '{' });
        parts.push({ literal: '}' });
      }
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
    }
  }
  return out.join('');
}
