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

/**
 * The `_meta` of one modern request: the envelope plus the request's progress token. Written as
 * one object literal (no spreads) because it is built for every request; the keys are the
 * constants of `protocol/meta.ts`, spelled out (a test holds them equal).
 */
export function envelopeMetaWithToken(fields: EnvelopeFields, progressToken: number): JsonObject {
  return fields.clientInfo === undefined
    ? {
        'io.modelcontextprotocol/protocolVersion': fields.protocolVersion,
        'io.modelcontextprotocol/clientCapabilities': fields.clientCapabilities,
        progressToken,
      }
    : {
        'io.modelcontextprotocol/protocolVersion': fields.protocolVersion,
        'io.modelcontextprotocol/clientInfo': fields.clientInfo,
        'io.modelcontextprotocol/clientCapabilities': fields.clientCapabilities,
        progressToken,
      };
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
