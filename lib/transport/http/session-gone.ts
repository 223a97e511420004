/**
 * Whether a response to a legacy request that carried `Mcp-Session-Id` says the session is gone.
 * The spec's answer is 404. The official SDK's servers (server-everything among them) answer an
 * id they do not know, after a restart say, with HTTP 400 and the JSON-RPC error -32000
 * "Bad Request: No valid session ID provided"; that answer, and only that one, means the same.
 * Any other 400 is an ordinary error, passed on with the body already read.
 */
import { HttpStatusError } from '../../protocol/http-errors.js';
import { ERROR_BODY_CHARS, readBodyStart, statusError } from './response-errors.js';
import type { HttpResponse } from './requester.js';

/** The JSON-RPC error code of the SDK's unknown-session answer. */
const SDK_UNKNOWN_SESSION_CODE = -32000;
/** Its message (compared without case and a trailing full stop). */
const SDK_UNKNOWN_SESSION_MESSAGE = 'bad request: no valid session id provided';
/** The most of a 400 body read to recognise it. */
const MAX_SNIFF_CHARS = 64 * 1024;

/** What {@link sessionGone} found: gone, or not, with the start of the body when it had to read it. */
export type SessionVerdict = { readonly gone: true } | { readonly gone: false; readonly bodyStart?: string };

/** Reads as much of `response` as it takes to tell (nothing unless the status is 400). */
export async function sessionGone(response: HttpResponse): Promise<SessionVerdict> {
  if (response.status === 404) return { gone: true };
  if (response.status !== 400) return { gone: false };
  const text = (await readBodyStart(response, MAX_SNIFF_CHARS)) ?? '';
  return isUnknownSessionAnswer(text) ? { gone: true } : { gone: false, bodyStart: text };
}

/** True for the body `{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"},"id":null}`. */
export function isUnknownSessionAnswer(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return error?.code === SDK_UNKNOWN_SESSION_CODE && typeof error.message === 'string' && error.message.trim().replace(/\.$/, '').toLowerCase() === SDK_UNKNOWN_SESSION_MESSAGE;
}

/** The typed error of an unusable response whose body {@link sessionGone} may have read already. */
export async function statusErrorAfter(response: HttpResponse, verdict: SessionVerdict): Promise<HttpStatusError> {
  if (!verdict.gone && verdict.bodyStart !== undefined) return new HttpStatusError(response.status, response.statusText, verdict.bodyStart.slice(0, ERROR_BODY_CHARS));
  return statusError(response);
}
