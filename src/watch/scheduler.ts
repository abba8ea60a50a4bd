/**
 * Polls every distinct watched query once per interval and tells each watching channel what changed.
 *
 * - Identical queries (same account, region and canonical text) share one poll, however many channels watch.
 * - Each query polls at a fixed phase within the interval (a hash of its key), so a thousand watches do not all
 *   scan in the first second of every interval, and every replica agrees on when a query is due.
 * - The first good poll of a query is its baseline: nothing is said. A poll that finds nothing is silent.
 * - A failing query backs off exponentially; its channels hear about it once after several failures in a row,
 *   and again when it recovers.
 * - A paused watch (its channel lost access) costs no cloud call; its access is asked again at each of its slots,
 *   and when it is allowed again the watch resumes by itself and says so once.
 */
import type { MirrorSession } from '../cloud/types';
import { type Logger, silentLogger } from '../log';
import { type Clock, systemClock } from './clock';
import { diffSessions, type SessionChange, snapshotAll, type WatchedSession } from './diff';
import { LocalPollLock, type PollLock } from './lock';
import { type WatchStore, WatchStoreUnavailable } from './store';
import { type QueryState, queryKey, type Watch } from './types';

export const DEFAULT_INTERVAL_SECONDS = 300;
const FAILURES_BEFORE_NOTICE = 3;
const DEFAULT_MAX_BACKOFF_MS = 30 * 60_000;

/**
 * MIRRORS_WATCH_INTERVAL in seconds: a whole number, at least 1; unset means 300. A problem is pushed in the words
 * the configuration loader reports, and the default is returned so every other setting is still checked.
 */
export function parseWatchInterval(text: string | undefined, problems: string[]): number {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return DEFAULT_INTERVAL_SECONDS;
  const seconds = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    problems.push(`MIRRORS_WATCH_INTERVAL must be a whole number of seconds, at least 1, got "${text}"`);
    return DEFAULT_INTERVAL_SECONDS;
  }
  return seconds;
}

/** What a channel is told. */
export type WatchEvent =
  /** `sessions`: how many match now (the audit line's count). */
  | { kind: 'changes'; changes: SessionChange[]; checkedAt: Date; sessions: number }
  /** Polls have failed `failures` times in a row; `lastCheck` is the last good poll, if any. */
  | { kind: 'failing'; failures: number; lastCheck: Date | undefined; error: unknown }
  | { kind: 'recovered'; failures: number; checkedAt: Date }
  /** Access was re-checked before a notification and refused: the watch stops until access returns. */
  | { kind: 'paused'; reason: string }
  /** A paused watch's access returned (asked at each of its slots, no cloud call): it notifies again from now. */
  | { kind: 'resumed' };

/** Fetches the full matching set (every page): in production, cloud's listAllSessions under the cloud caps. */
type ScanFn = (account: string | undefined, region: string, query: string) => Promise<readonly MirrorSession[]>;

export interface SchedulerOptions {
  store: WatchStore;
  scan: ScanFn;
  notify(watch: Watch, event: WatchEvent): Promise<void>;
  /** Checked before every notification: undefined to go ahead, or the reason the watch must pause. */
  checkAccess?(watch: Watch): Promise<string | undefined>;
  intervalMs: number;
  clock?: Clock;
  lock?: PollLock;
  logger?: Logger;
  failuresBeforeNotice?: number;
  /** Longest wait between retries of a failing query (never shorter than the interval). */
  maxBackoffMs?: number;
  /**
   * With a store shared by replicas, how often to re-read which queries are watched: a watch added or removed
   * through another replica is then polled (or dropped) here too, so any replica can take over when one dies.
   */
  resyncMs?: number;
}

/** FNV-1a: a stable, well-spread 32-bit hash, the same in every process and release. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Where in each interval a query polls, in ms from the start of an interval (counted from the epoch). */
export function pollOffset(key: string, intervalMs: number): number {
  return hash32(key) % intervalMs;
}

/** The first moment after `now` at this query's phase. */
export function nextSlot(key: string, intervalMs: number, now: number): number {
  const offset = pollOffset(key, intervalMs);
  const periods = Math.floor((now - offset) / intervalMs) + 1;
  return offset + periods * intervalMs;
}

/** Wait after the n-th failure in a row: the interval, doubling, capped. */
export function backoffMs(failures: number, intervalMs: number, maxBackoffMs: number): number {
  const cap = Math.max(intervalMs, maxBackoffMs);
  return Math.min(intervalMs * 2 ** Math.max(0, failures - 1), cap);
}

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  return { error: error.name, ...(typeof code === 'string' ? { code } : {}) };
}

export class WatchScheduler {
  private readonly store: WatchStore;
  private readonly clock: Clock;
  private readonly lock: PollLock;
  private readonly logger: Logger;
  private readonly intervalMs: number;
  private readonly failuresBeforeNotice: number;
  private readonly maxBackoffMs: number;
  private readonly timers = new Map<string, unknown>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Queries whose poll is under way: a resync must not schedule a second one beside it. */
  private readonly polling = new Set<string>();
  private resyncTimer: unknown;
  private running = false;

