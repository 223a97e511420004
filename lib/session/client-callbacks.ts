/**
 * The callbacks through which a server asks things of the client, and the capabilities they
 * imply. The same callbacks answer legacy server→client requests and the embedded requests of
 * 2026-07-28 `input_required` results.
 */
import type { JsonObject } from '../protocol/jsonrpc.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { CreateMessageParams, CreateMessageResult, ElicitParams, ElicitResult, ListRootsResult, Root } from '../protocol/schemas/client-requests.js';
import type { ProtocolEra } from '../protocol/versions.js';

/** What a callback is told about the request it answers. */
export interface InputRequestContext {
  /** The server's request id (legacy), or the key of the embedded request (2026-07-28). */
  readonly requestId: string | number;
  /** Aborted when the server cancels the request, a sibling input request failed, or the connection closed. */
  readonly signal: AbortSignal;
  /** The request's `_meta`, if it had one. */
  readonly meta?: JsonObject;
}

/** Answers `sampling/createMessage`: run the LLM. Throw an `McpError` to refuse with a code. */
export type SamplingCallback = (params: CreateMessageParams, context: InputRequestContext) => CreateMessageResult | Promise<CreateMessageResult>;

/**
 * Answers `elicitation/create`: ask the user. For form mode, the schema's defaults are filled into
 * accepted content the callback left out (SEP-1034); for URL mode, `accept` means the user agreed
 * to open the URL.
 */
export type ElicitationCallback = (params: ElicitParams, context: InputRequestContext) => ElicitResult | Promise<ElicitResult>;

/** Answers `roots/list`: the `file://` roots the server may work in (a list, or the full result). */
export type ListRootsCallback = (context: InputRequestContext) => ListRootsResult | readonly Root[] | Promise<ListRootsResult | readonly Root[]>;

/** The callbacks and the capabilities they come with. */
export interface ClientCallbacks {
  /** Answers `sampling/createMessage` requests (legacy) and sampling input requests (2026-07-28). */
  readonly samplingCallback?: SamplingCallback;
  /** Sampling sub-capabilities to declare with a sampling callback (`{ tools: {} }`, `{ context: {} }`). */
  readonly samplingCapabilities?: NonNullable<ClientCapabilities['sampling']>;
  /** Answers `elicitation/create` requests (legacy) and elicitation input requests (2026-07-28). */
  readonly elicitationCallback?: ElicitationCallback;
  /** Which elicitation modes the callback handles. Default both. */
  readonly elicitationModes?: readonly ('form' | 'url')[];
  /** Answers `roots/list` requests (legacy) and roots input requests (2026-07-28). */
  readonly listRootsCallback?: ListRootsCallback;
}

/**
 * The capabilities to declare in `era`: the caller's own, plus one per callback that exists
 * (no callback, no capability). In the legacy era roots also declare `listChanged`, which the
 * 2026-07-28 capability no longer has.
 */
export function capabilitiesFor(era: ProtocolEra, callbacks: ClientCallbacks, base: ClientCapabilities = {}): ClientCapabilities {
  const capabilities: ClientCapabilities = Object.assign({}, base);
  if (callbacks.samplingCallback !== undefined && capabilities.sampling === undefined) {
    capabilities.sampling = Object.assign({}, callbacks.samplingCapabilities);
  }
  if (callbacks.elicitationCallback !== undefined && capabilities.elicitation === undefined) {
    const modes = callbacks.elicitationModes ?? ['form', 'url'];
    capabilities.elicitation = Object.fromEntries(modes.map((mode) => [mode, {}]));
  }
  if (callbacks.listRootsCallback !== undefined && capabilities.roots === undefined) {
    capabilities.roots = era === 'legacy' ? { listChanged: true } : {};
  }
  return capabilities;
}
