import { LRUCache } from 'lru-cache';

/**
 * Remembers which signed requests were already seen, for as long as their signature could still verify.
 * `firstSeen` is async so a shared store (Redis `SET key 1 NX PX ttl`) can take the in-memory one's place once
 * several replicas answer the same Slack app.
 */
export interface ReplayGuard {
  /** True the first time `key` is seen within `ttlMs`; false for every later sighting inside that time. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

/** Enough for about 150 signed requests a second over the 10-minute window a signature can be valid in. */
const DEFAULT_MAX_ENTRIES = 100_000;
const DEFAULT_PURGE_EVERY_MS = 60_000;

export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen: LRUCache<string, true>;

  constructor(options: { maxEntries?: number; purgeEveryMs?: number } = {}) {
    // Bounded by count as well as time: when full, the oldest key goes first, and that is the one nearest to
    // expiring anyway.
    this.seen = new LRUCache<string, true>({ max: options.maxEntries ?? DEFAULT_MAX_ENTRIES, ttl: 10 * 60_000 });
    // lru-cache drops an expired key only when it is asked for again, which a signature never is: without a purge
    // every request of the last 100,000 stayed in memory (about 15 MB at the ceiling), not those of the last minutes.
    setInterval(() => this.seen.purgeStale(), options.purgeEveryMs ?? DEFAULT_PURGE_EVERY_MS).unref();
  }

  /** Keys held now. */
  get size(): number {
    return this.seen.size;
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    if (this.seen.has(key)) return false;
    this.seen.set(key, true, { ttl: Math.max(1, Math.ceil(ttlMs)) });
    return true;
  }
}
