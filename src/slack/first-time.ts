import { LRUCache } from 'lru-cache';
import { countBounded } from '../limits/count-bounded';
import type { ReplayGuard } from './guard/replay';

/** Slack redelivers an event it thinks we missed within minutes; ten of them covers its retries with room to spare. */
const REMEMBER_MS = 10 * 60_000;
/** A ceiling on memory only: at this many mentions in ten minutes, the oldest is forgotten early. */
const MAX_REMEMBERED = 100_000;
/** How often keys whose time is over are dropped; lru-cache otherwise keeps them until it is full. */
const PURGE_EVERY_MS = 60_000;

/**
 * A check that says yes to a key the first time it is seen within REMEMBER_MS, then no. Bounded by time rather
 * than by count, so a burst of other mentions cannot push out a key that Slack is about to send again.
 */
/**
 * The same check over a guard every replica shares, when there is one: Slack's redelivery may land on another
 * replica than the first copy did.
 */
export function firstTimeShared(shared: ReplayGuard | undefined, now: () => Date): (key: string) => Promise<boolean> {
  if (shared) return (key) => shared.firstSeen(key, REMEMBER_MS);
  const local = firstTimeWithin(now);
  return async (key) => local(key);
}

/** The in-memory check alone; `held()` counts the keys it holds now. */
export function firstTimeWithin(
  now: () => Date,
  purgeEveryMs = PURGE_EVERY_MS,
): ((key: string) => boolean) & { held: () => number } {
  const seen = new LRUCache<string, true>({
    ...countBounded(MAX_REMEMBERED, REMEMBER_MS),
    perf: { now: () => now().getTime() },
    // Ask the clock on every check instead of caching it for a millisecond, so an injected clock is obeyed at once.
    ttlResolution: 0,
  });
  // A mention's key is never asked for again once Slack has stopped retrying it, so without this every mention of
  // the last 100,000 stayed in memory rather than those of the last ten minutes.
  setInterval(() => seen.purgeStale(), purgeEveryMs).unref();
  const check = (key: string) => {
    if (seen.has(key)) return false;
    seen.set(key, true);
    return true;
  };
  return Object.assign(check, { held: () => seen.size });
}
