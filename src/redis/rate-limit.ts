/**
 * The per-user token bucket on Redis, so a person's allowance is one allowance however many replicas their
 * requests land on. One script per take: read, refill, spend and write happen atomically, on Redis's own clock
 * (TIME), so two replicas with skewed clocks agree. While Redis is away each replica limits from its own memory.
 */
import { MemoryRateLimiter, type RateLimiter, type Take, type UserRate } from '../limits/rate-limit';
import type { RedisConnection } from './connection';
import { redisScript } from './script';

// Returns -1 when a token was spent, else the milliseconds until one is free.
const TAKE = redisScript(`
local burst = tonumber(ARGV[1])
local msPerToken = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / msPerToken)
local spent = tokens >= 1
if spent then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if spent then return -1 end
return math.max(1, math.ceil((1 - tokens) * msPerToken - 0.000001))`);

export class RedisRateLimiter implements RateLimiter {
  private readonly local: MemoryRateLimiter;
  private readonly msPerToken: number;
  /** A bucket left alone this long is full again: forgetting it changes nothing. */
  private readonly idleMs: number;

  constructor(
    private readonly connection: RedisConnection,
    private readonly rate: UserRate,
  ) {
    this.local = new MemoryRateLimiter(rate);
    this.msPerToken = rate.perMs / rate.requests;
    this.idleMs = Math.max(1, Math.ceil(rate.burst * this.msPerToken));
  }

  async take(key: string): Promise<Take> {
    if (!this.connection.isUp()) return this.local.take(key);
    try {
      const wait = Number(
        await TAKE(
          this.connection.client,
          [this.connection.key(`rate:${key}`)],
          [this.rate.burst, this.msPerToken, this.idleMs],
        ),
      );
      return wait < 0 ? { ok: true } : { ok: false, retryAfterMs: wait };
    } catch {
      return this.local.take(key);
    }
  }
}
