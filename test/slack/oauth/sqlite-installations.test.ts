import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation } from '@slack/bolt';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { INSTALLATIONS_FILE, SqliteInstallationStore } from '../../../src/slack/oauth/sqlite-installations';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mirrors-installs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(team: string, token: string, enterprise?: string): Installation {
  return {
    team: { id: team },
    enterprise: enterprise ? { id: enterprise } : undefined,
    user: { id: 'U1', token: undefined, scopes: undefined },
    bot: { token, scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

function org(enterprise: string, token: string): Installation {
  return {
    team: undefined,
    enterprise: { id: enterprise },
    user: { id: 'U1', token: undefined, scopes: undefined },
    bot: { token, scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
    isEnterpriseInstall: true,
    authVersion: 'v2',
  };
}

const team = (teamId: string, enterpriseId?: string) => ({ teamId, enterpriseId, isEnterpriseInstall: false as const });
const grid = (enterpriseId: string) => ({ teamId: undefined, enterpriseId, isEnterpriseInstall: true as const });

describe('SqliteInstallationStore', () => {
  it('keeps installations across a restart, in MIRRORS_DATA_DIR', async () => {
    const dir = tempDir();
    const first = SqliteInstallationStore.open(dir);
    await first.storeInstallation(workspace('T1', 'xoxb-1'));
    first.close();
    const second = SqliteInstallationStore.open(dir);
    expect((await second.fetchInstallation(team('T1'))).bot?.token).toBe('xoxb-1');
    second.close();
  });

  it('replaces a reinstall rather than keeping two', async () => {
    const store = SqliteInstallationStore.open(':memory:');
    await store.storeInstallation(workspace('T1', 'xoxb-old'));
    await store.storeInstallation(workspace('T1', 'xoxb-new'));
    expect(await store.count()).toBe(1);
    expect((await store.fetchInstallation(team('T1'))).bot?.token).toBe('xoxb-new');
    store.close();
  });

  it('finds an org-wide install by its enterprise, and a workspace of a Grid org by its team', async () => {
    const store = SqliteInstallationStore.open(':memory:');
    await store.storeInstallation(org('E1', 'xoxb-org'));
    await store.storeInstallation(workspace('T2', 'xoxb-ws', 'E2'));
    expect((await store.fetchInstallation(grid('E1'))).bot?.token).toBe('xoxb-org');
    expect((await store.fetchInstallation(team('T2', 'E2'))).bot?.token).toBe('xoxb-ws');
    // An org-wide install does not answer as if it were a workspace install, nor the other way round.
    await expect(store.fetchInstallation(grid('E2'))).rejects.toThrow(/no installation/);
    store.close();
  });

  it('deletes exactly what it is asked to', async () => {
    const store = SqliteInstallationStore.open(':memory:');
    await store.storeInstallation(workspace('T1', 'xoxb-1'));
    await store.storeInstallation(workspace('T2', 'xoxb-2'));
    await store.storeInstallation(org('E1', 'xoxb-org'));
    await store.deleteInstallation(team('T1'));
    await store.deleteInstallation(grid('E1'));
    expect(await store.count()).toBe(1);
    await expect(store.fetchInstallation(team('T1'))).rejects.toThrow();
    expect((await store.fetchInstallation(team('T2'))).bot?.token).toBe('xoxb-2');
    store.close();
  });

  it('refuses a database written by a newer version instead of misreading it', () => {
    const dir = tempDir();
    SqliteInstallationStore.open(dir).close();
    const db = new Database(join(dir, INSTALLATIONS_FILE));
    db.prepare('UPDATE schema_version SET version = 99').run();
    db.close();
    expect(() => SqliteInstallationStore.open(dir)).toThrow(/installation database is at schema version 99/);
  });
});
