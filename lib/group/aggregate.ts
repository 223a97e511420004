/**
 * The group's aggregates: every connected server's tools, prompts, resources and templates,
 * renamed for the group and tagged with their server, in one immutable value rebuilt whenever a
 * server's lists change or a server comes or goes. The first server to offer a name owns it; a
 * later one is refused at connect ({@link findCollision}) and, if its lists change to collide
 * afterwards, left out of the aggregate for that name (reported, never silently merged).
 */
import type { Prompt } from '../protocol/schemas/prompts.js';
import type { Resource, ResourceTemplate } from '../protocol/schemas/resources.js';
import type { Tool } from '../protocol/schemas/tools.js';
import { NameCollisionError, type ComponentKind } from './group-errors.js';
import { groupName, type NamingOptions } from './naming.js';

/** One server's lists, all pages. */
export interface ServerCatalog {
  /** The server's tools (`tools/list`). */
  readonly tools: readonly Tool[];
  /** The server's prompts (`prompts/list`). */
  readonly prompts: readonly Prompt[];
  /** The server's resources (`resources/list`). */
  readonly resources: readonly Resource[];
  /** The server's resource templates (`resources/templates/list`). */
  readonly resourceTemplates: readonly ResourceTemplate[];
}

/** An empty catalog (a server not yet listed, or without the capability). */
export const EMPTY_CATALOG: ServerCatalog = Object.freeze({ tools: [], prompts: [], resources: [], resourceTemplates: [] });

/** A tool of the group: its group name, its server, and the tool as the server lists it. */
export interface GroupTool {
  /** The group's name of the server that offers it. */
  readonly server: string;
  /** Its name in the group (after the `componentNameHook` or `prefix`). */
  readonly name: string;
  /** The tool as its server lists it, under the server's own name. */
  readonly tool: Tool;
}

/** A prompt of the group. */
export interface GroupPrompt {
  /** The group's name of the server that offers it. */
  readonly server: string;
  /** Its name in the group (after the `componentNameHook` or `prefix`). */
  readonly name: string;
  /** The prompt as its server lists it, under the server's own name. */
  readonly prompt: Prompt;
}

/** A resource of the group, by its group URI. */
export interface GroupResource {
  /** The group's name of the server that offers it. */
  readonly server: string;
  /** Its URI in the group (after the `componentNameHook` or `prefix`). */
  readonly uri: string;
  /** The resource as its server lists it, under the server's own URI. */
  readonly resource: Resource;
}

/** A resource template of the group, by its group URI template. */
export interface GroupResourceTemplate {
  /** The group's name of the server that offers it. */
  readonly server: string;
  /** Its URI template in the group (after the `componentNameHook` or `prefix`). */
  readonly uriTemplate: string;
  /** The template as its server lists it, under the server's own URI template. */
  readonly resourceTemplate: ResourceTemplate;
}

/** Every server's components, by group name. Maps keep the order servers joined. */
export interface GroupAggregate {
  /** The tools of every connected server, by group name. */
  readonly tools: ReadonlyMap<string, GroupTool>;
  /** The prompts of every connected server, by group name. */
  readonly prompts: ReadonlyMap<string, GroupPrompt>;
  /** The resources of every connected server, by group URI. */
  readonly resources: ReadonlyMap<string, GroupResource>;
  /** The resource templates of every connected server, by group URI template. */
  readonly resourceTemplates: ReadonlyMap<string, GroupResourceTemplate>;
}

/** The four kinds: how each is read from a catalog and named. */
const KINDS = [
  { kind: 'tool', list: (c: ServerCatalog) => c.tools, key: (t: Tool) => t.name, tag: (server: string, name: string, tool: Tool): GroupTool => ({ server, name, tool }) },
  { kind: 'prompt', list: (c: ServerCatalog) => c.prompts, key: (p: Prompt) => p.name, tag: (server: string, name: string, prompt: Prompt): GroupPrompt => ({ server, name, prompt }) },
  { kind: 'resource', list: (c: ServerCatalog) => c.resources, key: (r: Resource) => r.uri, tag: (server: string, uri: string, resource: Resource): GroupResource => ({ server, uri, resource }) },
  {
    kind: 'resourceTemplate',
    list: (c: ServerCatalog) => c.resourceTemplates,
    key: (r: ResourceTemplate) => r.uriTemplate,
    tag: (server: string, uriTemplate: string, resourceTemplate: ResourceTemplate): GroupResourceTemplate => ({ server, uriTemplate, resourceTemplate }),
  },
] as const;

