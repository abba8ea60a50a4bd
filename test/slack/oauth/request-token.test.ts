import type { Installation } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { inTeam } from '../../../src/slack/guard/team-scope';
import { tokenOfRequest } from '../../../src/slack/oauth';
import { SqliteInstallationStore } from '../../../src/slack/oauth/sqlite-installations';

const install = (fields: Partial<Installation>, token: string): Installation => ({
  team: undefined,
  enterprise: undefined,
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { token, scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
  authVersion: 'v2',
  ...fields,
});

/** Usergroup lookups and audit posts run on the app's own client: distributed, they need the request's token. */
describe('tokenOfRequest', () => {
  it("gives the token of the workspace the request came from, or of its org's install", async () => {
    const store = SqliteInstallationStore.open(':memory:');
    await store.storeInstallation(install({ team: { id: 'T1' }, isEnterpriseInstall: false }, 'xoxb-t1'));
    await store.storeInstallation(install({ enterprise: { id: 'E1' }, isEnterpriseInstall: true }, 'xoxb-e1'));
    const asRequest = tokenOfRequest(store);
    expect(await inTeam('T1', asRequest)).toEqual({ token: 'xoxb-t1' });
    // bindTeam records the enterprise when a request names no workspace.
    expect(await inTeam('E1', asRequest)).toEqual({ token: 'xoxb-e1' });
    expect(await inTeam('T0NOTINSTALLED', asRequest)).toEqual({});
    store.close();
  });

  it('adds nothing with a single bot token: the client already carries it', async () => {
    expect(await inTeam('T1', tokenOfRequest(undefined))).toEqual({});
  });
});
