/**
 * Small helpers for asserting on the HTTP wire as the fault proxy recorded it: the requests of
 * one JSON-RPC method, a header of a recorded request, and the errors a promise rejects with.
 */
import type { RecordedRequest } from './fault-proxy.js';

/** The JSON-RPC body of a recorded request (one message; batches are not used by rxmcp). */
export function bodyOf(request: RecordedRequest): { id?: string | number; method?: string; params?: Record<string, any>; result?: unknown; error?: unknown } {
  return (request.body ?? {}) as ReturnType<typeof bodyOf>;
}

/** The recorded POSTs carrying JSON-RPC method `method`, in order. */
export function postsOf(requests: readonly RecordedRequest[], method: string): RecordedRequest[] {
  return requests.filter((request) => request.method === 'POST' && bodyOf(request).method === method);
}

/** The recorded requests with HTTP method `httpMethod`, in order. */
export function byHttpMethod(requests: readonly RecordedRequest[], httpMethod: 'GET' | 'POST' | 'DELETE'): RecordedRequest[] {
  return requests.filter((request) => request.method === httpMethod);
}

/** One header of a recorded request (names are lower-case on the wire record). */
export function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The error a promise rejects with (fails the test when it resolves). */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
