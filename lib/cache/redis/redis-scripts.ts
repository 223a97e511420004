/**
 * The two Lua scripts of `RedisResponseCacheStore`, each atomic on the Redis server:
 *
 * - **write** (keys: generation, entry): stores the entry under the current generation token,
 *   creating one when there is none, with `PX` set to the entry's TTL (and the token kept at
 *   least as long). Given what the lookup before the fetch saw (a token, or none), it stores
 *   nothing when the generation moved since: the result may predate an eviction.
 * - **evict** (keys: generation, entry): replaces the token with a fresh one (kept at least the
 *   eviction hold, or as long as the old one), which makes the entry stale in every partition
 *   and every process, and deletes the entry itself.
 *
 * Scripts run by `EVALSHA`, falling back to `EVAL` when the server does not know them (a
 * restarted Redis).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script and its SHA-1, for `EVALSHA`. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** ARGV: seen (`any`, `none` or `token`), the token seen, a fresh token, the TTL in ms, the entry. Returns 1 if stored. */
export const WRITE_SCRIPT = script(`
local current = redis.call('GET', KEYS[1])
if ARGV[1] == 'token' and current ~= ARGV[2] then return 0 end
if ARGV[1] == 'none' and current then return 0 end
local ttl = tonumber(ARGV[4])
if not current then
  current = ARGV[3]
  redis.call('SET', KEYS[1], current, 'PX', ttl)
elseif redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
redis.call('SET', KEYS[2], current .. ' ' .. ARGV[5], 'PX', ttl)
return 1
`);

/** ARGV: a fresh token, the least time to keep it (ms). */
export const EVICT_SCRIPT = script(`
local ttl = redis.call('PTTL', KEYS[1])
local hold = tonumber(ARGV[2])
if ttl < hold then ttl = hold end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('DEL', KEYS[2])
return 1
`);

/** Runs `lua` with `keys` and `args`: `EVALSHA`, then `EVAL` if the server lost the script. */
export async function runScript(client: Redis, lua: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(lua.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(lua.source, keys.length, ...keys, ...args);
  }
}
