/**
 * Installations on disk: one SQLite file under MIRRORS_DATA_DIR, for a single replica of a distributed app.
 * Keyed the way Bolt asks: a workspace install by its team id, an org-wide Enterprise Grid install by its
 * enterprise id. The row holds the installation as Bolt built it (its bot token included), nothing more.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import Database from 'better-sqlite3';
import { installationKey, isInstallation, queryKey } from './keys';

type Db = Database.Database;

interface Migration {
  version: number;
  up(db: Db): void;
}

/** The schema, one step per version. Never edit a released step: add the next one. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE installations (
          key TEXT PRIMARY KEY,
          enterprise_id TEXT,
          team_id TEXT,
          installation TEXT NOT NULL,
          installed_at INTEGER NOT NULL
        );
        CREATE INDEX installations_by_enterprise ON installations (enterprise_id);
      `);
    },
  },
];

export const INSTALLATIONS_FILE = 'installations.sqlite';

/** Same rule as the watch database: each step in its own transaction, and a newer file is refused, not misread. */
function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare<[], { version: number }>('SELECT version FROM schema_version').get();
  if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  const from = row?.version ?? 0;
  const latest = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
  if (from > latest) {
    throw new Error(
      `the installation database is at schema version ${from}, newer than this version of mirrors (${latest})`,
    );
  }
  for (const step of MIGRATIONS.filter((m) => m.version > from).sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      step.up(db);
      db.prepare('UPDATE schema_version SET version = ?').run(step.version);
    })();
  }
}

export class SqliteInstallationStore implements InstallationStore {
  private constructor(private readonly db: Db) {}

  /** `dir` is MIRRORS_DATA_DIR; `:memory:` keeps everything in the process (tests). */
  static open(dir: string): SqliteInstallationStore {
    let file = ':memory:';
    if (dir !== ':memory:') {
      mkdirSync(dir, { recursive: true });
      file = join(dir, INSTALLATIONS_FILE);
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    migrate(db);
    return new SqliteInstallationStore(db);
  }

  async storeInstallation(installation: Installation): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO installations (key, enterprise_id, team_id, installation, installed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET enterprise_id = excluded.enterprise_id, team_id = excluded.team_id,
           installation = excluded.installation, installed_at = excluded.installed_at`,
      )
      .run(
        installationKey(installation),
        installation.enterprise?.id ?? null,
        installation.team?.id ?? null,
        JSON.stringify(installation),
        Date.now(),
      );
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const row = this.db
      .prepare<[string], { installation: string }>('SELECT installation FROM installations WHERE key = ?')
      .get(queryKey(query));
    const installation: unknown = row ? JSON.parse(row.installation) : undefined;
    // Bolt reads a throw as "not installed here" and drops the request without running any listener.
    if (!isInstallation(installation)) throw new Error('no installation for this workspace');
    return installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    this.db.prepare('DELETE FROM installations WHERE key = ?').run(queryKey(query));
  }

  /** How many workspaces and orgs have the app installed (the log line at start). */
  async count(): Promise<number> {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM installations').get()?.n ?? 0;
  }

  close(): void {
    this.db.close();
  }
}
