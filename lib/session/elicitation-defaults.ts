/**
 * Default values in form-mode elicitation (SEP-1034, MCP 2025-11-25). Every primitive property
 * of a `requestedSchema` may carry a `default`; a client that supports defaults pre-fills its
 * form with them and, when the user accepts, fills in the defaults of the fields left out, so
 * the server gets a complete answer.
 *
 * A default is used only when it fits its property (the property's type, and for an enum one of
 * its options), because a default of the wrong shape would only make the server reject the
 * answer. Malformed schemas yield no defaults rather than an error. Pure and browser-safe.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The options of a single-select enum (`enum`, or titled `oneOf: [{ const, title }]`). */
function optionsOf(schema: Record<string, unknown>, key: 'enum' | 'oneOf' | 'anyOf'): unknown[] | undefined {
  const list = schema[key];
  if (!Array.isArray(list)) return undefined;
  return key === 'enum' ? list : list.map((option) => (isRecord(option) ? option.const : undefined));
}

/** True when `value` is one of the enum's options, or the schema lists no options at all. */
function isOption(schema: Record<string, unknown>, value: string): boolean {
  const options = optionsOf(schema, 'enum') ?? optionsOf(schema, 'oneOf') ?? optionsOf(schema, 'anyOf');
  return options === undefined || options.includes(value);
}

/** The property's default when it fits the property, a fresh copy for arrays; else undefined. */
function fittingDefault(property: unknown): unknown {
  if (!isRecord(property) || !Object.hasOwn(property, 'default')) return undefined;
  const value = property.default;
  switch (property.type) {
    case 'string':
      return typeof value === 'string' && isOption(property, value) ? value : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'integer':
      return Number.isInteger(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'array': {
      // A multi-select enum: `items` lists the options (`enum` or titled `anyOf`).
      const items = property.items;
      if (!isRecord(items) || (!Array.isArray(items.enum) && !Array.isArray(items.anyOf))) return undefined;
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && isOption(items, item))) return undefined;
      return [...(value as string[])];
    }
    default:
      return undefined;
  }
}

/** Sets an own property, even one named `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The defaults a form-mode `requestedSchema` declares, by property name: what a client pre-fills
 * its form with. Properties without a default, or whose default does not fit them, are left out;
 * a malformed schema gives `{}`. Array defaults are copies, so editing them leaves the schema be.
 */
export function defaultsOf(requestedSchema: unknown): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  if (!isRecord(requestedSchema)) return defaults;
  if (requestedSchema.type !== undefined && requestedSchema.type !== 'object') return defaults;
  const properties = requestedSchema.properties;
  if (!isRecord(properties)) return defaults;
  for (const [name, property] of Object.entries(properties)) {
    const value = fittingDefault(property);
    if (value !== undefined) setOwn(defaults, name, value);
  }
  return defaults;
}

/**
 * The content of an accepted form-mode elicitation, completed with the schema's defaults: a new
 * object holding `content` plus the default of every property the content leaves out (absent or
 * `undefined`). A value the user gave is never replaced, falsy ones (`false`, `0`, `''`) included,
 * and properties without a default stay absent. Neither argument is modified.
 */
export function applyElicitationDefaults(
  requestedSchema: unknown,
  content: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...content };
  for (const [name, value] of Object.entries(defaultsOf(requestedSchema))) {
    if (!Object.hasOwn(result, name) || result[name] === undefined) setOwn(result, name, value);
  }
  return result;
}
