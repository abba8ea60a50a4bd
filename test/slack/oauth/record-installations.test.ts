import type { Installation } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { type InstallationRecords, RecordInstallationStore } from '../../../src/slack/oauth/record-installations';

/** A shared store that can be taken away, the way a replica loses Redis. */
class Records implements InstallationRecords {
  readonly map = new Map<string, string>();
  down = false;
  private check(): void {
    if (this.down) throw new Error('store unreachable');
  }
  async get(key: string) {
    this.check();
    return this.map.get(key);
  }
  async set(key: string, value: string) {
    this.check();
    this.map.set(key, value);
  }
  async delete(key: string) {
    this.check();
    this.map.delete(key);
  }
}

const install = (team: string, token: string): Installation => ({
  team: { id: team },
  enterprise: undefined,
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { token, scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
  isEnterpriseInstall: false,
  authVersion: 'v2',
});
const team = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false as const });

describe('RecordInstallationStore', () => {
  it('shares installations between replicas through the records, under a namespaced key', async () => {
    const records = new Records();
    await new RecordInstallationStore(records).storeInstallation(install('T1', 'xoxb-1'));
    expect([...records.map.keys()]).toEqual(['installation:team:T1']);
    const other = new RecordInstallationStore(records);
    expect((await other.fetchInstallation(team('T1'))).bot?.token).toBe('xoxb-1');
  });

  it('keeps answering a workspace it has served while the records are away, and no other', async () => {
    const records = new Records();
    const replica = new RecordInstallationStore(records);
    await new RecordInstallationStore(records).storeInstallation(install('T1', 'xoxb-1'));
    await new RecordInstallationStore(records).storeInstallation(install('T2', 'xoxb-2'));
    await replica.fetchInstallation(team('T1'));
    records.down = true;
    expect((await replica.fetchInstallation(team('T1'))).bot?.token).toBe('xoxb-1');
    await expect(replica.fetchInstallation(team('T2'))).rejects.toThrow('store unreachable');
  });

  it('forgets a workspace uninstalled through another replica', async () => {
    const records = new Records();
    const a = new RecordInstallationStore(records);
    const b = new RecordInstallationStore(records);
    await a.storeInstallation(install('T1', 'xoxb-1'));
    await b.fetchInstallation(team('T1'));
    await a.deleteInstallation(team('T1'));
    await expect(b.fetchInstallation(team('T1'))).rejects.toThrow(/no installation/);
  });
});
