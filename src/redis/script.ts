/**
 * A Lua script run by its SHA (EVALSHA), sent in full only when Redis does not know it yet (after a restart): a page
 * click then costs one small round trip rather than the script's text every time.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type RedisArg = string | Buffer | number;

export function redisScript(
  lua: string,
): (client: Redis, keys: readonly string[], args: readonly RedisArg[]) => Promise<unknown> {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (client, keys, args) => {
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
