/**
 * A real `redis-server` (Debian's package) for the Redis cache specs: started on a free port
 * with no persistence (`--save '' --appendonly no`) and expiry events on (`notify-keyspace-events
 * Ex`, so a spec can await an entry's expiry instead of sleeping), stopped, killed and
 * restarted on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

/** A running (or stopped) redis-server. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** The current process (a new one after `restart`). */
  readonly child: ChildProcess;
  /** SIGKILLs the server and waits until it has exited. */
  kill(): Promise<void>;
  /** Starts a fresh server on the same port (empty: nothing was persisted). */
  restart(): Promise<void>;
  /** Stops it for good (idempotent). */
  stop(): Promise<void>;
}


/** Spawns redis-server on `port` and resolves once it accepts connections. */
function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--notify-keyspace-events', 'Ex'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on ${port}: ${output}`));
    }, 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a redis-server on a free port. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child = await spawnRedis(port);
  let stopped = false;
  const kill = async (): Promise<void> => {
    child.kill('SIGKILL');
    await exited(child);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get child() {
      return child;
    },
    kill,
    async restart() {
      await kill();
      child = await spawnRedis(port);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await kill();
    },
  };
}
