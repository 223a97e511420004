/**
 * The callbacks through which servers ask things of the group's user (sampling, elicitation,
 * roots): set once on the group, overridable per server, and each told which server asked. Each
 * server's `Client.connect` gets plain callbacks that wrap the group's with the server's name.
 */
import type { CreateMessageParams, CreateMessageResult, ElicitParams, ElicitResult, ListRootsResult, Root } from '../protocol/schemas/client-requests.js';
import type { ClientCallbacks, InputRequestContext } from '../session/client-callbacks.js';

/** What a group callback is told: the request's context and the server that asked. */
export interface GroupRequestContext extends InputRequestContext {
  /** The group's name of the server that asked. */
  readonly server: string;
}

/** Answers a server's `sampling/createMessage`, told which server asked. */
export type GroupSamplingCallback = (params: CreateMessageParams, context: GroupRequestContext) => CreateMessageResult | Promise<CreateMessageResult>;
/** Answers a server's `elicitation/create`, told which server asked. */
export type GroupElicitationCallback = (params: ElicitParams, context: GroupRequestContext) => ElicitResult | Promise<ElicitResult>;
/** Answers a server's `roots/list`, told which server asked. */
export type GroupListRootsCallback = (context: GroupRequestContext) => ListRootsResult | readonly Root[] | Promise<ListRootsResult | readonly Root[]>;

/** The group's callbacks (on the group, or one server's override of them). */
export interface GroupCallbacks {
  /** Answers the servers' `sampling/createMessage` requests, told which server asked. */
  readonly samplingCallback?: GroupSamplingCallback;
  /** Answers the servers' `elicitation/create` requests, told which server asked. */
  readonly elicitationCallback?: GroupElicitationCallback;
  /** Answers the servers' `roots/list` requests, told which server asked. */
  readonly listRootsCallback?: GroupListRootsCallback;
}

/** The plain callbacks for server `server`: its own override of each, else the group's. */
export function callbacksFor(server: string, group: GroupCallbacks, own: GroupCallbacks): ClientCallbacks {
  const sampling = own.samplingCallback ?? group.samplingCallback;
  const elicitation = own.elicitationCallback ?? group.elicitationCallback;
  const roots = own.listRootsCallback ?? group.listRootsCallback;
  const tell = (context: InputRequestContext): GroupRequestContext => Object.assign({}, context, { server });
  const callbacks: { -readonly [K in keyof ClientCallbacks]: ClientCallbacks[K] } = {};
  if (sampling !== undefined) callbacks.samplingCallback = (params, context) => sampling(params, tell(context));
  if (elicitation !== undefined) callbacks.elicitationCallback = (params, context) => elicitation(params, tell(context));
  if (roots !== undefined) callbacks.listRootsCallback = (context) => roots(tell(context));
  return callbacks;
}
