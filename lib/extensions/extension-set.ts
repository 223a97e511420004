/**
 * The fold of a client's extensions (the default tasks extension included), made once at connect: identifiers unique, each claimed
 * result type and each bound method owned once (else {@link ExtensionConflictError} naming both
 * owners), the capability ads per era, the per-client claim tables (parsers for the session,
 * resolvers for the chain) and the bindings.
 */
import { ProtocolViolationError, RxMcpError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { ResultParser } from '../protocol/methods.js';
import type { ProtocolEra } from '../protocol/versions.js';
import type { ClaimResolver } from '../pipeline/claim-resolution.js';
import { TASKS_EXTENSION_ID } from '../protocol/schemas/tasks.js';
import type { TaskOptions } from '../session/session-options.js';
import { TasksExtension } from './tasks-extension.js';
import { checkExtensionIdentifier, type ClientExtension, type NotificationBinding } from './client-extension.js';
import { ExtensionConflictError, InvalidExtensionError } from './errors.js';

/** The notifications of the protocol itself, which no extension may bind. */
const CORE_NOTIFICATIONS: ReadonlySet<string> = new Set([
  'notifications/cancelled',
  'notifications/progress',
  'notifications/message',
  'notifications/resources/updated',
  'notifications/resources/list_changed',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/initialized',
  'notifications/roots/list_changed',
  'notifications/elicitation/complete',
  'notifications/subscriptions/acknowledged',
]);

/** A binding and the extension that owns it. */
export interface OwnedBinding {
  /** The owner's identifier. */
  readonly owner: string;
  /** The binding. */
  readonly binding: NotificationBinding;
}

/** What a client's extensions fold into. */
export interface ExtensionSet {
  /** `capabilities.extensions` per era (claim-bearing extensions on 2026-07-28 only). */
  readonly ads: Readonly<Record<ProtocolEra, Readonly<Record<string, JsonObject>>>>;
  /** The parsers of the claimed result types, per method (the session's `resultClaims`). */
  readonly parsers: ReadonlyMap<string, ReadonlyMap<string, ResultParser>>;
  /** The resolvers of the claimed result types, per method (the chain's claim stage). */
  readonly resolvers: ReadonlyMap<string, ReadonlyMap<string, ClaimResolver>>;
  /** The bindings, by method. */
  readonly bindings: ReadonlyMap<string, OwnedBinding>;
}

/** The folds of one `extensions` array, per `tasks` value: objects held weakly, so connecting with a fresh object each time keeps nothing. */
interface FoldsOf {
  readonly byObject: WeakMap<object, ExtensionSet>;
  readonly byValue: Map<boolean | undefined, ExtensionSet>;
}

const folds = new WeakMap<readonly ClientExtension[], FoldsOf>();
const NONE: readonly ClientExtension[] = Object.freeze([]);

/**
 * The fold of a client's `extensions` plus, unless `tasks` is false or `extensions` holds one
 * already, a {@link TasksExtension} with the `tasks` option's bounds (memoized per array and
 * `tasks` value, so connect and the client share one). Throws for a bad or conflicting one.
 */
export function extensionSetOf(options: { readonly extensions?: readonly ClientExtension[]; readonly tasks?: boolean | TaskOptions }): ExtensionSet {
  const extensions = options.extensions ?? NONE;
  const tasks = options.tasks;
  let memo = folds.get(extensions);
  if (memo === undefined) folds.set(extensions, (memo = { byObject: new WeakMap(), byValue: new Map() }));
  let set = typeof tasks === 'object' && tasks !== null ? memo.byObject.get(tasks) : memo.byValue.get(tasks);
  if (set === undefined) {
    set = foldExtensions(withTasks(extensions, tasks));
    if (typeof tasks === 'object' && tasks !== null) memo.byObject.set(tasks, set);
    else memo.byValue.set(tasks, set);
  }
  return set;
}

/** `extensions` with the default tasks extension appended (see {@link extensionSetOf}). */
function withTasks(extensions: readonly ClientExtension[], tasks: boolean | TaskOptions | undefined): readonly ClientExtension[] {
  if (tasks === false || !Array.isArray(extensions) || extensions.some((extension) => extension?.identifier === TASKS_EXTENSION_ID)) return extensions;
  return [...extensions, new TasksExtension(typeof tasks === 'object' ? tasks : {})];
}

function foldExtensions(extensions: readonly ClientExtension[]): ExtensionSet {
  if (!Array.isArray(extensions)) throw new InvalidExtensionError('extensions', 'extensions must be an array of ClientExtension');
  const legacy: Record<string, JsonObject> = {};
  const modern: Record<string, JsonObject> = {};
  const identifiers = new Set<string>();
  const parsers = new Map<string, Map<string, ResultParser>>();
  const resolvers = new Map<string, Map<string, ClaimResolver>>();
  const owners = new Map<string, string>();
  const bindings = new Map<string, OwnedBinding>();
  for (const extension of extensions) {
    const id = extension?.identifier;
    checkExtensionIdentifier(id);
    if (identifiers.has(id)) throw new ExtensionConflictError('identifier', id, [id, id], `Two extensions have the identifier '${id}'`);
    identifiers.add(id);
    const settings = extension.settings ?? {};
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new InvalidExtensionError('extensions', `Extension '${id}': settings must be an object`);
    const claims = extension.claims?.() ?? [];
    for (const claim of claims) {
      const method = claim.method ?? 'tools/call';
      const type = claim.resultType;
      if (method !== 'tools/call') throw new InvalidExtensionError('extensions', `Extension '${id}' claims a result type of '${String(method)}'; only 'tools/call' may be claimed`);
      if (typeof type !== 'string' || type === '' || type === 'complete' || type === 'input_required' || type === 'claimed') {
        throw new InvalidExtensionError('extensions', `Extension '${id}' claims the result type ${JSON.stringify(type)}, which belongs to the protocol`);
      }
      const key = `${method} ${type}`;
      const owner = owners.get(key);
      if (owner !== undefined) {
        const message = owner === id ? `Extension '${id}' claims resultType '${type}' twice` : `Extensions '${owner}' and '${id}' both claim resultType '${type}'`;
        throw new ExtensionConflictError('resultType', key, [owner, id], message);
      }
      owners.set(key, id);
      const parse: ResultParser = (raw) => {
        try {
          return claim.parse(raw as JsonObject);
        } catch (error) {
          if (error instanceof RxMcpError) throw error;
          throw new ProtocolViolationError(`Invalid '${type}' result for '${method}' (extension '${id}'): ${error instanceof Error ? error.message : String(error)}`, raw);
        }
      };
      tableOf(parsers, method).set(type, parse);
      tableOf(resolvers, method).set(type, claim.resolve.bind(claim) as ClaimResolver);
    }
    for (const binding of extension.notifications?.() ?? []) {
      const method = binding.method;
      if (typeof method !== 'string' || method === '' || CORE_NOTIFICATIONS.has(method)) {
        throw new InvalidExtensionError('extensions', `Extension '${id}' binds ${JSON.stringify(method)}, which is not an extension notification`);
      }
      const taken = bindings.get(method);
      if (taken !== undefined) {
        const message = taken.owner === id ? `Extension '${id}' binds '${method}' twice` : `Extensions '${taken.owner}' and '${id}' both bind '${method}'`;
        throw new ExtensionConflictError('notification', method, [taken.owner, id], message);
      }
      bindings.set(method, { owner: id, binding });
    }
    modern[id] = settings;
    if (claims.length === 0) legacy[id] = settings;
  }
  return { ads: { legacy, modern }, parsers, resolvers, bindings };
}

function tableOf<V>(tables: Map<string, Map<string, V>>, method: string): Map<string, V> {
  let table = tables.get(method);
  if (table === undefined) tables.set(method, (table = new Map()));
  return table;
}
