/**
 * Which server a group request goes to, and under which of the server's own names: a tool or
 * prompt by its group name, a resource by its group URI (listed, else unprefixed, else the one
 * server whose template's fixed start it has), a completion by its prompt or template.
 */
import type { CompletionReference } from '../protocol/schemas/completion.js';
import type { GroupAggregate } from './aggregate.js';
import { UnknownComponentError } from './group-errors.js';
import { unprefixUri, type NamingOptions } from './naming.js';

/** A routed request: the server and the name (or URI, or reference) it knows. */
export interface Route<T> {
  readonly server: string;
  readonly target: T;
}

/** The server and original name of tool `name`. */
export function routeTool(aggregate: GroupAggregate, name: string): Route<string> {
  const entry = aggregate.tools.get(name);
  if (entry === undefined) throw new UnknownComponentError('tool', name);
  return { server: entry.server, target: entry.tool.name };
}

/** The server and original name of prompt `name`. */
export function routePrompt(aggregate: GroupAggregate, name: string): Route<string> {
  const entry = aggregate.prompts.get(name);
  if (entry === undefined) throw new UnknownComponentError('prompt', name);
  return { server: entry.server, target: entry.prompt.name };
}

/** The server and the server's own URI of resource `uri`. */
export function routeResource(aggregate: GroupAggregate, naming: NamingOptions, isServer: (name: string) => boolean, uri: string): Route<string> {
  const listed = aggregate.resources.get(uri);
  if (listed !== undefined) return { server: listed.server, target: listed.resource.uri };
  if (naming.prefix === true && naming.componentNameHook === undefined) {
    const unprefixed = unprefixUri(uri, isServer);
    if (unprefixed !== undefined) return { server: unprefixed.server, target: unprefixed.uri };
  }
  if (naming.componentNameHook === undefined) {
    const owners = new Set<string>();
    for (const [template, entry] of aggregate.resourceTemplates) {
      const brace = template.indexOf('{');
      const fixed = brace < 0 ? template : template.slice(0, brace);
      if (fixed !== '' && uri.startsWith(fixed)) owners.add(entry.server);
    }
    if (owners.size === 1) return { server: [...owners][0]!, target: uri };
  }
  throw new UnknownComponentError('resource', uri);
}

/** The server and the server's own reference of a completion's `ref`. */
export function routeCompletion(aggregate: GroupAggregate, ref: CompletionReference): Route<CompletionReference> {
  if (ref.type === 'ref/prompt') {
    const { server, target } = routePrompt(aggregate, ref.name);
    return { server, target: Object.assign({}, ref, { name: target }) };
  }
  const template = aggregate.resourceTemplates.get(ref.uri);
  if (template !== undefined) return { server: template.server, target: Object.assign({}, ref, { uri: template.resourceTemplate.uriTemplate }) };
  const resource = aggregate.resources.get(ref.uri);
  if (resource !== undefined) return { server: resource.server, target: Object.assign({}, ref, { uri: resource.resource.uri }) };
  throw new UnknownComponentError('resourceTemplate', ref.uri);
}
