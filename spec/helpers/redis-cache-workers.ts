/**
 * Drives spec/fixtures/redis-cache-worker.ts processes: each is a separate Node process with an
 * rxmcp client caching in Redis. Used by the fleet spec and by bench/redis-cache.ts (so it uses
 * relative paths from `import.meta`-free code: the root is passed in).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** One worker process. */
export interface CacheWorker {
  readonly child: ChildProcess;
  /** Sends a command and resolves with its answer (rejects if the worker answers an error or exits). */
  send<T = Record<string, unknown>>(command: Record<string, unknown>): Promise<T>;
  /** Asks it to quit, then waits for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Starts a worker for `partition` (caching in Redis, or `memory`/`none` for comparisons) and resolves once its client is connected. */
export function startCacheWorker(root: string, serverUrl: string, redisUrl: string, partition: string, kind: 'redis' | 'memory' | 'none' = 'redis'): Promise<CacheWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'spec', 'fixtures', 'redis-cache-worker.ts'), serverUrl, redisUrl, partition, kind], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-8_192)));
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const failAll = (why: string): void => {
    for (const { reject } of waiting.values()) reject(new Error(`${why}; stderr: ${stderr}`));
    waiting.clear();
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      exited = true;
      failAll(`worker exited (${code ?? signal})`);
      reject(new Error(`worker exited before READY (${code ?? signal}): ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'READY') {
        resolve(worker);
        return;
      }
      const reply = JSON.parse(line) as { id: number; error?: string };
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error !== undefined) pending?.reject(new Error(reply.error));
      else pending?.resolve(reply as never);
    });
    const worker: CacheWorker = {
      child,
      send<T>(command: Record<string, unknown>): Promise<T> {
        if (exited) return Promise.reject(new Error(`worker has exited; stderr: ${stderr}`));
        const id = nextId++;
        return new Promise<T>((resolveReply, rejectReply) => {
          waiting.set(id, { resolve: resolveReply as (value: never) => void, reject: rejectReply });
          child.stdin!.write(`${JSON.stringify({ id, ...command })}\n`);
        });
      },
      async stop() {
        if (exited) return;
        const gone = new Promise<void>((done) => child.once('exit', () => done()));
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        worker.send({ op: 'quit' }).catch(() => undefined);
        await gone;
        clearTimeout(killer);
      },
    };
  });
}