type AnyKind = { kind: ComponentKind; list: (c: ServerCatalog) => readonly unknown[]; key: (item: never) => string; tag: (server: string, name: string, item: never) => unknown };

/** The group names of one kind of a catalog. */
function namesOf(naming: NamingOptions, spec: AnyKind, server: string, catalog: ServerCatalog): string[] {
  return spec.list(catalog).map((item) => groupName(naming, spec.kind, (spec.key as (i: unknown) => string)(item), server));
}

/**
 * The collision `server`'s catalog would cause with the servers already in `catalogs`, if any:
 * the first kind that collides, with every colliding name of it, and the server that owns them.
 * Names that repeat within the one catalog collide too.
 */
export function findCollision(naming: NamingOptions, catalogs: ReadonlyMap<string, ServerCatalog>, server: string, catalog: ServerCatalog): NameCollisionError | undefined {
  for (const spec of KINDS as readonly AnyKind[]) {
    const owners = new Map<string, string>();
    for (const [other, otherCatalog] of catalogs) {
      if (other === server) continue;
      for (const name of namesOf(naming, spec, other, otherCatalog)) if (!owners.has(name)) owners.set(name, other);
    }
    const seen = new Set<string>();
    const clashes = new Map<string, string[]>();
    for (const name of namesOf(naming, spec, server, catalog)) {
      const owner = owners.get(name) ?? (seen.has(name) ? server : undefined);
      seen.add(name);
      if (owner !== undefined) clashes.set(owner, [...(clashes.get(owner) ?? []), name]);
    }
    const first = clashes.entries().next();
    if (first.done !== true) return new NameCollisionError(spec.kind, first.value[1], [first.value[0], server]);
  }
  return undefined;
}

/**
 * Builds the aggregate of `catalogs`. A name owned in `previous` stays with its owner; a new
 * name goes to the first server (in join order) that offers it. The other servers' colliding
 * names are left out, reported through `onCollision` (one error per kind and pair of servers).
 */
export function buildAggregate(naming: NamingOptions, catalogs: ReadonlyMap<string, ServerCatalog>, onCollision: (error: NameCollisionError) => void, previous?: GroupAggregate): GroupAggregate {
  const before = previous === undefined ? [] : [previous.tools, previous.prompts, previous.resources, previous.resourceTemplates];
  const maps = KINDS.map((spec, index) => {
    const owned = before[index] as ReadonlyMap<string, { server: string }> | undefined;
    const tag = spec.tag as (server: string, name: string, item: unknown) => { server: string };
    const named = [...catalogs].flatMap(([server, catalog]) =>
      (spec as AnyKind).list(catalog).map((item) => ({ server, item, name: groupName(naming, spec.kind, (spec.key as (i: unknown) => string)(item), server) })),
    );
    const map = new Map<string, { server: string }>();
    const placed = new Set<(typeof named)[number]>();
    // first the names each server already owned, then the rest in join order
    for (const entry of named) {
      if (owned?.get(entry.name)?.server !== entry.server || map.has(entry.name)) continue;
      map.set(entry.name, tag(entry.server, entry.name, entry.item));
      placed.add(entry);
    }
    const refused = new Map<string, { owner: string; server: string; names: string[] }>();
    for (const entry of named) {
      if (placed.has(entry)) continue;
      const owner = map.get(entry.name);
      if (owner === undefined) {
        map.set(entry.name, tag(entry.server, entry.name, entry.item));
        continue;
      }
      const pair = `${owner.server}\u0000${entry.server}`;
      const found = refused.get(pair) ?? { owner: owner.server, server: entry.server, names: [] };
      found.names.push(entry.name);
      refused.set(pair, found);
    }
    for (const { owner, server, names } of refused.values()) onCollision(new NameCollisionError(spec.kind, names, [owner, server]));
    return map;
  });
  return {
    tools: maps[0] as Map<string, GroupTool>,
    prompts: maps[1] as Map<string, GroupPrompt>,
    resources: maps[2] as Map<string, GroupResource>,
    resourceTemplates: maps[3] as Map<string, GroupResourceTemplate>,
  };
}

/** Whether two maps of tagged entries hold the same entries (same server, same item). */
export function sameEntries<T>(previous: ReadonlyMap<string, T>, next: ReadonlyMap<string, T>): boolean {
  if (previous.size !== next.size) return false;
  for (const [name, entry] of next) {
    const before = previous.get(name);
    if (before === undefined || !sameEntry(before, entry)) return false;
  }
  return true;
}

/** Whether two tagged entries have the same members. */
function sameEntry(a: unknown, b: unknown): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return Object.keys(x).every((key) => x[key] === y[key]);
}
