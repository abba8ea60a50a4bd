/**
 * The paging store on Redis: a Next button minted by one replica works on every other. Bounded the way the
 * in-process store is: by bytes overall, by a per-owner quota (past it, that owner's oldest states go first), and in
 * time (every key has a TTL). The books are kept in the same script as the write, so replicas writing at once
 * cannot overrun a quota:
 *   <prefix>page:s:<key>     the deflated state, PX until it expires
 *   <prefix>page:all         every state: member "<key>:<size>:<owner>", score its expiry
 *   <prefix>page:o:<owner>   one owner's states: member "<key>:<size>", score its expiry
 *   <prefix>page:bytes       hash: "*" all bytes, "o:<owner>" one owner's
 * Writes are sent without waiting (Slack shows the button only after the reply is posted, long after the write
 * reached Redis); a write Redis refuses, or any write while Redis is away, goes to this process's own store, and a
 * read looks there first.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DEFAULT_TTL_MS, MemoryStateStore, type MemoryStateStoreOptions, type StateStore } from '../paging';
import type { RedisConnection } from './connection';
import { redisScript } from './script';

const PUT = redisScript(`
local all, owners, bytes = KEYS[2], ARGV[9], KEYS[3]
local function drop(key, size, owner)
  redis.call('DEL', ARGV[8] .. key)
  redis.call('ZREM', all, key .. ':' .. size .. ':' .. owner)
  redis.call('ZREM', owners .. owner, key .. ':' .. size)
  redis.call('HINCRBY', bytes, '*', -size)
  redis.call('HINCRBY', bytes, 'o:' .. owner, -size)
end
local function dropMember(member)
  local key, size, owner = string.match(member, '^([^:]+):(%d+):(.*)$')
  if key then drop(key, tonumber(size), owner) else redis.call('ZREM', all, member) end
end
local now, size, owner = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local maxBytes, maxPerOwner, ceiling = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[10]
for _, member in ipairs(redis.call('ZRANGEBYSCORE', all, '-inf', now)) do dropMember(member) end
local mine = owners .. owner
while (tonumber(redis.call('HGET', bytes, 'o:' .. owner)) or 0) + size > maxPerOwner do
  local oldest = redis.call('ZRANGE', mine, 0, 0)[1]
  if not oldest then redis.call('HDEL', bytes, 'o:' .. owner) break end
  local key, osize = string.match(oldest, '^([^:]+):(%d+)$')
  drop(key, tonumber(osize), owner)
end
while (tonumber(redis.call('HGET', bytes, '*')) or 0) + size > maxBytes do
  local oldest = redis.call('ZRANGE', all, 0, 0)[1]
  if not oldest then redis.call('HDEL', bytes, '*') break end
  dropMember(oldest)
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', all, ARGV[11], ARGV[12] .. ':' .. size .. ':' .. owner)
redis.call('ZADD', mine, ARGV[11], ARGV[12] .. ':' .. size)
redis.call('HINCRBY', bytes, '*', size)
redis.call('HINCRBY', bytes, 'o:' .. owner, size)
redis.call('PEXPIRE', all, ceiling)
redis.call('PEXPIRE', mine, ceiling)
redis.call('PEXPIRE', bytes, ceiling)
return 1`);

/** Slack user ids and workspace-scoped owners never hold one, but the script splits members on it. */
const SAFE_OWNER = /^[^:\s]{0,64}$/;
/** Roughly what a key, its members in two sorted sets and the hash fields cost Redis besides the bytes. */
const ENTRY_OVERHEAD_BYTES = 256;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_BYTES_PER_OWNER = 256 * 1024;

export interface RedisStateStoreOptions {
  /** Every state together, across replicas. Default 64 MB. */
  maxBytes?: number;
  /** One owner's states together, across replicas. Default 256 KB, as in the process. */
  maxBytesPerOwner?: number;
  /** No key outlives this. Default: the codec's TTL. */
  ceilingMs?: number;
  /** The in-process store used while Redis is away. */
  local?: MemoryStateStoreOptions;
  /** Real time: Redis expires keys on its own clock, whatever clock the codec was given. */
  clock?: () => number;
}

export class RedisStateStore implements StateStore {
  private readonly local: MemoryStateStore;
  private readonly maxBytes: number;
  private readonly maxBytesPerOwner: number;
  private readonly ceilingMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisStateStoreOptions = {},
  ) {
    this.local = new MemoryStateStore(options.local);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxBytesPerOwner = options.maxBytesPerOwner ?? DEFAULT_MAX_BYTES_PER_OWNER;
    this.ceilingMs = options.ceilingMs ?? DEFAULT_TTL_MS;
    this.clock = options.clock ?? Date.now;
  }

  put(key: string, payload: string, expiresAt: number, owner = ''): void {
    const now = this.clock();
    const ttlMs = Math.min(this.ceilingMs, Math.ceil(expiresAt - now));
    if (ttlMs < 1) return;
    const data = deflateRawSync(payload);
    const size = data.length + ENTRY_OVERHEAD_BYTES;
    if (size > this.maxBytesPerOwner || !this.connection.isUp() || !SAFE_OWNER.test(owner)) {
      this.local.put(key, payload, expiresAt, owner);
      return;
    }
    const c = this.connection;
    PUT(
      c.client,
      [c.key(`page:s:${key}`), c.key('page:all'), c.key('page:bytes')],
      [
        data,
        ttlMs,
        now,
        size,
        owner,
        this.maxBytes,
        this.maxBytesPerOwner,
        c.key('page:s:'),
        c.key('page:o:'),
        this.ceilingMs,
        now + ttlMs,
        key,
      ],
    ).catch(() => this.local.put(key, payload, expiresAt, owner));
  }

  async get(key: string, now: number): Promise<string | undefined> {
    const here = this.local.get(key, now);
    if (here !== undefined || !this.connection.isUp()) return here;
    try {
      const data = await this.connection.client.getBuffer(this.connection.key(`page:s:${key}`));
      return data ? inflateRawSync(data).toString('utf8') : undefined;
    } catch {
      return undefined;
    }
  }
}
