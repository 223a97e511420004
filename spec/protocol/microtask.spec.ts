import { runSoon } from '../../lib/protocol/microtask.js';

describe('runSoon (the write queues\' per-tick flush)', () => {
  it('runs after the current code, in the microtask queue in order with queueMicrotask and promise reactions, before any timer', async () => {
    const order: string[] = [];
    const timer = new Promise<void>((resolve) => setTimeout(() => { order.push('timer'); resolve(); }, 0));
    runSoon(() => order.push('soon 1'));
    queueMicrotask(() => order.push('queueMicrotask'));
    void Promise.resolve().then(() => order.push('then'));
    runSoon(() => order.push('soon 2'));
    order.push('sync');
    await timer;
    expect(order).toEqual(['sync', 'soon 1', 'queueMicrotask', 'then', 'soon 2', 'timer']);
  });

  it('passes the task no value, so a parameter default applies (the stdio pump\'s chunk limit)', async () => {
    const seen: number[] = [];
    await new Promise<void>((resolve) => runSoon(((limit: number = 7) => { seen.push(limit); resolve(); }) as () => void));
    expect(seen).toEqual([7]);
  });
});
