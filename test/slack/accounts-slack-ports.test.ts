/**
 * What the access rules and the audit ask of Slack itself: usergroup membership through usergroups.users.list
 * (cached), and the short audit line in audit.channel.
 */
import { describe, expect, it } from 'vitest';
import { watchApi } from '../helpers/signed-views';
import { ACCOUNTS, accountsWorld, command, INTERN, vpc } from './accounts-world';
import { captureResponse, textOf } from './harness';

const world = accountsWorld({
  ...ACCOUNTS,
  rules: [{ name: 'netops', usergroups: ['S0NETOPS'], accounts: ['finance'] }],
  audit: { channel: 'C0AUDIT' },
});

describe('usergroups and the audit channel', () => {
  it('admits a member of a rule usergroup, asking Slack once for several requests, and posts each audit line', async () => {
    vpc(world);
    const members = watchApi('usergroups.users.list', () => ({ ok: true, users: [INTERN, 'U0OTHER'] }), 5);
    const posted = watchApi('chat.postMessage', () => ({ ok: true, channel: 'C0AUDIT', ts: '1.1' }), 5);
    for (let i = 0; i < 2; i++) {
      const { path, ack } = command(world, 'account:finance cn-hongkong', INTERN);
      const reply = captureResponse(path);
      await ack;
      expect(textOf(await reply)).toContain('finance-tap');
    }
    expect(members.calls).toHaveLength(1);
    expect(members.calls[0]?.usergroup).toBe('S0NETOPS');
    const line = await posted.nth(2);
    expect(line.channel).toBe('C0AUDIT');
    expect(String(line.text)).toContain(`<@${INTERN}>`);
    expect(String(line.text)).toContain('finance / cn-hongkong');
    expect(String(line.text)).not.toContain('hooks.slack.com');
  });

  it('refuses someone outside the usergroup, and refuses when Slack cannot say who is in it', async () => {
    vpc(world);
    watchApi('chat.postMessage', () => ({ ok: true }), 5);
    watchApi('usergroups.users.list', () => ({ ok: false, error: 'missing_scope' }));
    const { ack } = command(world, 'account:finance cn-hongkong', INTERN);
    const text = textOf(JSON.parse((await ack).body));
    expect(text).toContain('`finance` / `cn-hongkong`');
    expect(text).toContain('user groups');
    expect(world.vpcCalls).toEqual([]);
  });
});
