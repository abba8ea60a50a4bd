/**
 * Usergroup membership for the access policy, from Slack's usergroups.users.list, cached per usergroup with a short
 * TTL: a burst of requests (Home for a whole team, `all` across regions) costs one Slack call per group, and a
 * person removed from a group loses access within the TTL. Concurrent lookups of one group share one call
 * (lru-cache's fetch coalesces them). A failed call is not cached and rejects, which the policy treats as "not a
 * member": a Slack outage can only refuse, never allow. Slack itself is injected, so this file imports no Slack.
 */
import { LRUCache } from 'lru-cache';
import type { UsergroupsOf } from './decide';

/** usergroups.users.list for one usergroup id: the user ids in it. */
export type ListUsergroupMembers = (usergroup: string) => Promise<readonly string[]>;

export interface UsergroupCacheOptions {
  /** Default 60 s: short enough that removal from a group takes effect soon, long enough to absorb bursts. */
  ttlMs?: number;
  /** Usergroups kept. Default 500. */
  max?: number;
  /** For tests: lru-cache's clock. */
  now?: () => number;
}

export const USERGROUP_TTL_MS = 60_000;

export function cachedUsergroups(list: ListUsergroupMembers, options: UsergroupCacheOptions = {}): UsergroupsOf {
  const cache = new LRUCache<string, ReadonlySet<string>>({
    max: options.max ?? 500,
    ttl: options.ttlMs ?? USERGROUP_TTL_MS,
    // ttlResolution 0: lru-cache otherwise memoises the clock for 1 ms, which hides an injected clock's jumps.
    ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    fetchMethod: async (usergroup) => new Set(await list(usergroup)),
  });
  return async (user, candidates) => {
    const members = await Promise.all(candidates.map(async (group) => ({ group, members: await cache.fetch(group) })));
    return new Set(members.filter((m) => m.members?.has(user) === true).map((m) => m.group));
  };
}
