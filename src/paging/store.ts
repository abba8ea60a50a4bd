/**
 * Server-side home for button state that is too large for Slack's 2000-character `value`
 * (e.g. `id:` with 100 session ids plus a token history). Entries expire and the store is bounded, so a flood of
 * clicks cannot grow memory without limit. It is per process: behind several replicas, a click that lands on
 * another replica finds nothing and gets the "expired" reply, which is safe.
 */
import { LRUCache } from 'lru-cache';
import { DEFAULT_TTL_MS } from './codec';

export interface StateStore {
  put(key: string, payload: string, expiresAt: number): void;
  get(key: string, now: number): string | undefined;
}

interface Entry {
  payload: string;
  /** On the codec's clock, which tests inject; it decides expiry. */
  expiresAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

export class MemoryStateStore implements StateStore {
  private readonly entries: LRUCache<string, Entry>;

  /**
   * `maxEntries` bounds the count, least recently used first out. lru-cache's own `ttl` (real time) is only a
   * ceiling: no entry outlives the longest-lived button even if nobody asks for it again. A bound in bytes is a
   * `maxSize` plus `sizeCalculation: (entry) => Buffer.byteLength(entry.payload)` here.
   */
  constructor(maxEntries = DEFAULT_MAX_ENTRIES, ceilingMs = DEFAULT_TTL_MS) {
    this.entries = new LRUCache<string, Entry>({ max: maxEntries, ttl: ceilingMs });
  }

  put(key: string, payload: string, expiresAt: number): void {
    this.entries.set(key, { payload, expiresAt });
  }

  get(key: string, now: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  get size(): number {
    return this.entries.size;
  }
}
