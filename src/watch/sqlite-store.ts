/**
 * Watches on disk: one SQLite file under MIRRORS_DATA_DIR, so they survive a restart of a single replica.
 * better-sqlite3 is synchronous; each call is a few microseconds, so the async interface simply wraps it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { WatchedSession } from './diff';
import type { WatchStore } from './store';
import { type QueryState, queryKey, type Watch } from './types';

type Db = Database.Database;

export interface Migration {
  version: number;
  up(db: Db): void;
}

/** The schema, one step per version. Never edit a released step: add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE watches (
          id TEXT PRIMARY KEY,
          team TEXT NOT NULL,
          channel TEXT NOT NULL,
          creator TEXT NOT NULL,
          account TEXT,
          region TEXT NOT NULL,
          query TEXT NOT NULL,
          query_key TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          paused_reason TEXT,
          paused_at INTEGER,
          failure_announced INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX watches_by_channel ON watches (team, channel);
        CREATE INDEX watches_by_query ON watches (query_key);
        CREATE TABLE query_state (
          query_key TEXT PRIMARY KEY,
          snapshot TEXT,
          last_check INTEGER,
          last_change INTEGER,
          failures INTEGER NOT NULL DEFAULT 0
        );
      `);
    },
  },
];

export const DATABASE_FILE = 'watches.sqlite';

function currentVersion(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare<[], { version: number }>('SELECT version FROM schema_version').get();
  if (row) return row.version;
  db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  return 0;
}

/**
 * Brings the database up to the newest migration, each step in its own transaction so a failed step leaves the
 * previous version intact. A database newer than the code is refused rather than misread.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const from = currentVersion(db);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (from > latest) {
    throw new Error(`the watch database is at schema version ${from}, newer than this version of mirrors (${latest})`);
  }
  const pending = migrations.filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  for (const step of pending) {
    db.transaction(() => {
      step.up(db);
      db.prepare('UPDATE schema_version SET version = ?').run(step.version);
    })();
  }
  return Math.max(from, latest);
}

export function schemaVersion(db: Db): number {
  return currentVersion(db);
}

interface WatchRow {
  id: string;
  team: string;
  channel: string;
  creator: string;
  account: string | null;
  region: string;
  query: string;
  created_at: number;
  paused_reason: string | null;
  paused_at: number | null;
  failure_announced: number;
}

interface StateRow {
  query_key: string;
  snapshot: string | null;
  last_check: number | null;
  last_change: number | null;
  failures: number;
}

function toWatch(row: WatchRow): Watch {
  return {
    id: row.id,
    team: row.team,
    channel: row.channel,
    creator: row.creator,
    account: row.account ?? undefined,
    region: row.region,
    query: row.query,
    createdAt: new Date(row.created_at),
    paused: row.paused_reason === null ? undefined : { reason: row.paused_reason, at: new Date(row.paused_at ?? 0) },
    failureAnnounced: row.failure_announced !== 0,
  };
}

function isSnapshot(value: unknown): value is WatchedSession[] {
  return (
    Array.isArray(value) &&
    value.every(
      (s: unknown) =>
        typeof s === 'object' &&
        s !== null &&
        'id' in s &&
        typeof s.id === 'string' &&
        'sources' in s &&
        Array.isArray(s.sources),
    )
  );
}

function toState(row: StateRow): QueryState {
  let snapshot: WatchedSession[] | undefined;
  if (row.snapshot !== null) {
    const parsed: unknown = JSON.parse(row.snapshot);
    // A snapshot we cannot read is treated as no baseline: the next poll takes a new one instead of crashing.
    snapshot = isSnapshot(parsed) ? parsed : undefined;
  }
  return {
    key: row.query_key,
    snapshot,
    lastCheck: row.last_check === null ? undefined : new Date(row.last_check),
    lastChange: row.last_change === null ? undefined : new Date(row.last_change),
    failures: row.failures,
  };
}

const ORDER = 'ORDER BY created_at, id';

export class SqliteWatchStore implements WatchStore {
  private constructor(private readonly db: Db) {}

  /** Opens (creating if needed) `watches.sqlite` in `dataDir`, or an in-memory database for ':memory:'. */
  static open(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): SqliteWatchStore {
    let file = ':memory:';
    if (dataDir !== ':memory:') {
      mkdirSync(dataDir, { recursive: true });
      file = join(dataDir, DATABASE_FILE);
    }
    const db = new Database(file);
    try {
      // WAL lets a reader (a /mirrors watches) run while a poll writes.
      db.pragma('journal_mode = WAL');
      migrate(db, migrations);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteWatchStore(db);
  }

  async add(watch: Watch): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO watches (id, team, channel, creator, account, region, query, query_key, created_at,
           paused_reason, paused_at, failure_announced)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        watch.id,
        watch.team,
        watch.channel,
        watch.creator,
        watch.account ?? null,
        watch.region,
        watch.query,
        queryKey(watch),
        watch.createdAt.getTime(),
        watch.paused?.reason ?? null,
        watch.paused?.at.getTime() ?? null,
        watch.failureAnnounced ? 1 : 0,
      );
  }

  async remove(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db
        .prepare<[string], { query_key: string }>('SELECT query_key FROM watches WHERE id = ?')
        .get(id);
      if (!row) return false;
      this.db.prepare('DELETE FROM watches WHERE id = ?').run(id);
      this.db
        .prepare(
          'DELETE FROM query_state WHERE query_key = ? AND NOT EXISTS (SELECT 1 FROM watches WHERE query_key = ?)',
        )
        .run(row.query_key, row.query_key);
      return true;
    })();
  }

  async get(id: string): Promise<Watch | undefined> {
    const row = this.db.prepare<[string], WatchRow>('SELECT * FROM watches WHERE id = ?').get(id);
    return row && toWatch(row);
  }

  async listByChannel(team: string, channel: string): Promise<Watch[]> {
    return this.db
      .prepare<[string, string], WatchRow>(`SELECT * FROM watches WHERE team = ? AND channel = ? ${ORDER}`)
      .all(team, channel)
      .map(toWatch);
  }

  async listAll(): Promise<Watch[]> {
    return this.db.prepare<[], WatchRow>(`SELECT * FROM watches ${ORDER}`).all().map(toWatch);
  }

  async listByQuery(key: string): Promise<Watch[]> {
    return this.db
      .prepare<[string], WatchRow>(`SELECT * FROM watches WHERE query_key = ? ${ORDER}`)
      .all(key)
      .map(toWatch);
  }

  async setPaused(id: string, paused: Watch['paused']): Promise<void> {
    this.db
      .prepare('UPDATE watches SET paused_reason = ?, paused_at = ? WHERE id = ?')
      .run(paused?.reason ?? null, paused?.at.getTime() ?? null, id);
  }

  async setFailureAnnounced(id: string, announced: boolean): Promise<void> {
    this.db.prepare('UPDATE watches SET failure_announced = ? WHERE id = ?').run(announced ? 1 : 0, id);
  }

  async getQueryState(key: string): Promise<QueryState | undefined> {
    const row = this.db.prepare<[string], StateRow>('SELECT * FROM query_state WHERE query_key = ?').get(key);
    return row && toState(row);
  }

  async putQueryState(state: QueryState): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO query_state (query_key, snapshot, last_check, last_change, failures) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (query_key) DO UPDATE SET snapshot = excluded.snapshot, last_check = excluded.last_check,
           last_change = excluded.last_change, failures = excluded.failures`,
      )
      .run(
        state.key,
        state.snapshot === undefined ? null : JSON.stringify(state.snapshot),
        state.lastCheck?.getTime() ?? null,
        state.lastChange?.getTime() ?? null,
        state.failures,
      );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** MIRRORS_DATA_DIR, or `./data`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.MIRRORS_DATA_DIR?.trim();
  return dir ? dir : './data';
}
