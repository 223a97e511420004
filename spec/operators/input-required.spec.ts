import { lastValueFrom, Observable, of, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { RequestEvent } from '../../lib/dispatch/request-events.js';
import { driveInputRequired, type InputRound } from '../../lib/operators/input-required.js';
import { InputRequiredRoundsExceededError, McpError } from '../../lib/protocol/errors.js';
import type { InputRequiredResult } from '../../lib/protocol/schemas/input-required.js';

type Result = { value: string };
type Event = RequestEvent<Result | InputRequiredResult>;

const result = (value: string): Event => ({ type: 'result', result: { value } });
const ask = (requestState?: string, keys: string[] = ['q']): Event => ({
  type: 'result',
  result: {
    resultType: 'input_required',
    ...(keys.length > 0 ? { inputRequests: Object.fromEntries(keys.map((key) => [key, { method: 'elicitation/create', params: { message: key } }])) } : {}),
    ...(requestState === undefined ? {} : { requestState }),
  } as InputRequiredResult,
});

describe('driveInputRequired', () => {
  it('passes a complete first round straight through, progress included', async () => {
    const events = await lastValueFrom(
      of({ type: 'progress', progress: 1 } as Event, result('done')).pipe(
        driveInputRequired<Result>({ method: 'tools/call', maxRounds: 3, retry: () => throwError(() => new Error('no retry')), fulfil: () => Promise.reject(new Error('no input')) }),
        toArray(),
      ),
    );
    expect(events).toEqual([{ type: 'progress', progress: 1 }, { type: 'result', result: { value: 'done' } }]);
  });

  it('answers the requests, then retries with the answers and the state exactly as given', async () => {
    const rounds: InputRound[] = [];
    const answered: string[][] = [];
    const events = await lastValueFrom(
      of(ask('opaque-state-☃', ['a', 'b'])).pipe(
        driveInputRequired<Result>({
          method: 'tools/call',
          maxRounds: 3,
          fulfil: async (requests) => {
            answered.push(Object.keys(requests));
            return Object.fromEntries(Object.keys(requests).map((key) => [key, { action: 'accept', content: { key } }]));
          },
          retry: (round) => {
            rounds.push(round);
            return of({ type: 'progress', progress: 5 } as Event, result('finished'));
          },
        }),
        toArray(),
      ),
    );
    expect(answered).toEqual([['a', 'b']]);
    expect(rounds).toEqual([
      { inputResponses: { a: { action: 'accept', content: { key: 'a' } }, b: { action: 'accept', content: { key: 'b' } } }, requestState: 'opaque-state-☃' },
    ]);
    expect(events).toEqual([{ type: 'progress', progress: 5 }, { type: 'result', result: { value: 'finished' } }]);
  });

  it('sends no requestState when the server gave none', async () => {
    const rounds: InputRound[] = [];
    await lastValueFrom(
      of(ask(undefined, ['x'])).pipe(
        driveInputRequired<Result>({ method: 'm', maxRounds: 2, fulfil: async () => ({ x: { action: 'decline' } }), retry: (round) => (rounds.push(round), of(result('ok'))) }),
      ),
    );
    expect(rounds).toEqual([{ inputResponses: { x: { action: 'decline' } } }]);
    expect('requestState' in rounds[0]!).toBe(false);
  });

  it.each([
    [0, 1],
    [2, 3],
  ])('with maxRounds %i, calls %i times in all, then fails with InputRequiredRoundsExceededError', async (maxRounds, calls) => {
    let sent = 1;
    const error = await lastValueFrom(
      of(ask('s')).pipe(driveInputRequired<Result>({ method: 'prompts/get', maxRounds, fulfil: async () => ({ q: {} }), retry: () => (sent++, of(ask('s'))) })),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputRequiredRoundsExceededError);
    expect(error).toMatchObject({ maxRounds, method: 'prompts/get' });
    expect(sent).toBe(calls);
  });

  it('ends the chain with the error of a refused input request', async () => {
    const refused = new McpError(-1, 'User declined');
    const retry = jest.fn();
    const error = await lastValueFrom(of(ask('s')).pipe(driveInputRequired<Result>({ method: 'm', maxRounds: 5, fulfil: () => Promise.reject(refused), retry }))).catch((e: unknown) => e);
    expect(error).toBe(refused);
    expect(retry).not.toHaveBeenCalled();
  });

  it('backs off state-only rounds 50, 100, 200, 250, 250 ms, and resets after a round that asks for input', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ expectObservable }) => {
      // five state-only rounds, then one asking for input (answered at once), then one more state-only, then done
      const script: Event[] = [ask('1', []), ask('2', []), ask('3', []), ask('4', []), ask('5', []), ask('6', ['q']), ask('7', []), result('done')];
      let next = 0;
      const round = (): Observable<Event> => of(script[next++]!);
      const fulfil = (): Promise<Record<string, Record<string, unknown>>> => ({ then: (resolve: (value: Record<string, Record<string, unknown>>) => void) => resolve({ q: {} }) }) as never;
      // 1 → wait 50 → 2 → 100 → 3 → 200 → 4 → 250 → 5 → 250 → 6 (asks; no wait) → 7 → wait 50 (reset) → done
      expectObservable(round().pipe(driveInputRequired<Result>({ method: 'm', maxRounds: 10, scheduler, retry: round, fulfil }))).toBe('900ms (r|)', {
        r: { type: 'result', result: { value: 'done' } },
      });
    });
  });

  it('cancels the round in flight and aborts running callbacks on unsubscribe', async () => {
    let aborted = false;
    const subscription = of(ask('s')).pipe(
      driveInputRequired<Result>({
        method: 'm',
        maxRounds: 3,
        fulfil: (_requests, signal) =>
          new Promise(() => {
            signal.addEventListener('abort', () => (aborted = true));
          }),
        retry: () => of(result('never')),
      }),
    ).subscribe();
    subscription.unsubscribe();
    expect(aborted).toBe(true);
  });
});
