/**
 * A fleet of client processes sharing one `RedisResponseCacheStore`: real child processes
 * (spec/fixtures/redis-cache-worker.ts), each an rxmcp client against one fixture HTTP server
 * (legacy era), caching in one real redis-server. The server counts the `tools/list` requests
 * that reach it, so each assertion is about the wire.
 */
import { join } from 'node:path';
import { startFixtureHttpServer, type FixtureHttpServer } from '../helpers/http-servers.js';
import { startCacheWorker, type CacheWorker } from '../helpers/redis-cache-workers.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const ROOT = join(__dirname, '..', '..');

let redis: RedisServer;
let server: FixtureHttpServer;
/** Four processes, started once (starting one takes seconds); each test connects them afresh. */
const workers: CacheWorker[] = [];

beforeAll(async () => {
  [redis, server] = await Promise.all([startRedisServer(), startFixtureHttpServer()]);
  workers.push(...(await Promise.all([1, 2, 3, 4].map(() => startCacheWorker(ROOT, server.url, redis.url, 'unused')))));
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  await Promise.all([redis?.stop(), server?.stop()]);
}, 15_000);

/** Connects the first processes afresh, one per partition given (a test's fleet). */
async function fleet(...partitions: string[]): Promise<CacheWorker[]> {
  const used = workers.slice(0, partitions.length);
  await Promise.all(used.map((worker, index) => worker.send({ op: 'connect', partition: partitions[index] })));
  for (const worker of used) expect(await worker.send({ op: 'ready' })).toEqual(expect.objectContaining({ ready: true }));
  return used;
}

/** How many `tools/list` requests reached the server so far. */
async function toolsListed(): Promise<number> {
  const { requests } = await server.admin<{ requests: Record<string, number> }>('requests');
  return requests['tools/list'] ?? 0;
}

type Listed = { names: string[] };

describe('a fleet of processes sharing a Redis response cache', () => {
  it('four processes, 100 listTools: one tools/list on the wire', async () => {
    const [first, ...others] = await fleet('shared-1', 'shared-1', 'shared-1', 'shared-1');
    const before = await toolsListed();
    const { names } = await first!.send<Listed>({ op: 'list', count: 25 });
    expect(names).toContain('echo');
    const listed = await Promise.all(others.map((worker) => worker.send<Listed>({ op: 'list', count: 25 })));
    expect(listed.map((result) => result.names)).toEqual([names, names, names]);
    expect((await toolsListed()) - before).toBe(1);
  }, 15_000);

  it('partitions stay apart under concurrency: each partition fetches once, none is served another one', async () => {
    const [a1, b1, a2, b2] = await fleet('iso-a', 'iso-b', 'iso-a', 'iso-b');
    const before = await toolsListed();
    await a1!.send({ op: 'list', count: 1 });
    expect((await toolsListed()) - before).toBe(1);
    // tenant b finds nothing of tenant a's private entry: it fetches its own
    await b1!.send({ op: 'list', count: 1 });
    expect((await toolsListed()) - before).toBe(2);
    // then all four at once, 20 each, interleaved: every one a hit in its own partition
    await Promise.all([a1, b1, a2, b2].map((worker) => worker!.send({ op: 'list', count: 20 })));
    expect((await toolsListed()) - before).toBe(2);
  }, 15_000);

  it('one process that sees tools/list_changed evicts for every process and partition', async () => {
    const [changer, same, other, third] = await fleet('inv-a', 'inv-a', 'inv-b', 'inv-b');
    await changer!.send({ op: 'list', count: 1 });
    await other!.send({ op: 'list', count: 1 });
    const before = await toolsListed();
    await Promise.all([same, other, third].map((worker) => worker!.send({ op: 'list', count: 5 })));
    expect((await toolsListed()) - before).toBe(0);

    // add-tool sends tools/list_changed on the changer's session only; its cache evicts in Redis.
    // (The fixture adds the tool to the calling session and to later ones; sessions opened before
    // keep their list, so only the changer's own listing shows it.)
    expect(await changer!.send({ op: 'call', tool: 'add-tool', args: { name: 'fleet-added' }, awaitNotification: 'notifications/tools/list_changed' })).toEqual(expect.objectContaining({ text: 'added fleet-added' }));
    const afterChange = await toolsListed();
    // the changer refetches (its own eviction), and the new listing is what its partition shares
    expect((await changer!.send<Listed>({ op: 'list', count: 3 })).names).toContain('fleet-added');
    expect((await same!.send<Listed>({ op: 'list', count: 3 })).names).toContain('fleet-added');
    expect((await toolsListed()) - afterChange).toBe(1);
    // the other partition, in processes that saw no notification, was evicted too: one fetch, then hits
    await other!.send({ op: 'list', count: 3 });
    await third!.send({ op: 'list', count: 3 });
    expect((await toolsListed()) - afterChange).toBe(2);
  }, 15_000);

  it('Redis killed mid-run: every call still answers (from the server) with a warning; after a restart the fleet shares again', async () => {
    const workersUp = await fleet('down-1', 'down-1', 'down-1');
    await workersUp[0]!.send({ op: 'list', count: 1 });
    const warm = await toolsListed();
    await Promise.all(workersUp.map((worker) => worker.send({ op: 'list', count: 2 })));
    expect(await toolsListed()).toBe(warm);

    await redis.kill();
    const during = await Promise.all(workersUp.map((worker) => worker.send<Listed>({ op: 'list', count: 4 })));
    for (const { names } of during) expect(names).toContain('echo');
    // each process fetched for itself (its four concurrent calls shared one fetch)
    expect((await toolsListed()) - warm).toBe(3);
    for (const worker of workersUp) expect((await worker.send<{ warnings: string[] }>({ op: 'warnings' })).warnings).toContain('cache-store-failed');

    await redis.restart();
    for (const worker of workersUp) expect(await worker.send({ op: 'ready' })).toEqual(expect.objectContaining({ ready: true }));
    const restarted = await toolsListed();
    await workersUp[0]!.send({ op: 'list', count: 1 });
    await Promise.all(workersUp.map((worker) => worker.send({ op: 'list', count: 3 })));
    expect((await toolsListed()) - restarted).toBe(1);
  }, 15_000);
});
