import { defer, EMPTY, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DEFAULT_RETRY_POLICY, isTransientError, retryDelay, RetryExhaustedError, RetryPolicyError, retryTransient, shouldRetryMethod } from '../../lib/operators/retry.js';
import { ErrorCode } from '../../lib/protocol/error-codes.js';
import {
  CancelledError,
  ConnectionClosedError,
  McpError,
  ProtocolViolationError,
  StreamBrokenError,
  TimeoutError,
  TransportError,
} from '../../lib/protocol/errors.js';
import { AuthenticationError, HttpStatusError, ReconnectExhaustedError, SessionExpiredError } from '../../lib/protocol/http-errors.js';
import { WebSocketClosedError } from '../../lib/transport/websocket/websocket-errors.js';

/** Runs a marble test on a fresh TestScheduler (its virtual clock times the waits). */
function marbles(test: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], on: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run((helpers) => test(helpers, scheduler));
}

const broken = new StreamBrokenError('tools/list', 'the stream ended');
/** Delays capped at 10, 20, 40 … frames; with random 0.5 the waits are 5, 10, 20 …. */
const POLICY = { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 100, factor: 2 };
const HALF = { random: () => 0.5, method: 'tools/list' };

/** A source whose n-th subscription is `attempts[n]` (the last one repeats). */
function attemptsOf<T>(attempts: Observable<T>[]): Observable<T> {
  let n = 0;
  return defer(() => attempts[Math.min(n++, attempts.length - 1)] ?? EMPTY);
}

