import { LRUCache } from 'lru-cache';
import type { ReplayGuard } from './guard/replay';

/** Slack redelivers an event it thinks we missed within minutes; ten of them covers its retries with room to spare. */
const REMEMBER_MS = 10 * 60_000;
/** A ceiling on memory only: at this many mentions in ten minutes, the oldest is forgotten early. */
const MAX_REMEMBERED = 100_000;

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

function firstTimeWithin(now: () => Date): (key: string) => boolean {
  const seen = new LRUCache<string, true>({
    max: MAX_REMEMBERED,
    ttl: REMEMBER_MS,
    perf: { now: () => now().getTime() },
    // Ask the clock on every check instead of caching it for a millisecond, so an injected clock is obeyed at once.
    ttlResolution: 0,
  });
  return (key) => {
    if (seen.has(key)) return false;
    seen.set(key, true);
    return true;
  };
}
