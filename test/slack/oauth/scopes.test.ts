import { MemoryInstallationStore } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES, oauthReceiverOptions } from '../../../src/slack/oauth';

const oauth = {
  clientId: '1.2',
  clientSecret: 'c',
  stateSecret: 's',
  installationStore: new MemoryInstallationStore(),
};

describe('the scopes an OAuth install asks for', () => {
  it("are the manifest's bot scopes", () => {
    expect(oauthReceiverOptions(oauth, undefined).scopes).toEqual([...BOT_SCOPES]);
  });

  it('add what the access rules need (usergroups:read), once', () => {
    const scopes = oauthReceiverOptions({ ...oauth, extraScopes: ['usergroups:read', 'commands'] }, undefined).scopes;
    expect(scopes).toEqual([...BOT_SCOPES, 'usergroups:read']);
  });
});
