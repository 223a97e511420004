/**
 * The registry of the MCP methods the client sends: one entry per method, holding every fact the
 * layers above classify requests by (its result schema, the eras it exists in, whether it is safe
 * to send twice, whether the cache may hold its result, the `resultType`s it may answer besides
 * `complete`, and the notifications that make a cached result stale).
 *
 * Adding a method is one entry in {@link METHOD_TABLE}. Result types are open: an extension claims
 * one for a method with {@link registerResultType}, and `parseResult`/`decodeResult` accept it
 * for that method only. Lookups are one `Map` read; the layers that need a fact on the hot path
 * read it once per request description.
 */
import type * as z from 'zod/mini';
import { InvalidOptionError, ProtocolViolationError } from './errors.js';
import { InputRequiredResultSchema } from './schemas/input-required.js';
import { CompleteResultSchema } from './schemas/completion.js';
import { DiscoverResultSchema, EmptyResultSchema, InitializeResultSchema } from './schemas/lifecycle.js';
import { GetPromptResultSchema, ListPromptsResultSchema } from './schemas/prompts.js';
import { ListResourcesResultSchema, ListResourceTemplatesResultSchema, ReadResourceResultSchema } from './schemas/resources.js';
import { CallToolResultSchema, ListToolsResultSchema } from './schemas/tools.js';
import type { ProtocolEra } from './versions.js';
import { summarizeZodError } from './zod-summary.js';

/**
 * Validates a raw result claimed with a non-`complete` `resultType` for `method` and returns it
 * (typically frozen later by the session, like every result). Throws a
 * {@link ProtocolViolationError} for a wrong shape.
 */
export type ResultParser = (raw: unknown, method: string) => unknown;

/**
 * A cached result a notification makes stale: a `listing` (the cursorless listing, params key
 * `''`), or the entry for the notification's `params.uri` (`uri`).
 */
export interface Invalidation {
  /** The notification's method. */
  readonly notification: string;
  /** Which entry of the method it stales. */
  readonly scope: 'listing' | 'uri';
}

/** What the registry knows about one method the client sends. */
export interface MethodEntry {
  /** The JSON-RPC method. */
  readonly method: string;
  /** A request (answered with a result) or a notification (fire and forget). */
  readonly kind: 'request' | 'notification';
  /** The schema of its complete result (requests). */
  readonly resultSchema?: z.core.$ZodType;
  /** The schema of its params, where rxmcp has one (none of the built-in methods does yet). */
  readonly paramsSchema?: z.core.$ZodType;
  /** The protocol eras the method exists in. */
  readonly eras: readonly ProtocolEra[];
  /** Why it is missing from the other era and what to use there (the message of `UnsupportedInProtocolVersionError`). */
  readonly otherEraHint?: string;
  /** Safe to send again when a transport lost it: it changes nothing on the server. */
  readonly idempotent: boolean;
  /** The response cache may hold its result. */
  readonly cacheable: boolean;
  /** The notifications that make a cached result of it stale. */
  readonly invalidatedBy: readonly Invalidation[];
  /** The `resultType`s it may answer besides `complete`, each with its parser. Open: see `registerResultType`. */
  readonly resultTypes: ReadonlyMap<string, ResultParser>;
}

/** The `input_required` parser: the shape of `InputRequiredResultSchema`. */
const parseInputRequired: ResultParser = (raw, method) => {
  const parsed = InputRequiredResultSchema.safeParse(raw);
  if (!parsed.success) throw new ProtocolViolationError(`Invalid input_required result for '${method}': ${summarizeZodError(parsed.error)}`, raw);
  return parsed.data;
};

const BOTH: readonly ProtocolEra[] = ['legacy', 'modern'];
const LEGACY: readonly ProtocolEra[] = ['legacy'];
const MODERN: readonly ProtocolEra[] = ['modern'];

type EntrySpec = Partial<Omit<MethodEntry, 'method' | 'resultTypes'>> & { readonly inputRequired?: boolean };

