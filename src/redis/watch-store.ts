/**
 * Watches in Redis, shared by every replica. Each watch is one hash: `data` holds the whole record as JSON (so a
 * field added to Watch later is stored without a change here), and `paused` / `failureAnnounced` sit beside it so
 * two replicas updating them cannot overwrite each other's record. Sorted sets index every watch, a channel's
 * watches and a query's watches by creation time. A query's last-seen state is one JSON value.
 *
 * Unlike caches, these keys carry no TTL: a watch lives until someone removes it. While Redis is away every call
 * fails with WatchStoreUnavailable (there is no in-process copy to fall back to that other replicas would agree
 * with): commands say the watch store is unavailable, and polls wait (see poll-lock.ts).
 */
import type { WatchedSession } from '../watch/diff';
import { type WatchStore, WatchStoreUnavailable } from '../watch/store';
import { type QueryState, queryKey, type Watch } from '../watch/types';
import type { RedisConnection } from './connection';
import { digest } from './poll-lock';
import { redisScript } from './script';

// KEYS: record, all, by-channel, by-query. ARGV: id, score, data, paused, failureAnnounced.
const ADD = redisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[3], 'paused', ARGV[4], 'failureAnnounced', ARGV[5])
for i = 2, 4 do redis.call('ZADD', KEYS[i], ARGV[2], ARGV[1]) end
return 1`);

// KEYS: record, all, by-channel, by-query, query state. ARGV: id.
const REMOVE = redisScript(`
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
for i = 2, 4 do redis.call('ZREM', KEYS[i], ARGV[1]) end
if redis.call('ZCARD', KEYS[4]) == 0 then redis.call('DEL', KEYS[5]) end
return 1`);

// Updates one field of a watch that still exists (never recreates a removed one). KEYS: record. ARGV: field, value.
const UPDATE = redisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 0`);

interface StoredWatch extends Omit<Watch, 'createdAt' | 'paused'> {
  createdAt: number;
}

function encodePaused(paused: Watch['paused']): string {
  return paused ? JSON.stringify({ reason: paused.reason, at: paused.at.getTime() }) : '';
}

function decodePaused(text: string | undefined): Watch['paused'] {
  if (!text) return undefined;
  const parsed = JSON.parse(text) as { reason: string; at: number };
  return { reason: parsed.reason, at: new Date(parsed.at) };
}

function decodeWatch(fields: Record<string, string>): Watch | undefined {
  if (fields.data === undefined) return undefined;
  const stored = JSON.parse(fields.data) as StoredWatch;
  return {
    ...stored,
    createdAt: new Date(stored.createdAt),
    paused: decodePaused(fields.paused),
    failureAnnounced: fields.failureAnnounced === '1',
  };
}

/** QueryState as JSON; fields beyond these (a later release's) are kept as they are. */
interface StoredState extends Omit<QueryState, 'snapshot' | 'lastCheck' | 'lastChange'> {
  snapshot: WatchedSession[] | null;
  lastCheck: number | null;
  lastChange: number | null;
}

export class RedisWatchStore implements WatchStore {
  constructor(private readonly connection: RedisConnection) {}

  async add(watch: Watch): Promise<void> {
    const { createdAt, paused, failureAnnounced, ...rest } = watch;
    const data = JSON.stringify({ ...rest, createdAt: createdAt.getTime(), failureAnnounced });
    const added = await this.run((client) =>
      ADD(client, this.watchKeys(watch), [
        watch.id,
        createdAt.getTime(),
        data,
        encodePaused(paused),
        failureAnnounced ? '1' : '0',
      ]),
    );
    if (Number(added) !== 1) throw new Error(`watch ${watch.id} already exists`);
  }

  async remove(id: string): Promise<boolean> {
    const watch = await this.get(id);
    if (!watch) return false;
    const removed = await this.run((client) =>
      REMOVE(client, [...this.watchKeys(watch), this.stateKey(queryKey(watch))], [id]),
    );
    return Number(removed) === 1;
  }

