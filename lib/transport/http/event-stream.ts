/**
 * Reading an HTTP answer of the Streamable HTTP transport: an event stream, event by event
 * (`readEvents`), or a JSON body (`readJsonBody`), both no further than the size limit; and what
 * a message read is (`isAnswerTo`).
 */
import { messageOf } from '../../protocol/describe.js';
import { MessageTooLargeError } from '../../protocol/errors.js';
import type { RequestId } from '../../protocol/jsonrpc.js';
import { jsonFrame } from '../json-frames.js';
import type { HttpChannel } from './http-channel.js';
import { SseParser } from './sse-parser.js';
import type { HttpResponse } from './requester.js';

/** What {@link readEvents} does with a stream's events. */
export interface EventHandlers {
  /** A parsed message. */
  readonly message: (value: unknown) => void;
  /** The server's `retry:` hint. */
  readonly retry?: (ms: number) => void;
  /** An event over the size limit (default: a fault of the connection). */
  readonly oversized?: (error: MessageTooLargeError) => void;
  /** True once nothing more is needed from the stream: reading stops. */
  readonly done?: () => boolean;
}

/** How a stream ended: whether it delivered a message, the last event id, and the error that broke it. */
export interface StreamOutcome {
  delivered: boolean;
  lastEventId: string | undefined;
  error?: unknown;
}

/**
 * Hands every message event of a stream to `handlers`; resolves when the stream ends or breaks,
 * or once `handlers.done()` says nothing more is needed from it (never rejects). An event that
 * is not JSON is a fault of the connection; one over the size limit goes to `handlers.oversized`
 * and ends the reading (the body is cancelled; the outcome's error is the `MessageTooLargeError`).
 */
export async function readEvents(response: HttpResponse, handlers: EventHandlers, channel: Pick<HttpChannel, 'maxMessage' | 'fault'>): Promise<StreamOutcome> {
  let delivered = false;
  let tooLarge: MessageTooLargeError | undefined;
  const parser = new SseParser(
    {
      event: (event) => {
        if (event.event !== 'message' || event.data === '') return;
        const item = jsonFrame(event.data, 'The server sent an event that is not JSON');
        if (item.type === 'fault') {
          channel.fault(item.error);
          return;
        }
        delivered = true;
        handlers.message(item.message);
      },
      retry: handlers.retry,
      oversized: (size) => {
        tooLarge = new MessageTooLargeError(size, channel.maxMessage);
        (handlers.oversized ?? ((error) => channel.fault(error)))(tooLarge);
      },
    },
    channel.maxMessage,
  );
  const body = response.body;
  if (body === null) return { delivered, lastEventId: undefined };
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(value);
      if (handlers.done?.() === true) {
        // the answer is in: a server that keeps the stream open does not hold the request
        await reader.cancel().catch(() => undefined);
        return { delivered, lastEventId: parser.lastEventId };
      }
      if (tooLarge !== undefined) {
        // the rest of an event past the limit may never end: stop reading rather than skip it
        await reader.cancel().catch(() => undefined);
        return { delivered, lastEventId: parser.lastEventId, error: tooLarge };
      }
    }
    parser.end();
    return { delivered, lastEventId: parser.lastEventId };
  } catch (error) {
    return { delivered, lastEventId: parser.lastEventId, error };
  } finally {
    reader.releaseLock();
  }
}

/** The text of a JSON answer, read no further than `maxMessage` (a larger one is a {@link MessageTooLargeError}). */
export async function readJsonBody(response: HttpResponse, maxMessage: number): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = decoder.decode(value, { stream: true });
      length += part.length;
      if (length > maxMessage) {
        await reader.cancel().catch(() => undefined);
        throw new MessageTooLargeError(length, maxMessage);
      }
      parts.push(part);
    }
    parts.push(decoder.decode());
    return parts.join('');
  } finally {
    reader.releaseLock();
  }
}

/** True when `value` is the response (result or error) to request `id`. */
export function isAnswerTo(value: unknown, id: RequestId): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((element) => isAnswerTo(element, id));
  const message = value as { id?: unknown; result?: unknown; error?: unknown; method?: unknown };
  return message.method === undefined && (message.result !== undefined || message.error !== undefined) && String(message.id) === String(id);
}

/** A failure's message, with the system error code of its cause when there is one (`fetch failed (ECONNREFUSED)`). */
export function describeFailure(error: unknown): string {
  const message = messageOf(error);
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
