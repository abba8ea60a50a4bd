/**
 * Server-side home for button state that is too large for Slack's 2000-character `value`
 * (e.g. `id:` with 100 session ids plus a token history). This one is per process; behind several replicas the Redis
 * store (src/redis/paging-store.ts) takes its place, so a click that lands on another replica finds its state.
 *
 * Bounded so that nobody can flood it:
 * - by bytes, not entries: one large state costs as much as many small ones;
 * - per owner (the Slack user whose reply made the state): past their quota a user's own oldest states go first, so
 *   one user cannot evict everyone else's buttons;
 * - in time: expired entries are purged on a timer rather than left until someone reads them.
 * States are kept deflated: they are JSON with repeated field names and ids, and a string holding any CJK text
 * costs two bytes a character on the heap. The deflated bytes sit in a one-byte string, which costs a third less
 * than a Buffer of the same bytes with its object and backing store.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { DEFAULT_TTL_MS } from './codec';

export interface StateStore {
  /**
   * `owner` is whose quota the entry counts against; states of no one share one quota. A shared store may finish
   * the write after returning: the button that names the key reaches anyone only once the reply is posted.
   */
  put(key: string, payload: string, expiresAt: number, owner?: string): void;
  get(key: string, now: number): string | undefined | Promise<string | undefined>;
}

interface Entry {
  /** The deflated bytes as a one-byte (latin1) string: no Buffer object or backing store of its own to pay for. */
  data: string;
  /** On the codec's clock, which tests inject; it decides expiry. */
  expiresAt: number;
  owner: string;
  /** What the entry is charged: its bytes plus the bookkeeping around them. */
  size: number;
}

interface Quota {
  bytes: number;
  /** The owner's keys, oldest first (a Set keeps insertion order). */
  keys: Set<string>;
}

export interface MemoryStateStoreOptions {
  /** Every entry together. Default 8 MB: about 12,000 states of 100 ids each. */
  maxBytes?: number;
  /** One owner's entries together. Default 256 KB: about a hundred of the largest states a command can make. */
  maxBytesPerOwner?: number;
  /** No entry outlives this (real time) even if nobody asks for it again. Default: the codec's TTL. */
  ceilingMs?: number;
  /** How often expired entries are dropped. Default 60 s. */
  purgeEveryMs?: number;
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_BYTES_PER_OWNER = 256 * 1024;
const DEFAULT_PURGE_EVERY_MS = 60_000;
/**
 * The key, the entry object, the string's header, the owner's set and the cache's own slots: measured at about
 * 300 bytes an entry (20,000 churn states, heap after a full GC), so that the byte bound is the memory it costs.
 */
const ENTRY_OVERHEAD_BYTES = 320;
const NOBODY = '';

export class MemoryStateStore implements StateStore {
  private readonly entries: LRUCache<string, Entry>;
  private readonly quotas = new Map<string, Quota>();
  private readonly maxBytesPerOwner: number;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.maxBytesPerOwner = options.maxBytesPerOwner ?? DEFAULT_MAX_BYTES_PER_OWNER;
    this.entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes ?? DEFAULT_MAX_BYTES,
      maxEntrySize: this.maxBytesPerOwner,
      sizeCalculation: (entry) => entry.size,
      ttl: options.ceilingMs ?? DEFAULT_TTL_MS,
      // Every way out (evicted, expired, deleted) goes through here, so the quotas stay true.
      dispose: (entry, key) => this.release(entry, key),
    });
    const purge = setInterval(() => this.entries.purgeStale(), options.purgeEveryMs ?? DEFAULT_PURGE_EVERY_MS);
    // A store must never keep a process (or a test run) alive.
    purge.unref();
  }

  put(key: string, payload: string, expiresAt: number, owner: string = NOBODY): void {
    const data = deflateRawSync(payload).toString('latin1');
    const size = data.length + ENTRY_OVERHEAD_BYTES;
    if (size > this.maxBytesPerOwner) return;
    const quota = this.quotas.get(owner) ?? { bytes: 0, keys: new Set<string>() };
    this.quotas.set(owner, quota);
    for (const oldest of quota.keys) {
      if (quota.bytes + size <= this.maxBytesPerOwner) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { data, expiresAt, owner, size });
    quota.keys.add(key);
    quota.bytes += size;
  }

  get(key: string, now: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return inflateRawSync(Buffer.from(entry.data, 'latin1')).toString('utf8');
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes charged for every entry together. */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  private release(entry: Entry, key: string): void {
    const quota = this.quotas.get(entry.owner);
    if (!quota?.keys.delete(key)) return;
    quota.bytes -= entry.size;
    if (quota.keys.size === 0) this.quotas.delete(entry.owner);
  }
}