describe('retryTransient', () => {
  it('retries a transient failure with backoff and full jitter, then fails with RetryExhaustedError', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', undefined, broken);
      // attempt 1: 0–2, wait 5; attempt 2: 7–9, wait 10; attempt 3: 19–21, exhausted
      expectObservable(source.pipe(retryTransient(POLICY, HALF))).toBe('---------------------#', undefined, new RetryExhaustedError('tools/list', 3, broken));
      expectSubscriptions(source.subscriptions).toBe(['^-!', '-------^-!', '-------------------^-!']);
    });
  });

  it('carries the attempts and the last failure on the final error', () => {
    const last = new HttpStatusError(503, 'Service Unavailable');
    let seen: unknown;
    marbles(({ cold, expectObservable }) => {
      const source = attemptsOf([cold('-#', undefined, broken), cold('-#', undefined, last)]);
      expectObservable(source.pipe(retryTransient({ ...POLICY, maxAttempts: 2 }, HALF))).toBe('-------#', undefined, new RetryExhaustedError('tools/list', 2, last));
    });
    marbles(({ cold }) => {
      const source = attemptsOf([cold('-#', undefined, broken), cold('-#', undefined, last)]);
      source.pipe(retryTransient({ ...POLICY, maxAttempts: 2 }, HALF)).subscribe({ error: (error: unknown) => (seen = error) });
    });
    expect(seen).toBeInstanceOf(RetryExhaustedError);
    expect(seen).toBeInstanceOf(TransportError);
    expect((seen as RetryExhaustedError).attempts).toBe(2);
    expect((seen as RetryExhaustedError).method).toBe('tools/list');
    expect((seen as RetryExhaustedError).cause).toBe(last);
    expect((seen as RetryExhaustedError).message).toBe("'tools/list' failed 2 times; the last failure: HTTP 503 Service Unavailable");
  });

  it('succeeds on a later attempt, passing every attempt’s events on', () => {
    marbles(({ cold, expectObservable }) => {
      const source = attemptsOf([cold('-p#', { p: 'progress 1' }, broken), cold('-p-(r|)', { p: 'progress 1', r: 'result' })]);
      // attempt 1: 0–2, wait 5; attempt 2 starts at 7
      expectObservable(source.pipe(retryTransient(POLICY, HALF))).toBe('-p------p-(r|)', { p: 'progress 1', r: 'result' });
    });
  });

  it.each([
    ['McpError (what the server answered)', new McpError(ErrorCode.InternalError, 'no')],
    ['TimeoutError', new TimeoutError('tools/list', 100, 'idle')],
    ['CancelledError', new CancelledError('tools/list')],
    ['AuthenticationError', new AuthenticationError(401, 'Unauthorized')],
    ['ConnectionClosedError', new ConnectionClosedError()],
    ['ProtocolViolationError', new ProtocolViolationError('garbage')],
    ['an HTTP 404', new HttpStatusError(404, 'Not Found')],
  ])('never retries %s: it passes on as it is', (_name, error) => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', undefined, error);
      expectObservable(source.pipe(retryTransient(POLICY, HALF))).toBe('--#', undefined, error);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('passes on a non-transient error from a later attempt as it is', () => {
    marbles(({ cold, expectObservable }) => {
      const answer = new McpError(ErrorCode.InvalidParams, 'unknown tool');
      const source = attemptsOf([cold('-#', undefined, broken), cold('-#', undefined, answer)]);
      expectObservable(source.pipe(retryTransient(POLICY, HALF))).toBe('-------#', undefined, answer);
    });
  });

  it('stops waiting at once when unsubscribed, and sends nothing more', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', undefined, broken);
      expectObservable(source.pipe(retryTransient(POLICY, HALF)), '^---!').toBe('-----');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('caps every wait at maxDelayMs', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#', undefined, broken);
      const policy = { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 30, factor: 10 };
      // waits: 10 (cap 10), 30 (cap min(30, 100)), 30 (cap min(30, 1000))
      expectObservable(source.pipe(retryTransient(policy, { random: () => 0.9999 }))).toBe('----------------------------------------------------------------------#', undefined, new RetryExhaustedError(undefined, 4, broken));
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '----------(^!)', '----------------------------------------(^!)', '----------------------------------------------------------------------(^!)']);
    });
  });

  it('waits nothing with a random of 0 (full jitter starts at zero)', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('-#', undefined, broken);
      expectObservable(source.pipe(retryTransient(POLICY, { random: () => 0 }))).toBe('---#', undefined, new RetryExhaustedError(undefined, 3, broken));
    });
  });

  it('is the source itself with maxAttempts 1', () => {
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold('--#', undefined, broken).pipe(retryTransient({ maxAttempts: 1 }))).toBe('--#', undefined, broken);
    });
  });

  it('takes a predicate for what is retryable (e.g. a closed connection when the source reconnects)', () => {
    marbles(({ cold, expectObservable }) => {
      const closed = new ConnectionClosedError();
      const source = attemptsOf([cold('-#', undefined, closed), cold('-(r|)', { r: 'result' })]);
      const policy = { ...POLICY, isRetryable: (error: unknown) => error instanceof ConnectionClosedError };
      expectObservable(source.pipe(retryTransient(policy, HALF))).toBe('-------(r|)', { r: 'result' });
    });
  });

  it('uses the default policy when given none: 3 attempts, waits capped at 200 ms then 400 ms', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('#', undefined, broken);
      // attempt 1 fails at 0, waits 100 (half of 200); attempt 2 fails at 100, waits 200 (half of 400); attempt 3 fails at 300
      expectObservable(source.pipe(retryTransient(undefined, { random: () => 0.5 }))).toBe('300ms #', undefined, new RetryExhaustedError(undefined, 3, broken));
    });
  });

  it('ends a storm of 100 failing calls within the sum of the capped waits (virtual time)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const ended: number[] = [];
    scheduler.run(({ cold }) => {
      for (let i = 0; i < 100; i++) {
        cold('-#', undefined, broken)
          .pipe(retryTransient(DEFAULT_RETRY_POLICY))
          .subscribe({ error: (error: unknown) => (error instanceof RetryExhaustedError ? ended.push(scheduler.now()) : undefined) });
      }
    });
    expect(ended.length).toBe(100);
    // three attempts of 1 ms each, and waits of at most 200 and 400 ms
    expect(Math.max(...ended)).toBeLessThanOrEqual(3 + 200 + 400);
  });

  it('refuses an invalid policy', () => {
    expect(() => retryTransient({ maxAttempts: 0 })).toThrow(RetryPolicyError);
    expect(() => retryTransient({ maxAttempts: 2.5 })).toThrow(new RetryPolicyError('maxAttempts must be an integer >= 1, got 2.5'));
    expect(() => retryTransient({ initialDelayMs: -1 })).toThrow(RetryPolicyError);
    expect(() => retryTransient({ maxDelayMs: Number.NaN })).toThrow(RetryPolicyError);
    expect(() => retryTransient({ factor: 0.5 })).toThrow(RetryPolicyError);
  });
});

