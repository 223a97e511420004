/**
 * `driveInputRequired`: the 2026-07-28 multi round-trip loop as an operator.
 *
 * The source is the first round of a request that may answer `input_required`. When it does:
 *
 * - with `inputRequests`: all of them are answered at once (`fulfil`), then the request is sent
 *   again (`retry`, a fresh request with a fresh id) carrying the answers as `inputResponses`
 *   and the server's `requestState` exactly as received;
 * - with only a `requestState`: the request is sent again after a short pause that doubles from
 *   50 ms up to 250 ms (reset by a round that asks for input), so a server shedding load is not
 *   hammered;
 * - more than `maxRounds` such answers end in {@link InputRequiredRoundsExceededError}; a
 *   refused input request (the callback's error) ends the chain with that error.
 *
 * Progress events of every round pass through; the last event is the final result. Unsubscribing
 * cancels the round in flight and aborts callbacks still running.
 */
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { RequestEvent } from '../dispatch/request-events.js';
import { InputRequiredRoundsExceededError, ProtocolViolationError } from '../protocol/errors.js';
import type { JsonObject } from '../protocol/jsonrpc.js';
import { isInputRequired } from '../protocol/result-type.js';
import type { InputRequiredResult, InputRequest } from '../protocol/schemas/input-required.js';

/** The answers of one round, keyed like the requests. */
export type InputResponses = Record<string, JsonObject>;

/** What a retry carries. */
export interface InputRound {
  /** The answers to the server's input requests, by key. */
  readonly inputResponses?: InputResponses;
  /** The `requestState` the server sent, echoed back unchanged. */
  readonly requestState?: string;
}

/** Options of {@link driveInputRequired}. */
export interface DriveInputRequiredOptions<T> {
  /** The method, for errors. */
  readonly method: string;
  /** Sends the request again with this round's answers (a new request each time). */
  readonly retry: (round: InputRound) => Observable<RequestEvent<T | InputRequiredResult>>;
  /** Answers one round's embedded requests; rejecting ends the chain. Abort `signal` = give up. */
  readonly fulfil: (requests: Readonly<Record<string, InputRequest>>, signal: AbortSignal) => Promise<InputResponses>;
  /** How many `input_required` answers to accept before failing. */
  readonly maxRounds: number;
  /** Where the pauses of state-only rounds are timed. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** The first pause of a state-only round, and the longest. */
export const STATE_ONLY_BACKOFF_MS = { initial: 50, max: 250 } as const;

/** Drives `input_required` rounds until the request completes. */
export function driveInputRequired<T>(options: DriveInputRequiredOptions<T>): OperatorFunction<RequestEvent<T | InputRequiredResult>, RequestEvent<T>> {
  const { method, retry, fulfil, maxRounds, scheduler = asyncScheduler } = options;
  return (source) =>
    new Observable<RequestEvent<T>>((subscriber) => {
      let rounds = 0;
      let pause: number = STATE_ONLY_BACKOFF_MS.initial;
      let round: Subscription | undefined;
      let waiting: Subscription | undefined;
      let answering: AbortController | undefined;

      const follow = (events$: Observable<RequestEvent<T | InputRequiredResult>>): void => {
        let settled = false;
        round = events$.subscribe({
          next: (event) => {
            if (event.type !== 'result') {
              subscriber.next(event);
              return;
            }
            settled = true;
            onResult(event.result);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (!settled) subscriber.error(new ProtocolViolationError(`Request '${method}' completed without a result`));
          },
        });
      };

      const onResult = (result: T | InputRequiredResult): void => {
        if (!isInputRequired(result)) {
          subscriber.next({ type: 'result', result });
          subscriber.complete();
          return;
        }
        rounds++;
        if (rounds > maxRounds) {
          subscriber.error(new InputRequiredRoundsExceededError(method, maxRounds));
          return;
        }
        const { inputRequests, requestState } = result;
        if (inputRequests !== undefined && Object.keys(inputRequests).length > 0) {
          pause = STATE_ONLY_BACKOFF_MS.initial;
          const controller = new AbortController();
          answering = controller;
          fulfil(inputRequests, controller.signal).then(
            (inputResponses) => {
              if (controller.signal.aborted) return;
              answering = undefined;
              follow(retry(requestState === undefined ? { inputResponses } : { inputResponses, requestState }));
            },
            (error: unknown) => {
              if (!controller.signal.aborted) subscriber.error(error);
            },
          );
          return;
        }
        const wait = pause;
        pause = Math.min(pause * 2, STATE_ONLY_BACKOFF_MS.max);
        waiting = scheduler.schedule(() => follow(retry({ requestState })), wait);
      };

      follow(source);
      return () => {
        round?.unsubscribe();
        waiting?.unsubscribe();
        answering?.abort();
      };
    });
}
