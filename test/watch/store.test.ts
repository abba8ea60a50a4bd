import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { cappedBackoff } from '../../src/ops/backoff';
import { parseCommand } from '../../src/query';
import { RedisConnection } from '../../src/redis/connection';
import { RedisWatchStore } from '../../src/redis/watch-store';
import type { WatchedSession } from '../../src/watch/diff';
import {
  DATABASE_FILE,
  dataDir,
  MIGRATIONS,
  type Migration,
  migrate,
  SqliteWatchStore,
  schemaVersion,
} from '../../src/watch/sqlite-store';
import { MemoryWatchStore, type WatchStore, WatchStoreUnavailable } from '../../src/watch/store';
import { isWatchId, newWatchId, queryKey, type Watch, watchQueryText } from '../../src/watch/types';

import { type RedisServer, startRedis } from '../support/redis';
import { needs } from '../support/system-parts';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

let dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mirrors-watch-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function watch(overrides: Partial<Watch> = {}): Watch {
  return {
    id: newWatchId(),
    team: 'T1',
    channel: 'C1',
    creator: 'U1',
    account: undefined,
    region: 'cn-hongkong',
    query: 'cn-hongkong tag:env=prod',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    paused: undefined,
    failureAnnounced: false,
    ...overrides,
  };
}

const session: WatchedSession = {
  id: 'tms-a',
  name: 'tap <&>',
  enabled: true,
  status: 'Created',
  businessStatus: 'Normal',
  sources: ['eni-1'],
  target: 'eni-t',
  filter: 'tmf-1',
  priority: null,
  vni: 7,
};

/** What every store keeps to; run against each, Redis included. */
function contract(name: string, make: () => WatchStore | Promise<WatchStore>): void {
  describe(name, () => {
    let store: WatchStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    it('adds, gets and lists watches by channel, oldest first', async () => {
      const later = watch({ createdAt: new Date('2026-02-01T00:00:00Z'), account: 'prod' });
      const earlier = watch();
      const elsewhere = watch({ channel: 'C2' });
      await store.add(later);
      await store.add(earlier);
      await store.add(elsewhere);
      expect(await store.get(later.id)).toEqual(later);
      expect((await store.listByChannel('T1', 'C1')).map((w) => w.id)).toEqual([earlier.id, later.id]);
      expect((await store.listByChannel('T2', 'C1')).map((w) => w.id)).toEqual([]);
      expect(await store.listAll()).toHaveLength(3);
    });

    it('refuses a duplicate id', async () => {
      const w = watch();
      await store.add(w);
      await expect(store.add(w)).rejects.toThrow();
    });

    it('groups watches of the same account, region and query', async () => {
      const a = watch({ channel: 'C1' });
      const b = watch({ channel: 'C2' });
      const other = watch({ account: 'prod' });
      for (const w of [a, b, other]) await store.add(w);
      expect((await store.listByQuery(queryKey(a))).map((w) => w.id).sort()).toEqual([a.id, b.id].sort());
      expect((await store.listByQuery(queryKey(other))).map((w) => w.id)).toEqual([other.id]);
    });

    it('pauses with a reason and resumes; remembers an announced failure', async () => {
      const w = watch();
      await store.add(w);
      const at = new Date('2026-03-01T00:00:00Z');
      await store.setPaused(w.id, { reason: 'this channel lost access', at });
      await store.setFailureAnnounced(w.id, true);
      expect(await store.get(w.id)).toMatchObject({
        paused: { reason: 'this channel lost access', at },
        failureAnnounced: true,
      });
      await store.setPaused(w.id, undefined);
      await store.setFailureAnnounced(w.id, false);
      expect(await store.get(w.id)).toMatchObject({ paused: undefined, failureAnnounced: false });
    });

    it('keeps query state, and drops it with the last watch of that query', async () => {
      const a = watch({ channel: 'C1' });
      const b = watch({ channel: 'C2' });
      await store.add(a);
      await store.add(b);
      const key = queryKey(a);
      const state = {
        key,
        snapshot: [session],
        lastCheck: new Date('2026-01-02T00:00:00Z'),
        lastChange: undefined,
        failures: 2,
      };
      await store.putQueryState(state);
      expect(await store.getQueryState(key)).toEqual(state);
      await store.putQueryState({ ...state, failures: 0, lastChange: state.lastCheck });
      expect(await store.getQueryState(key)).toMatchObject({ failures: 0, lastChange: state.lastCheck });

      expect(await store.remove(a.id)).toBe(true);
      expect(await store.getQueryState(key)).toBeDefined();
      expect(await store.remove(b.id)).toBe(true);
      expect(await store.getQueryState(key)).toBeUndefined();
      expect(await store.remove(b.id)).toBe(false);
      expect(await store.get(b.id)).toBeUndefined();
    });

    it('hands out copies: changing a returned watch does not change the store', async () => {
      const w = watch();
      await store.add(w);
      const got = await store.get(w.id);
      if (got) got.channel = 'C9';
      expect((await store.get(w.id))?.channel).toBe('C1');
    });
  });
}