describe('isTransientError', () => {
  it.each([
    ['StreamBrokenError', true, broken],
    ['a bare TransportError (a POST that could not be sent)', true, new TransportError('Could not POST')],
    ['HTTP 500', true, new HttpStatusError(500, 'Internal Server Error')],
    ['HTTP 502', true, new HttpStatusError(502, 'Bad Gateway')],
    ['HTTP 503', true, new HttpStatusError(503, 'Service Unavailable')],
    ['HTTP 504', true, new HttpStatusError(504, 'Gateway Timeout')],
    ['HTTP 408', true, new HttpStatusError(408, 'Request Timeout')],
    ['HTTP 429', true, new HttpStatusError(429, 'Too Many Requests')],
    ['HTTP 501', false, new HttpStatusError(501, 'Not Implemented')],
    ['HTTP 505', false, new HttpStatusError(505, 'HTTP Version Not Supported')],
    ['HTTP 400', false, new HttpStatusError(400, 'Bad Request')],
    ['HTTP 404', false, new HttpStatusError(404, 'Not Found')],
    ['AuthenticationError 401', false, new AuthenticationError(401, 'Unauthorized')],
    ['AuthenticationError 403', false, new AuthenticationError(403, 'Forbidden')],
    ['SessionExpiredError', false, new SessionExpiredError('abc')],
    ['ReconnectExhaustedError', false, new ReconnectExhaustedError('GET stream', 5)],
    ['RetryExhaustedError', false, new RetryExhaustedError('m', 3, broken)],
    ['ConnectionClosedError', false, new ConnectionClosedError()],
    ['WebSocketClosedError', false, new WebSocketClosedError(1006, '')],
    ['McpError', false, new McpError(ErrorCode.InternalError, 'x')],
    ['TimeoutError', false, new TimeoutError('m', 1, 'total')],
    ['CancelledError', false, new CancelledError('m')],
    ['ProtocolViolationError', false, new ProtocolViolationError('x')],
    ['fetch’s TypeError (undici)', true, new TypeError('fetch failed')],
    ['fetch’s TypeError (Chromium)', true, new TypeError('Failed to fetch')],
    ['fetch’s TypeError (Firefox)', true, new TypeError('NetworkError when attempting to fetch resource.')],
    ['fetch’s TypeError (WebKit)', true, new TypeError('Load failed')],
    ['a programming TypeError', false, new TypeError('x is not a function')],
    ['a plain Error', false, new Error('fetch failed')],
    ['a string', false, 'fetch failed'],
  ])('%s → %s', (_name, transient, error) => {
    expect(isTransientError(error)).toBe(transient);
  });
});

describe('shouldRetryMethod', () => {
  it('allows the idempotent methods by default', () => {
    for (const method of ['tools/list', 'prompts/list', 'prompts/get', 'resources/list', 'resources/templates/list', 'resources/read', 'server/discover', 'ping', 'completion/complete']) {
      expect(shouldRetryMethod(method)).toBe(true);
    }
  });

  it('never allows tools/call or other methods unless the policy opts in', () => {
    expect(shouldRetryMethod('tools/call')).toBe(false);
    expect(shouldRetryMethod('tasks/cancel', {})).toBe(false);
    expect(shouldRetryMethod('tools/call', { retryNonIdempotent: ['tools/call'] })).toBe(true);
    expect(shouldRetryMethod('tasks/cancel', { retryNonIdempotent: ['tools/call'] })).toBe(false);
    expect(shouldRetryMethod('tasks/cancel', { retryNonIdempotent: true })).toBe(true);
    expect(shouldRetryMethod('tools/call', { retryNonIdempotent: false })).toBe(false);
  });

  it('allows nothing with maxAttempts 1', () => {
    expect(shouldRetryMethod('tools/list', { maxAttempts: 1 })).toBe(false);
    expect(shouldRetryMethod('tools/call', { maxAttempts: 1, retryNonIdempotent: true })).toBe(false);
  });
});

describe('retryDelay', () => {
  it('is full jitter over an exponential cap', () => {
    expect(retryDelay(POLICY, 1, () => 0)).toBe(0);
    expect(retryDelay(POLICY, 1, () => 0.5)).toBe(5);
    expect(retryDelay(POLICY, 3, () => 0.5)).toBe(20);
    expect(retryDelay(POLICY, 10, () => 0.5)).toBe(50);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 2, () => 0.999_999)).toBe(400);
  });
});
