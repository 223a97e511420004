import { AbortGroup } from '../../lib/transport/http/abort-group.js';

describe('AbortGroup', () => {
  it('aborts the controllers whose work is under way, and only those', async () => {
    const group = new AbortGroup();
    const finished = new AbortController();
    await group.run(finished, async () => 'done');
    const running = new AbortController();
    let release!: () => void;
    const work = group.run(running, () => new Promise<void>((resolve) => (release = resolve)));
    expect(group.size).toBe(1);
    group.abort();
    expect(running.signal.aborted).toBe(true);
    expect(finished.signal.aborted).toBe(false);
    expect(group.aborted).toBe(true);
    release();
    await work;
    expect(group.size).toBe(0);
  });

  it('holds nothing once the work settled, whether it resolved or rejected', async () => {
    const group = new AbortGroup();
    await expect(group.run(new AbortController(), async () => 7)).resolves.toBe(7);
    await expect(group.run(new AbortController(), async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(group.size).toBe(0);
  });

  it('aborts a controller that joins after the group was aborted, before its work starts', async () => {
    const group = new AbortGroup();
    group.abort();
    const late = new AbortController();
    const seen = await group.run(late, async () => late.signal.aborted);
    expect(seen).toBe(true);
  });
});