  async get(id: string): Promise<Watch | undefined> {
    const fields = await this.run((client) => client.hgetall(this.recordKey(id)));
    return decodeWatch(fields);
  }

  listByChannel(team: string, channel: string): Promise<Watch[]> {
    return this.listIndex(this.channelKey(team, channel));
  }

  listAll(): Promise<Watch[]> {
    return this.listIndex(this.connection.key('watches:all'));
  }

  listByQuery(key: string): Promise<Watch[]> {
    return this.listIndex(this.queryIndexKey(key));
  }

  async setPaused(id: string, paused: Watch['paused']): Promise<void> {
    await this.run((client) => UPDATE(client, [this.recordKey(id)], ['paused', encodePaused(paused)]));
  }

  async setFailureAnnounced(id: string, announced: boolean): Promise<void> {
    await this.run((client) => UPDATE(client, [this.recordKey(id)], ['failureAnnounced', announced ? '1' : '0']));
  }

  async getQueryState(key: string): Promise<QueryState | undefined> {
    const text = await this.run((client) => client.get(this.stateKey(key)));
    if (text === null) return undefined;
    const stored = JSON.parse(text) as StoredState;
    return {
      ...stored,
      // A snapshot we cannot read is no baseline: the next poll takes a new one instead of crashing.
      snapshot: Array.isArray(stored.snapshot) ? stored.snapshot : undefined,
      lastCheck: stored.lastCheck === null ? undefined : new Date(stored.lastCheck),
      lastChange: stored.lastChange === null ? undefined : new Date(stored.lastChange),
    };
  }

  async putQueryState(state: QueryState): Promise<void> {
    const stored: StoredState = {
      ...state,
      snapshot: state.snapshot ?? null,
      lastCheck: state.lastCheck?.getTime() ?? null,
      lastChange: state.lastChange?.getTime() ?? null,
    };
    await this.run((client) => client.set(this.stateKey(state.key), JSON.stringify(stored)));
  }

  /** The connection is shared with the rest of the bot, which closes it. */
  async close(): Promise<void> {}

  private async listIndex(index: string): Promise<Watch[]> {
    const ids = await this.run((client) => client.zrange(index, 0, -1));
    if (ids.length === 0) return [];
    const replies = await this.run((client) => {
      const batch = client.pipeline();
      for (const id of ids) batch.hgetall(this.recordKey(id));
      return batch.exec();
    });
    const watches: Watch[] = [];
    for (const [error, fields] of replies ?? []) {
      if (error) throw new WatchStoreUnavailable();
      // Removed between the two round trips: simply gone.
      const watch = decodeWatch(fields as Record<string, string>);
      if (watch) watches.push(watch);
    }
    return watches;
  }

  private async run<T>(command: (client: RedisConnection['client']) => Promise<T>): Promise<T> {
    if (!this.connection.isUp()) throw new WatchStoreUnavailable();
    try {
      return await command(this.connection.client);
    } catch (error) {
      if (error instanceof Error && /^ERR|^WRONGTYPE/.test(error.message)) throw error;
      throw new WatchStoreUnavailable();
    }
  }

  private watchKeys(watch: Watch): string[] {
    return [
      this.recordKey(watch.id),
      this.connection.key('watches:all'),
      this.channelKey(watch.team, watch.channel),
      this.queryIndexKey(queryKey(watch)),
    ];
  }

  private recordKey(id: string): string {
    return this.connection.key(`watch:${id}`);
  }

  private channelKey(team: string, channel: string): string {
    return this.connection.key(`watches:channel:${team}:${channel}`);
  }

  private queryIndexKey(key: string): string {
    return this.connection.key(`watches:query:${digest(key)}`);
  }

  private stateKey(key: string): string {
    return this.connection.key(`watch-state:${digest(key)}`);
  }
}
