/**
 * Per-user rate limits: one member in a hurry must not spend the account's API quota for everyone. The interface
 * is all the listeners see, so the store shared by replicas (src/redis/rate-limit.ts) can replace the in-memory one.
 */
import { LRUCache } from 'lru-cache';
import { countBounded } from './count-bounded';

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Spends one request of `key`'s allowance, or says how long until one is free. */
  take(key: string): Take | Promise<Take>;
}

/** `requests` per `perMs` on average, at most `burst` at once. MIRRORS_USER_RATE sets the first two. */
export interface UserRate {
  requests: number;
  perMs: number;
  burst: number;
}

/** MIRRORS_USER_RATE's default, "10/60": ten requests a minute per person, five of them at once. */
export const DEFAULT_USER_RATE: Readonly<UserRate> = Object.freeze({ requests: 10, perMs: 60_000, burst: 5 });

/** Half the allowance at once, so a burst of clicks works but a script is slowed to the average at once. */
export function burstOf(requests: number): number {
  return Math.max(1, Math.ceil(requests / 2));
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Users remembered at most; a forgotten user starts with a full bucket, which only ever errs on their side. */
const MAX_KEYS = 100_000;

/** A token bucket per key, in this process's memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly msPerToken: number;

  constructor(
    private readonly rate: UserRate,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.msPerToken = rate.perMs / rate.requests;
    // A bucket left alone this long is full again: forgetting it changes nothing.
    this.buckets = new LRUCache<string, Bucket>({
      ...countBounded(MAX_KEYS, Math.ceil(rate.burst * this.msPerToken)),
      perf: { now: () => this.now() },
      ttlResolution: 0,
    });
  }

  take(key: string): Take {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.rate.burst, at: now };
    const tokens = Math.min(this.rate.burst, bucket.tokens + (now - bucket.at) / this.msPerToken);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens, at: now });
    // The epsilon keeps floating-point dust (2000.0000000002) from adding a millisecond.
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - tokens) * this.msPerToken - 1e-6)) };
  }
}
