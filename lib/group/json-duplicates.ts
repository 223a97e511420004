/**
 * The first key that appears twice in one object of a JSON text, with its path. `JSON.parse`
 * keeps the last of two equal keys silently, which would drop a server of an `mcpServers` file
 * without a word; the configuration reader refuses such a file instead. Assumes `text` already
 * parsed as JSON (it only tracks strings, objects and arrays).
 */

/** A repeated key: the path of the object it is in, and the key. */
export interface DuplicateKey {
  readonly path: readonly string[];
  readonly key: string;
}

interface Frame {
  readonly object: boolean;
  readonly keys: Set<string>;
  readonly path: readonly string[];
  /** The key just read in this object, until its value opens or ends. */
  lastKey: string | undefined;
  expectKey: boolean;
}

/** The first duplicate key of `text`, or `undefined`. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.object === true && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return { path: top.path, key };
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (char === '{' || char === '[') {
      const path = top === undefined ? [] : [...top.path, top.object ? (top.lastKey ?? '') : '[]'];
      stack.push({ object: char === '{', keys: new Set(), path, lastKey: undefined, expectKey: char === '{' });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',' && top?.object === true) {
      top.expectKey = true;
    }
  }
  return undefined;
}
