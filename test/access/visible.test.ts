import { describe, expect, it } from 'vitest';
import {
  cachedUsergroups,
  requiredScopes,
  scopesOf,
  USERGROUP_TTL_MS,
  type UsergroupsOf,
  visibleScopes,
} from '../../src/access';
import type { AccessRule, Account } from '../../src/accounts';

const ACCOUNTS: Account[] = [
  { name: 'prod', regions: ['cn-hongkong', 'cn-shanghai'], default: true },
  { name: 'finance', roleArn: 'acs:ram::6543210987654321:role/mirrors-read', regions: ['cn-hongkong'], default: false },
];

const RULES: AccessRule[] = [
  { name: 'responders', usergroups: ['S0NETOPS'], accounts: ['prod'], regions: ['cn-hongkong'] },
  { name: 'everyone-shanghai', accounts: ['prod'], regions: ['cn-shanghai'], channels: ['home', 'C0NET'] },
];

describe('visibleScopes: Home and all', () => {
  it('lists every (account, region) pair of the accounts, in order', () => {
    expect(scopesOf(ACCOUNTS)).toEqual([
      { account: 'prod', region: 'cn-hongkong' },
      { account: 'prod', region: 'cn-shanghai' },
      { account: 'finance', region: 'cn-hongkong' },
    ]);
  });

  it('keeps what the viewer may see and names what it skipped, with one usergroup lookup for all of them', async () => {
    const calls: string[] = [];
    const usergroupsOf: UsergroupsOf = async (user, candidates) => {
      calls.push(`${user}:${candidates.join(',')}`);
      return new Set(user === 'U0NETOP' ? ['S0NETOPS'] : []);
    };
    const viewer = { user: 'U0NETOP', channel: undefined, channelKind: 'home' as const, usergroupsOf };
    const seen = await visibleScopes(RULES, viewer, scopesOf(ACCOUNTS));
    expect(seen.allowed).toEqual([
      { account: 'prod', region: 'cn-hongkong' },
      { account: 'prod', region: 'cn-shanghai' },
    ]);
    expect(seen.skipped).toEqual([
      {
        account: 'finance',
        region: 'cn-hongkong',
        reason: { account: 'finance', region: 'cn-hongkong', nearRules: [], usergroupsUnavailable: false },
      },
    ]);
    expect(calls).toEqual(['U0NETOP:S0NETOPS']);
  });

  it('for `all` in a channel no rule names: only the regions a channel-free rule allows', async () => {
    const usergroupsOf: UsergroupsOf = async () => new Set();
    const viewer = { user: 'U0OTHER', channel: 'C0RANDOM', channelKind: 'channel' as const, usergroupsOf };
    const prod = ACCOUNTS.filter((a) => a.name === 'prod');
    const seen = await visibleScopes(RULES, viewer, scopesOf(prod));
    expect(seen.allowed).toEqual([]);
    expect(seen.skipped.map((s) => [s.region, s.reason.nearRules])).toEqual([
      ['cn-hongkong', ['responders']],
      ['cn-shanghai', ['everyone-shanghai']],
    ]);
  });

  it('sees everything without an access: section', async () => {
    const viewer = {
      user: 'U0X',
      channel: 'C0X',
      channelKind: 'channel' as const,
      usergroupsOf: async () => new Set<string>(),
    };
    expect((await visibleScopes(undefined, viewer, scopesOf(ACCOUNTS))).allowed).toHaveLength(3);
  });
});

describe('cachedUsergroups: usergroups.users.list with a short TTL', () => {
  function fakeSlack(members: Record<string, string[]>) {
    const calls: string[] = [];
    let fail = false;
    const list = async (group: string): Promise<string[]> => {
      calls.push(group);
      await new Promise((resolve) => setImmediate(resolve));
      if (fail) throw new Error('ratelimited');
      return members[group] ?? [];
    };
    return { calls, list, failNext: (value: boolean) => (fail = value) };
  }

  it('answers which candidate groups hold the user, calling Slack once per group within the TTL', async () => {
    const slack = fakeSlack({ S0A: ['U0ONE', 'U0TWO'], S0B: ['U0TWO'] });
    let now = 1_000;
    const lookup = cachedUsergroups(slack.list, { now: () => now });
    expect(await lookup('U0TWO', ['S0A', 'S0B'])).toEqual(new Set(['S0A', 'S0B']));
    expect(await lookup('U0ONE', ['S0A', 'S0B'])).toEqual(new Set(['S0A']));
    expect(slack.calls).toEqual(['S0A', 'S0B']);
    now += USERGROUP_TTL_MS + 1;
    expect(await lookup('U0ONE', ['S0B'])).toEqual(new Set());
    expect(slack.calls).toEqual(['S0A', 'S0B', 'S0B']);
  });

  it('shares one Slack call among concurrent lookups of a group', async () => {
    const slack = fakeSlack({ S0A: ['U0ONE'] });
    const lookup = cachedUsergroups(slack.list);
    const answers = await Promise.all(Array.from({ length: 20 }, () => lookup('U0ONE', ['S0A'])));
    expect(answers.every((a) => a.has('S0A'))).toBe(true);
    expect(slack.calls).toEqual(['S0A']);
  });

  it('does not cache a failure: it rejects, and the next lookup asks Slack again', async () => {
    const slack = fakeSlack({ S0A: ['U0ONE'] });
    const lookup = cachedUsergroups(slack.list);
    slack.failNext(true);
    await expect(lookup('U0ONE', ['S0A'])).rejects.toThrow('ratelimited');
    slack.failNext(false);
    expect(await lookup('U0ONE', ['S0A'])).toEqual(new Set(['S0A']));
    expect(slack.calls).toEqual(['S0A', 'S0A']);
  });
});

describe('requiredScopes', () => {
  it('adds usergroups:read only when some rule names usergroups', () => {
    expect(requiredScopes({ rules: undefined })).toEqual([]);
    expect(requiredScopes({ rules: [{ name: 'a', users: ['U0A'] }] })).toEqual([]);
    expect(
      requiredScopes({
        rules: [
          { name: 'a', users: ['U0A'] },
          { name: 'b', usergroups: ['S0B'] },
        ],
      }),
    ).toEqual(['usergroups:read']);
  });
});