  constructor(private readonly options: SchedulerOptions) {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs < 1) {
      throw new Error(`watch interval must be at least 1 ms, got ${options.intervalMs}`);
    }
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.lock = options.lock ?? new LocalPollLock(this.clock);
    this.logger = options.logger ?? silentLogger;
    this.intervalMs = options.intervalMs;
    this.failuresBeforeNotice = options.failuresBeforeNotice ?? FAILURES_BEFORE_NOTICE;
    this.maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  }

  /** Schedules every stored watch's query at its phase. */
  async start(): Promise<void> {
    this.running = true;
    const resyncMs = this.options.resyncMs;
    if (resyncMs === undefined) {
      for (const watch of await this.store.listAll()) {
        const key = queryKey(watch);
        if (!this.timers.has(key)) this.scheduleAtSlot(key);
      }
      return;
    }
    // A shared store may be unreachable at start: the resync keeps trying, so start never fails on it.
    await this.resync();
    const again = (): void => {
      this.resyncTimer = this.clock.setTimer(() => {
        void this.resync().finally(() => {
          if (this.running) again();
        });
      }, resyncMs);
    };
    again();
  }

  /** Schedules queries watched since the last look and drops those nobody watches any more. */
  private async resync(): Promise<void> {
    let keys: Set<string>;
    try {
      keys = new Set((await this.store.listAll()).map(queryKey));
    } catch (error) {
      if (!(error instanceof WatchStoreUnavailable)) this.logger.error('watches could not be read', errorFields(error));
      return;
    }
    if (!this.running) return;
    for (const key of keys) if (!this.timers.has(key) && !this.polling.has(key)) this.scheduleAtSlot(key);
    for (const key of [...this.timers.keys()]) if (!keys.has(key)) this.unschedule(key);
  }

  /** Cancels every pending poll and waits for the ones under way. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.resyncTimer !== undefined) this.clock.clearTimer(this.resyncTimer);
    for (const handle of this.timers.values()) this.clock.clearTimer(handle);
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }

  /**
   * Stores a new watch. A query nobody watched yet is polled at once, so its baseline is taken now: a change in the
   * minutes before its first regular slot is then reported, not silently absorbed into the baseline.
   */
  async add(watch: Watch): Promise<void> {
    await this.store.add(watch);
    const key = queryKey(watch);
    if (this.running && !this.timers.has(key)) this.schedule(key, 0);
  }

  /** Removes a watch; the query stops being polled when its last watch goes. */
  async remove(id: string): Promise<boolean> {
    const watch = await this.store.get(id);
    if (!watch || !(await this.store.remove(id))) return false;
    const key = queryKey(watch);
    if ((await this.store.listByQuery(key)).length === 0) this.unschedule(key);
    return true;
  }

  /** Distinct queries with a poll pending. */
  get scheduledQueries(): number {
    return this.timers.size;
  }

  private unschedule(key: string): void {
    const handle = this.timers.get(key);
    if (handle !== undefined) this.clock.clearTimer(handle);
    this.timers.delete(key);
  }

  private schedule(key: string, delayMs: number): void {
    this.unschedule(key);
    if (!this.running) return;
    const handle = this.clock.setTimer(() => {
      this.timers.delete(key);
      this.polling.add(key);
      const run = this.pollAndReschedule(key);
      this.inFlight.add(run);
      void run.finally(() => {
        this.inFlight.delete(run);
        this.polling.delete(key);
      });
    }, delayMs);
    this.timers.set(key, handle);
  }

  private scheduleAtSlot(key: string): void {
    const now = this.clock.now();
    this.schedule(key, nextSlot(key, this.intervalMs, now) - now);
  }

  private async pollAndReschedule(key: string): Promise<void> {
    let retryInMs: number | undefined;
    try {
      const watches = await this.store.listByQuery(key);
      if (watches.length === 0) return; // Removed while the timer was pending: stop polling it.
      retryInMs = await this.poll(key, watches);
    } catch (error) {
      // The store itself failed (disk full, …): keep the query on its schedule rather than drop it. A shared store
      // that is away has said so once already.
      if (!(error instanceof WatchStoreUnavailable)) this.logger.error('watch poll could not run', errorFields(error));
    }
    if (!this.running || this.timers.has(key)) return;
    if (retryInMs === undefined) this.scheduleAtSlot(key);
    else this.schedule(key, retryInMs);
  }

  /** One poll of one query. Returns the wait before a retry when the scan failed, undefined otherwise. */
  private async poll(key: string, watches: Watch[]): Promise<number | undefined> {
    const active = watches.filter((w) => w.paused === undefined);
    for (const watch of watches) if (watch.paused !== undefined && (await this.resume(watch))) active.push(watch);
    // Every watch of this query is paused: nobody would hear, so spend no cloud call on it.
    if (active.length === 0) return undefined;
    const first = active[0] as Watch;
    const ttlMs = Math.max(this.intervalMs, 60_000);
    const token = await this.lock.acquire(key, ttlMs);
    // Another replica is polling this query right now; its result lands in the shared state.
    if (token === null) return undefined;
    const keepalive = this.keepLock(key, token, ttlMs);
    try {
      const now = new Date(this.clock.now());
      const previous = await this.store.getQueryState(key);
      let sessions: readonly MirrorSession[];
      try {
        sessions = await this.options.scan(first.account, first.region, first.query);
      } catch (error) {
        return await this.failed(key, active, previous, error);
      }
      await this.succeeded(key, active, previous, snapshotAll(sessions), now);
      return undefined;
    } finally {
      keepalive();
      await this.lock.release(key, token);
    }
  }

  /** Extends the lock every half TTL until the returned function is called; nothing for a lock that cannot. */
  private keepLock(key: string, token: string, ttlMs: number): () => void {
    const extend = this.lock.extend?.bind(this.lock);
    if (!extend) return () => undefined;
    let handle: unknown;
    let done = false;
    const again = (): void => {
      handle = this.clock.setTimer(() => {
        void extend(key, token, ttlMs).then((held) => {
          if (held && !done) again();
        });
      }, ttlMs / 2);
    };
    again();
    return () => {
      done = true;
      this.clock.clearTimer(handle);
    };
  }

  /** True when a paused watch may notify again: it is resumed, and its channel told so. */
  private async resume(watch: Watch): Promise<boolean> {
    try {
      if ((await this.options.checkAccess?.(watch)) !== undefined) return false;
      await this.store.setPaused(watch.id, undefined);
      watch.paused = undefined;
    } catch (error) {
      this.logger.warn('watch access could not be asked again', { watch: watch.id, ...errorFields(error) });
      return false;
    }
    try {
      await this.options.notify(watch, { kind: 'resumed' });
    } catch (error) {
      // Resumed all the same: the next change message tells the channel it is back.
      this.logger.warn('watch notification failed', { watch: watch.id, event: 'resumed', ...errorFields(error) });
    }
    return true;
  }

  private async failed(
    key: string,
    watches: Watch[],
    previous: QueryState | undefined,
    error: unknown,
  ): Promise<number> {
    const failures = (previous?.failures ?? 0) + 1;
    await this.store.putQueryState({
      key,
      snapshot: previous?.snapshot,
      lastCheck: previous?.lastCheck,
      lastChange: previous?.lastChange,
      failures,
    });
    this.logger.warn('watch poll failed', { failures, ...errorFields(error) });
    if (failures >= this.failuresBeforeNotice) {
      const event: WatchEvent = { kind: 'failing', failures, lastCheck: previous?.lastCheck, error };
      for (const watch of watches) {
        if (watch.failureAnnounced) continue;
        if ((await this.deliver(watch, event)) === 'sent') await this.store.setFailureAnnounced(watch.id, true);
      }
    }
    return backoffMs(failures, this.intervalMs, this.maxBackoffMs);
  }

  private async succeeded(
    key: string,
    watches: Watch[],
    previous: QueryState | undefined,
    snapshot: WatchedSession[],
    now: Date,
  ): Promise<void> {
    const baseline = previous?.snapshot;
    const changes = baseline === undefined ? [] : diffSessions(baseline, snapshot);
    await this.store.putQueryState({
      key,
      snapshot,
      lastCheck: now,
      lastChange: changes.length > 0 ? now : previous?.lastChange,
      failures: 0,
    });
    for (const watch of watches) {
      if (watch.failureAnnounced) {
        const recovered: WatchEvent = { kind: 'recovered', failures: previous?.failures ?? 0, checkedAt: now };
        const outcome = await this.deliver(watch, recovered);
        if (outcome === 'paused') continue;
        if (outcome === 'sent') await this.store.setFailureAnnounced(watch.id, false);
      }
      if (changes.length > 0)
        await this.deliver(watch, { kind: 'changes', changes, checkedAt: now, sessions: snapshot.length });
    }
  }

  /**
   * Tells one channel, after checking its access. A channel that lost access is paused and told so once; a
   * channel we cannot post to is logged and does not hold up the others.
   */
  private async deliver(watch: Watch, event: WatchEvent): Promise<'sent' | 'paused' | 'failed'> {
    try {
      const denied = await this.options.checkAccess?.(watch);
      if (denied !== undefined) {
        await this.store.setPaused(watch.id, { reason: denied, at: new Date(this.clock.now()) });
        await this.options.notify(watch, { kind: 'paused', reason: denied });
        return 'paused';
      }
      await this.options.notify(watch, event);
      return 'sent';
    } catch (error) {
      this.logger.warn('watch notification failed', { watch: watch.id, event: event.kind, ...errorFields(error) });
      return 'failed';
    }
  }
}