contract('MemoryWatchStore', () => new MemoryWatchStore());
contract('SqliteWatchStore', () => SqliteWatchStore.open(tempDir()));

needs('redis-server')('RedisWatchStore', () => {
  let redis: RedisServer;
  const connections: RedisConnection[] = [];
  let n = 0;

  /** A connection with its own prefix, so each test starts from an empty key space. */
  async function connect(): Promise<RedisConnection> {
    n += 1;
    const connection = new RedisConnection(redis.url, {
      logger: createLogger('error', () => undefined),
      prefix: `watch-test-${n}:`,
      backoff: cappedBackoff(50, 300),
    });
    connections.push(connection);
    connection.start();
    await until(() => connection.isUp());
    return connection;
  }

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of connections) await c.stop();
    await redis?.stop();
  });

  contract('on a real Redis', async () => new RedisWatchStore(await connect()));

  it('keeps fields it does not know, so a newer Watch round-trips unchanged', async () => {
    const store = new RedisWatchStore(await connect());
    const w = { ...watch(), note: 'added by a later release' } as Watch;
    await store.add(w);
    expect(await store.get(w.id)).toEqual(w);
  });

  it('survives a reconnect: a second connection sees the watches and state', async () => {
    const first = await connect();
    const w = watch();
    await new RedisWatchStore(first).add(w);
    await new RedisWatchStore(first).putQueryState({
      key: queryKey(w),
      snapshot: [session],
      lastCheck: new Date('2026-01-02T00:00:00Z'),
      lastChange: undefined,
      failures: 0,
    });
    const second = new RedisConnection(redis.url, {
      logger: createLogger('error', () => undefined),
      prefix: first.prefix,
    });
    connections.push(second);
    second.start();
    await until(() => second.isUp());
    const other = new RedisWatchStore(second);
    expect(await other.listAll()).toEqual([w]);
    expect((await other.getQueryState(queryKey(w)))?.snapshot).toEqual([session]);
  });

  it('says it is unavailable, without crashing, while Redis is away', async () => {
    const connection = await connect();
    const store = new RedisWatchStore(connection);
    const w = watch();
    await store.add(w);
    await redis.kill();
    try {
      await until(() => !connection.isUp());
      await expect(store.listAll()).rejects.toBeInstanceOf(WatchStoreUnavailable);
      await expect(store.add(watch())).rejects.toBeInstanceOf(WatchStoreUnavailable);
    } finally {
      await redis.restart();
    }
    await until(() => connection.isUp());
    // Nothing was saved: the restarted Redis is empty, and the store says so rather than failing.
    expect(await store.listAll()).toEqual([]);
  });
});