/** The built-in methods, one line each. Unset facts default to: a request of both eras, neither idempotent nor cacheable. */
const METHOD_TABLE: Readonly<Record<string, EntrySpec>> = {
  'server/discover': { resultSchema: DiscoverResultSchema, eras: MODERN, idempotent: true },
  initialize: { resultSchema: InitializeResultSchema, eras: LEGACY, idempotent: true },
  ping: { resultSchema: EmptyResultSchema, eras: LEGACY, idempotent: true, otherEraHint: 'there is no ping in 2026-07-28; any request shows the server is alive' },
  'logging/setLevel': { resultSchema: EmptyResultSchema, eras: LEGACY, otherEraHint: 'set the logLevel option instead' },
  'tools/list': { resultSchema: ListToolsResultSchema, idempotent: true, cacheable: true, invalidatedBy: [{ notification: 'notifications/tools/list_changed', scope: 'listing' }] },
  'tools/call': { resultSchema: CallToolResultSchema, inputRequired: true },
  'prompts/list': { resultSchema: ListPromptsResultSchema, idempotent: true, cacheable: true, invalidatedBy: [{ notification: 'notifications/prompts/list_changed', scope: 'listing' }] },
  'prompts/get': { resultSchema: GetPromptResultSchema, idempotent: true, inputRequired: true },
  'resources/list': { resultSchema: ListResourcesResultSchema, idempotent: true, cacheable: true, invalidatedBy: [{ notification: 'notifications/resources/list_changed', scope: 'listing' }] },
  'resources/templates/list': {
    resultSchema: ListResourceTemplatesResultSchema,
    idempotent: true,
    cacheable: true,
    invalidatedBy: [{ notification: 'notifications/resources/list_changed', scope: 'listing' }],
  },
  'resources/read': {
    resultSchema: ReadResourceResultSchema,
    idempotent: true,
    cacheable: true,
    inputRequired: true,
    invalidatedBy: [{ notification: 'notifications/resources/updated', scope: 'uri' }],
  },
  'resources/subscribe': { resultSchema: EmptyResultSchema, eras: LEGACY, otherEraHint: 'use listen$({ resourceSubscriptions: [uri] }) or resourceUpdates$(uri)' },
  'resources/unsubscribe': { resultSchema: EmptyResultSchema, eras: LEGACY, otherEraHint: 'close the listen$ subscription instead' },
  'completion/complete': { resultSchema: CompleteResultSchema, idempotent: true },
  'subscriptions/listen': {
    resultSchema: EmptyResultSchema,
    eras: MODERN,
    otherEraHint: 'on legacy connections notifications arrive on notifications$; use subscribeResource for resources',
  },
  'notifications/roots/list_changed': { kind: 'notification', eras: LEGACY, otherEraHint: 'servers ask for roots in each request that needs them' },
};

/** An entry whose `resultTypes` the registry may extend. */
type MutableEntry = MethodEntry & { readonly resultTypes: Map<string, ResultParser> };

function entryOf(method: string, spec: EntrySpec): MutableEntry {
  const resultTypes = new Map<string, ResultParser>();
  if (spec.inputRequired === true) resultTypes.set('input_required', parseInputRequired);
  const entry: MutableEntry = {
    method,
    kind: spec.kind ?? 'request',
    eras: spec.eras ?? BOTH,
    idempotent: spec.idempotent ?? false,
    cacheable: spec.cacheable ?? false,
    invalidatedBy: spec.invalidatedBy ?? [],
    resultTypes,
  };
  if (spec.resultSchema !== undefined) Object.assign(entry, { resultSchema: spec.resultSchema });
  if (spec.paramsSchema !== undefined) Object.assign(entry, { paramsSchema: spec.paramsSchema });
  if (spec.otherEraHint !== undefined) Object.assign(entry, { otherEraHint: spec.otherEraHint });
  return entry;
}

const registry = new Map<string, MutableEntry>(Object.entries(METHOD_TABLE).map(([method, spec]) => [method, entryOf(method, spec)]));
/** Every `resultType` some method claims (for telling "not for this method" from "unknown"). */
const claimedTypes = new Set<string>(['input_required']);

/** Every method of the registry, by name. */
export const METHODS: ReadonlyMap<string, MethodEntry> = registry;

/** The registry's entry for `method`, or `undefined` for a method it does not know (one `Map` read). */
export function methodEntry(method: string): MethodEntry | undefined {
  return registry.get(method);
}

/** The parser of `resultType` for `method`, if the method may answer it. */
export function resultParserOf(method: string, resultType: string): ResultParser | undefined {
  return registry.get(method)?.resultTypes.get(resultType);
}

/** True when some method of the registry claims `resultType` (so another method answering it is refused, not "unknown"). */
export function isClaimedResultType(resultType: string): boolean {
  return claimedTypes.has(resultType);
}

/**
 * Lets `method` answer `resultType`, validated by `parser` (an extension's claim, e.g. a task
 * handle). Other methods still refuse it. A method the registry does not know gets an entry
 * (a request of both eras, neither idempotent nor cacheable). Process-wide: every client sees
 * the claim. Throws {@link InvalidOptionError} for `complete` (always the schema's) or a type
 * the method already claims.
 */
export function registerResultType(method: string, resultType: string, parser: ResultParser): void {
  if (resultType === 'complete') throw new InvalidOptionError('resultType', "The 'complete' result type is validated by the method's schema and cannot be claimed");
  let entry = registry.get(method);
  if (entry === undefined) {
    entry = entryOf(method, {});
    registry.set(method, entry);
  }
  if (entry.resultTypes.has(resultType)) throw new InvalidOptionError('resultType', `'${method}' already claims the result type '${resultType}'`);
  entry.resultTypes.set(resultType, parser);
  claimedTypes.add(resultType);
}

/** The built-in methods for which `fact` holds, as a set (a derived view, fixed at load). */
export function methodsWhere(fact: (entry: MethodEntry) => boolean): ReadonlySet<string> {
  return new Set([...registry.values()].filter(fact).map((entry) => entry.method));
}
