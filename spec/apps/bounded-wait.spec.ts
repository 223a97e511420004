/**
 * The host's bounded waits (lib/apps/bounded-wait.ts): `hostApp`'s `close()` waits for the app's
 * teardown answer, the sandbox proxy for its ready notification. A prompt answer must not leave its
 * timer behind (it used to: a 500 ms timer per closed app, and it kept a Node process alive).
 */
import { withinBound } from '../../lib/apps/bounded-wait.js';

const pendingTimeouts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('withinBound', () => {
  it('gives the value of a promise that settles in time and leaves no timer scheduled', async () => {
    const before = pendingTimeouts();
    await expect(withinBound(Promise.resolve('answered'), 600_000)).resolves.toBe('answered');
    expect(pendingTimeouts()).toBe(before);
  });

  it('passes on a rejection in time, and clears its timer then too', async () => {
    const before = pendingTimeouts();
    await expect(withinBound(Promise.reject(new Error('refused')), 600_000)).rejects.toThrow('refused');
    expect(pendingTimeouts()).toBe(before);
  });

  it("gives 'timeout' for a promise that never settles", async () => {
    await expect(withinBound(new Promise<never>(() => undefined), 20)).resolves.toBe('timeout');
  });
});