describe('SqliteWatchStore on disk', () => {
  it('keeps watches and state across a restart', async () => {
    const dir = tempDir();
    const w = watch({ account: 'prod' });
    const first = SqliteWatchStore.open(dir);
    await first.add(w);
    await first.putQueryState({
      key: queryKey(w),
      snapshot: [session],
      lastCheck: undefined,
      lastChange: undefined,
      failures: 0,
    });
    await first.close();

    const second = SqliteWatchStore.open(dir);
    expect(await second.get(w.id)).toEqual(w);
    expect((await second.getQueryState(queryKey(w)))?.snapshot).toEqual([session]);
    await second.close();
  });

  it('treats an unreadable snapshot as no baseline', async () => {
    const dir = tempDir();
    const store = SqliteWatchStore.open(dir);
    await store.close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.prepare('INSERT INTO query_state (query_key, snapshot, failures) VALUES (?, ?, 0)').run('k', '{"not":"a list"}');
    db.close();
    const reopened = SqliteWatchStore.open(dir);
    expect((await reopened.getQueryState('k'))?.snapshot).toBeUndefined();
    await reopened.close();
  });
});

describe('migrations', () => {
  const v2: Migration = {
    version: 2,
    up(db) {
      db.exec("ALTER TABLE watches ADD COLUMN note TEXT NOT NULL DEFAULT 'none'");
    },
  };

  it('a new database is created at the latest version', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(1);
    expect(schemaVersion(db)).toBe(1);
    db.close();
  });

  it('runs only the pending steps, keeping the data', async () => {
    const dir = tempDir();
    const w = watch();
    const v1 = SqliteWatchStore.open(dir);
    await v1.add(w);
    await v1.close();

    const upgraded = SqliteWatchStore.open(dir, [...MIGRATIONS, v2]);
    expect(await upgraded.get(w.id)).toEqual(w);
    await upgraded.close();

    const db = new Database(join(dir, DATABASE_FILE));
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT note FROM watches WHERE id = ?').get(w.id)).toEqual({ note: 'none' });
    // Running it again changes nothing (a step that ran twice would fail: the column exists).
    expect(migrate(db, [...MIGRATIONS, v2])).toBe(2);
    db.close();
  });

  it('a failing step leaves the previous version intact', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken: Migration = {
      version: 2,
      up(d) {
        d.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database newer than the code', async () => {
    const dir = tempDir();
    await SqliteWatchStore.open(dir, [...MIGRATIONS, v2]).close();
    expect(() => SqliteWatchStore.open(dir)).toThrow(/schema version 2, newer than this version of mirrors \(1\)/);
  });
});

describe('watch ids, keys and data dir', () => {
  it('ids are w- and eight unambiguous characters, and differ', () => {
    const ids = new Set(Array.from({ length: 200 }, newWatchId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(isWatchId(id)).toBe(true);
    expect(isWatchId('w-abc')).toBe(false);
    expect(isWatchId('w-abcdefg1')).toBe(false);
  });

  it('the same query written differently, or with another page size, is one key', () => {
    const parse = (text: string) => {
      const outcome = parseCommand(text);
      if (outcome.kind !== 'query') throw new Error(text);
      return watchQueryText(outcome.query);
    };
    expect(parse('cn-hongkong enabled:yes tag:env=prod limit:5')).toBe(parse('TAG:env=prod cn-hongkong enabled:true'));
    const a = queryKey({ account: undefined, region: 'cn-hongkong', query: parse('cn-hongkong tag:a') });
    const b = queryKey({ account: 'prod', region: 'cn-hongkong', query: parse('cn-hongkong tag:a') });
    expect(a).not.toBe(b);
  });

  it('MIRRORS_DATA_DIR defaults to ./data', () => {
    expect(dataDir({})).toBe('./data');
    expect(dataDir({ MIRRORS_DATA_DIR: ' /var/lib/mirrors ' })).toBe('/var/lib/mirrors');
  });
});
