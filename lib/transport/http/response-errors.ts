/**
 * What the HTTP transports do with a response they cannot use: turn its status into a typed
 * error (`AuthenticationError` with the server's challenge for 401 and 403, `HttpStatusError`
 * with the start of the body otherwise), read no more of a body than a message needs, and let go
 * of the rest so the connection can be reused.
 */
import { AuthenticationError, HttpStatusError } from '../../protocol/http-errors.js';
import type { HttpResponse } from './requester.js';

/** How much of an error body an `HttpStatusError` keeps. */
export const ERROR_BODY_CHARS = 1024;

/** The `WWW-Authenticate` challenge of a response, if it has one. */
export function challengeOf(response: HttpResponse): string | undefined {
  return response.headers.get('www-authenticate') ?? undefined;
}

/** True for 401 and 403: the server wants (other) credentials. */
export function isUnauthorized(response: HttpResponse): boolean {
  return response.status === 401 || response.status === 403;
}

/**
 * The typed error of a response that is not what was asked for: `AuthenticationError` for
 * 401/403 (its body discarded), else `HttpStatusError` with up to {@link ERROR_BODY_CHARS} of its body.
 */
export async function statusError(response: HttpResponse): Promise<HttpStatusError> {
  if (isUnauthorized(response)) {
    void discardBody(response);
    return new AuthenticationError(response.status, response.statusText, challengeOf(response));
  }
  return new HttpStatusError(response.status, response.statusText, await readBodyStart(response, ERROR_BODY_CHARS));
}

/** Up to `maxChars` characters of a body, without reading all of a huge one (the rest is cancelled). */
export async function readBodyStart(response: HttpResponse, maxChars: number): Promise<string | undefined> {
  if (response.body === null) return undefined;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
    void reader.cancel().catch(() => undefined);
    return text.slice(0, maxChars);
  } catch {
    return text === '' ? undefined : text;
  }
}

/** Lets go of a body nobody reads, so the connection can be reused. Never throws. */
export async function discardBody(response: HttpResponse): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already consumed or aborted
  }
}
