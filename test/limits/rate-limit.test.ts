import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../src/limits/rate-limit';

describe('MemoryRateLimiter: a token bucket per user', () => {
  it('lets a burst through, then one request per refill, and says how long to wait', () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ requests: 10, perMs: 60_000, burst: 5 }, () => now);
    for (let i = 0; i < 5; i++) expect(limiter.take('U1')).toEqual({ ok: true });
    expect(limiter.take('U1')).toEqual({ ok: false, retryAfterMs: 6_000 });
    now = 4_000;
    expect(limiter.take('U1')).toEqual({ ok: false, retryAfterMs: 2_000 });
    now = 6_000;
    expect(limiter.take('U1')).toEqual({ ok: true });
    expect(limiter.take('U1').ok).toBe(false);
    // Another user's allowance is their own.
    expect(limiter.take('U2')).toEqual({ ok: true });
  });

  it('fills up again after a quiet spell, but never beyond the burst', () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ requests: 2, perMs: 1_000, burst: 1 }, () => now);
    expect(limiter.take('U1').ok).toBe(true);
    expect(limiter.take('U1').ok).toBe(false);
    now = 60_000;
    expect(limiter.take('U1').ok).toBe(true);
    expect(limiter.take('U1').ok).toBe(false);
  });
});
