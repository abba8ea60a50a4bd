/**
 * Who polls a query. With one replica this is always "us"; with Redis (later) a lock that expires if its holder
 * dies makes exactly one replica poll each query.
 */
import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from './clock';

export interface PollLock {
  /** A token if the lock on `key` was free (or expired) and is now ours for `ttlMs`; null if someone holds it. */
  acquire(key: string, ttlMs: number): Promise<string | null>;
  /** Gives the lock back, if `token` still holds it. */
  release(key: string, token: string): Promise<void>;
  /**
   * Prolongs the lock while a long poll runs, if `token` still holds it (a lock shared by replicas: a poll slower
   * than the TTL must not let another replica start the same poll beside it).
   */
  extend?(key: string, token: string, ttlMs: number): Promise<boolean>;
}

/** The lock within one process. */
export class LocalPollLock implements PollLock {
  private readonly held = new Map<string, { token: string; until: number }>();

  constructor(private readonly clock: Clock = systemClock) {}

  async acquire(key: string, ttlMs: number): Promise<string | null> {
    const now = this.clock.now();
    const current = this.held.get(key);
    if (current && current.until > now) return null;
    const token = randomBytes(8).toString('hex');
    this.held.set(key, { token, until: now + ttlMs });
    return token;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.held.get(key)?.token === token) this.held.delete(key);
  }
}
