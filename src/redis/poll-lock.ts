/**
 * Who polls a watched query when replicas share one Redis: `SET key token NX PX ttl`, so of two replicas whose timers
 * fire at the same slot exactly one holds the lock, and a holder that dies stops blocking the others once the TTL
 * runs out. Release and extend check the token inside Redis (a Lua script), so a holder whose lock already expired
 * cannot free or prolong the lock someone else now holds.
 *
 * While Redis is away nobody gets the lock: polls are skipped rather than run by every replica at once (each would
 * post the same change). The log hears that once per outage.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { PollLock } from '../watch/lock';
import type { RedisConnection } from './connection';
import { redisScript } from './script';

const RELEASE = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

const EXTEND = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);

export const WATCHES_PAUSED_MESSAGE = 'Redis unreachable: watch polls are paused until it returns';

export class RedisPollLock implements PollLock {
  private pausedLogged = false;

  constructor(
    private readonly connection: RedisConnection,
    private readonly logger: Logger,
  ) {}

  async acquire(key: string, ttlMs: number): Promise<string | null> {
    if (!this.connection.isUp()) return this.away();
    const token = randomBytes(12).toString('hex');
    try {
      const answer = await this.connection.client.set(this.lockKey(key), token, 'PX', Math.ceil(ttlMs), 'NX');
      this.pausedLogged = false;
      return answer === 'OK' ? token : null;
    } catch {
      return this.away();
    }
  }

  async release(key: string, token: string): Promise<void> {
    try {
      await RELEASE(this.connection.client, [this.lockKey(key)], [token]);
    } catch {
      // Unreleased, the lock simply runs out at its TTL.
    }
  }

  /** Prolongs the lock if `token` still holds it; false when it was lost (expired, or Redis is away). */
  async extend(key: string, token: string, ttlMs: number): Promise<boolean> {
    try {
      return Number(await EXTEND(this.connection.client, [this.lockKey(key)], [token, Math.ceil(ttlMs)])) === 1;
    } catch {
      return false;
    }
  }

  private away(): null {
    if (!this.pausedLogged) {
      this.pausedLogged = true;
      this.logger.warn(WATCHES_PAUSED_MESSAGE);
    }
    return null;
  }

  private lockKey(key: string): string {
    return this.connection.key(`watch-lock:${digest(key)}`);
  }
}

/** A query key holds free text (the query); a fixed-length digest keeps Redis keys short and printable. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
