/**
 * "Seen before?" shared by every replica: Slack's redelivery of an event or a replayed signed request may land on
 * another replica than the first copy did. `SET key 1 NX PX ttl` is atomic, so of two replicas racing on one key
 * exactly one hears "first". While Redis is away the answer comes from this process's memory (a redelivery that
 * lands on another replica then may be answered twice: the price of degrading instead of refusing).
 */
import type { ReplayGuard } from '../slack/guard/replay';
import type { RedisConnection } from './connection';
import { MemoryKeyValue, RedisKeyValue } from './kv';

export function sharedOnce(connection: RedisConnection, namespace: string): ReplayGuard {
  // Bounded like the in-memory guards it stands in for.
  const kv = new RedisKeyValue(connection, new MemoryKeyValue(100_000));
  return {
    firstSeen: (key, ttlMs) => kv.setIfAbsent(`${namespace}:${key}`, '1', Math.max(1, ttlMs)),
  };
}
