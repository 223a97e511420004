/**
 * One text frame of a transport (a stdio line, an SSE event, a JSON body, a WebSocket frame) to
 * one inbound item, written once for every transport: the frame is parsed as JSON and becomes a
 * message item, or a `ProtocolViolationError` fault quoting an excerpt of it (each transport says
 * in its own words what the frame was); a frame over the size limit becomes a
 * `MessageTooLargeError` fault carrying the id read from its edges, so the dispatcher fails the
 * request it answered instead of leaving it to time out. Browser-safe.
 */
import { excerpt } from '../protocol/describe.js';
import { MessageTooLargeError, ProtocolViolationError } from '../protocol/errors.js';
import type { RequestId } from '../protocol/jsonrpc.js';
import { sniffId } from './sniff-id.js';
import { inboundFault, inboundMessage, type InboundFault, type InboundMessage } from './transport.js';

/** How many characters of each end of an oversized frame are kept to look for its id. */
export const SNIFF_CHARS = 256;

/** The fault of a frame that is not JSON. */
export interface NotJsonFault extends InboundFault {
  readonly error: ProtocolViolationError;
}

/**
 * Parses a frame as JSON. Throws a `ProtocolViolationError` saying `${notJson}: <excerpt>` (with
 * the excerpt as its raw text and the parser's error as its cause) when it is not JSON.
 */
export function parseJsonFrame(text: string, notJson: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw notJsonError(text, notJson, error);
  }
}

/**
 * A frame as an inbound item: a message item with its parsed value, or the fault of a frame that
 * is not JSON (`${notJson}: <excerpt>`). Never throws.
 */
export function jsonFrame(text: string, notJson: string): InboundMessage | NotJsonFault {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return notJsonFrame(text, notJson, error);
  }
  return inboundMessage(value);
}

/**
 * The fault of a frame `JSON.parse` refused with `cause` (`${notJson}: <excerpt>`), for a
 * transport that parses its frames itself (stdio, on its per-message path).
 */
export function notJsonFrame(text: string, notJson: string, cause: unknown): NotJsonFault {
  return inboundFault(notJsonError(text, notJson, cause)) as NotJsonFault;
}

/** The fault of a frame of `size` bytes over `limit`, naming the request it answered when its id could be read. */
export function oversizedFrame(size: number, limit: number, requestId: RequestId | undefined): InboundFault {
  return inboundFault(new MessageTooLargeError(size, limit), requestId);
}

/** The id of an oversized frame held whole, read from its first and last {@link SNIFF_CHARS} characters. */
export function sniffFrameId(text: string): RequestId | undefined {
  return sniffId(text.slice(0, SNIFF_CHARS), text.slice(-SNIFF_CHARS));
}

function notJsonError(text: string, notJson: string, cause: unknown): ProtocolViolationError {
  const raw = excerpt(text);
  return new ProtocolViolationError(`${notJson}: ${raw}`, raw, { cause });
}
