/**
 * A small key-value store where every write carries a TTL, so nothing written to a shared Redis outlives its use.
 * Two implementations: in-process (one replica, and the fallback), and Redis, which answers from in-process state
 * while Redis is away and goes back to Redis by itself when it returns. Shared state (paging, dedup, rate limits,
 * single-flight) builds on this.
 */
import { LRUCache } from 'lru-cache';
import type { RedisConnection } from './connection';

export interface KeyValueWithTtl {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Writes only when the key is absent; true when this call wrote it (a lock or a first-seen mark). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds one and returns the new count; the TTL starts with the first increment (a fixed window). */
  incr(key: string, ttlMs: number): Promise<number>;
}

function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError(`a TTL must be at least 1 ms, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

/** Bounded, so a flood of distinct keys costs memory up to `max` entries and no further. */
export class MemoryKeyValue implements KeyValueWithTtl {
  private readonly cache: LRUCache<string, string>;

  constructor(max = 50_000) {
    this.cache = new LRUCache<string, string>({ max, ttlAutopurge: false, allowStale: false });
  }

  async get(key: string): Promise<string | undefined> {
    return this.cache.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.cache.set(key, value, { ttl: checkTtl(ttlMs) });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    if (this.cache.has(key)) return false;
    this.cache.set(key, value, { ttl });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.cache.delete(key);
  }

  async incr(key: string, ttlMs: number): Promise<number> {
    const ttl = checkTtl(ttlMs);
    const current = this.cache.get(key);
    const next = (current === undefined ? 0 : Number(current) || 0) + 1;
    // Keep the window the first increment opened.
    const remaining = current === undefined ? ttl : Math.max(1, this.cache.getRemainingTTL(key));
    this.cache.set(key, String(next), { ttl: remaining });
    return next;
  }
}

// INCR, and a TTL when the key has none: one round trip, and atomic, so two replicas cannot both miss the expiry.
const INCR_WITH_TTL = `
local n = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export class RedisKeyValue implements KeyValueWithTtl {
  constructor(
    private readonly connection: RedisConnection,
    private readonly fallback: KeyValueWithTtl = new MemoryKeyValue(),
  ) {}

  async get(key: string): Promise<string | undefined> {
    return this.run(
      async (redis, k) => (await redis.get(k)) ?? undefined,
      () => this.fallback.get(key),
      key,
    );
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const ttl = checkTtl(ttlMs);
    return this.run(
      async (redis, k) => {
        await redis.set(k, value, 'PX', ttl);
      },
      () => this.fallback.set(key, value, ttl),
      key,
    );
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const ttl = checkTtl(ttlMs);
    return this.run(
      async (redis, k) => (await redis.set(k, value, 'PX', ttl, 'NX')) === 'OK',
      () => this.fallback.setIfAbsent(key, value, ttl),
      key,
    );
  }

  async delete(key: string): Promise<void> {
    return this.run(
      async (redis, k) => {
        await redis.del(k);
      },
      () => this.fallback.delete(key),
      key,
    );
  }

  async incr(key: string, ttlMs: number): Promise<number> {
    const ttl = checkTtl(ttlMs);
    return this.run(
      async (redis, k) => Number(await redis.eval(INCR_WITH_TTL, 1, k, String(ttl))),
      () => this.fallback.incr(key, ttl),
      key,
    );
  }

  private async run<T>(
    remote: (redis: RedisConnection['client'], prefixedKey: string) => Promise<T>,
    local: () => Promise<T>,
    key: string,
  ): Promise<T> {
    if (!this.connection.isUp()) return local();
    try {
      return await remote(this.connection.client, this.connection.key(key));
    } catch {
      // The connection reports the loss (once); this call is answered from the process instead.
      return local();
    }
  }
}
