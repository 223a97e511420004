/**
 * The 2026-07-28 request envelope: on a modern connection every request states, in `_meta`, its
 * protocol version, the client's identity and the client's capabilities for this request.
 * Servers keep no memory between requests, so nothing may be left out.
 */
import type { JsonObject } from '../protocol/jsonrpc.js';
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from '../protocol/meta.js';
import type { ClientCapabilities } from '../protocol/schemas/capabilities.js';
import type { Implementation } from '../protocol/schemas/common.js';

/** What goes into every modern request's `_meta`. */
export interface EnvelopeFields {
  readonly protocolVersion: string;
  readonly clientInfo?: Implementation;
  readonly clientCapabilities: ClientCapabilities;
}

/** The envelope as `_meta` entries. */
export function envelopeMeta(fields: EnvelopeFields): JsonObject {
  const meta: JsonObject = {
    [PROTOCOL_VERSION_META_KEY]: fields.protocolVersion,
    [CLIENT_CAPABILITIES_META_KEY]: fields.clientCapabilities,
  };
  if (fields.clientInfo !== undefined) meta[CLIENT_INFO_META_KEY] = fields.clientInfo;
  return meta;
}

/**
 * Returns `params` with the envelope merged into its `_meta`. Keys the caller already put in
 * `_meta` win, so a single request can override, say, its capabilities. `params` is not modified.
 */
export function withEnvelope(params: JsonObject | undefined, envelope: JsonObject): JsonObject {
  const meta = params?._meta as JsonObject | undefined;
  return { ...params, _meta: meta === undefined ? envelope : { ...envelope, ...meta } };
}
