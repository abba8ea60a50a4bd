import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChannelKind, decide, type UsergroupsOf } from '../../src/access';
import type { AccessRule } from '../../src/accounts';

const RULES: AccessRule[] = [
  {
    name: 'incident-responders',
    channels: ['C0INCIDENT', 'dm', 'home'],
    users: ['U0ONCALL'],
    usergroups: ['S0NETOPS'],
    accounts: ['prod'],
    regions: ['cn-hongkong'],
  },
  { name: 'finance-team', users: ['W0FINANCE'], accounts: ['finance'] },
  { name: 'network-channel', channels: ['C0NETWORK'], accounts: ['prod'] },
  { name: 'one-dm', channels: ['D0ALICE'], users: ['U0ALICE'] },
];

const GROUPS: Record<string, string[]> = { S0NETOPS: ['U0NETOP'] };

function lookup(calls: string[][] = []): UsergroupsOf {
  return async (user, candidates) => {
    calls.push([...candidates]);
    return new Set(candidates.filter((g) => GROUPS[g]?.includes(user)));
  };
}

type Row = {
  who: string;
  channel: string | undefined;
  kind: ChannelKind;
  account: string;
  region: string;
  rule?: string;
  near?: string[];
};

describe('decide: the DESIGN example policy', () => {
  const rows: Row[] = [
    {
      who: 'U0ONCALL',
      channel: 'C0INCIDENT',
      kind: 'channel',
      account: 'prod',
      region: 'cn-hongkong',
      rule: 'incident-responders',
    },
    {
      who: 'U0ONCALL',
      channel: 'D0ONCALL',
      kind: 'dm',
      account: 'prod',
      region: 'cn-hongkong',
      rule: 'incident-responders',
    },
    {
      who: 'U0ONCALL',
      channel: undefined,
      kind: 'home',
      account: 'prod',
      region: 'cn-hongkong',
      rule: 'incident-responders',
    },
    {
      who: 'U0NETOP',
      channel: 'C0INCIDENT',
      kind: 'channel',
      account: 'prod',
      region: 'cn-hongkong',
      rule: 'incident-responders',
    },
    {
      who: 'U0STRANGER',
      channel: 'C0NETWORK',
      kind: 'channel',
      account: 'prod',
      region: 'cn-shanghai',
      rule: 'network-channel',
    },
    {
      who: 'W0FINANCE',
      channel: 'C0ANY',
      kind: 'channel',
      account: 'finance',
      region: 'cn-hongkong',
      rule: 'finance-team',
    },
    {
      who: 'W0FINANCE',
      channel: undefined,
      kind: 'home',
      account: 'finance',
      region: 'cn-hongkong',
      rule: 'finance-team',
    },
    { who: 'U0ALICE', channel: 'D0ALICE', kind: 'dm', account: 'finance', region: 'cn-hongkong', rule: 'one-dm' },
    // Refusals: wrong place, wrong region, wrong account, wrong person.
    {
      who: 'U0ONCALL',
      channel: 'C0RANDOM',
      kind: 'channel',
      account: 'prod',
      region: 'cn-hongkong',
      near: ['incident-responders', 'network-channel', 'one-dm'],
    },
    {
      who: 'U0ONCALL',
      channel: 'C0INCIDENT',
      kind: 'channel',
      account: 'prod',
      region: 'cn-shanghai',
      near: ['network-channel', 'one-dm'],
    },
    {
      who: 'U0ONCALL',
      channel: 'C0INCIDENT',
      kind: 'channel',
      account: 'finance',
      region: 'cn-hongkong',
      near: ['finance-team', 'one-dm'],
    },
    {
      who: 'U0STRANGER',
      channel: 'C0INCIDENT',
      kind: 'channel',
      account: 'prod',
      region: 'cn-hongkong',
      near: ['incident-responders', 'network-channel', 'one-dm'],
    },
    // App Home is not a channel: a channel-bound rule does not reach it.
    {
      who: 'U0STRANGER',
      channel: undefined,
      kind: 'home',
      account: 'prod',
      region: 'cn-hongkong',
      near: ['incident-responders', 'network-channel', 'one-dm'],
    },
    // `dm` means DMs with the app, not any channel; a listed D id is only that DM.
    {
      who: 'U0ALICE',
      channel: 'D0OTHER',
      kind: 'dm',
      account: 'finance',
      region: 'cn-hongkong',
      near: ['finance-team', 'one-dm'],
    },
    {
      who: 'U0ONCALL',
      channel: 'C0DMLIKE',
      kind: 'channel',
      account: 'prod',
      region: 'cn-hongkong',
      near: ['incident-responders', 'network-channel', 'one-dm'],
    },
  ];

  it.each(rows)('$who in $kind $channel asking $account/$region', async (row) => {
    const decision = await decide(RULES, {
      user: row.who,
      channel: row.channel,
      channelKind: row.kind,
      account: row.account,
      region: row.region,
      usergroupsOf: lookup(),
    });
    if (row.rule !== undefined) {
      expect(decision).toEqual({ allowed: true, rule: RULES.find((r) => r.name === row.rule) });
    } else {
      expect(decision).toEqual({
        allowed: false,
        reason: { account: row.account, region: row.region, nearRules: row.near, usergroupsUnavailable: false },
      });
    }
  });
});

describe('decide: open policy, usergroup lookups', () => {
  const base = { channel: 'C0INCIDENT', channelKind: 'channel' as const, account: 'prod', region: 'cn-hongkong' };

  it('allows everything when the file has no access: section', async () => {
    expect(await decide(undefined, { ...base, user: 'U0ANYONE', usergroupsOf: lookup() })).toEqual({
      allowed: true,
      rule: undefined,
    });
  });

  it('does not ask Slack when a rule already admits the user by id, and asks once with every candidate group otherwise', async () => {
    const calls: string[][] = [];
    await decide(RULES, { ...base, user: 'U0ONCALL', usergroupsOf: lookup(calls) });
    expect(calls).toEqual([]);
    await decide(RULES, { ...base, user: 'U0NETOP', usergroupsOf: lookup(calls) });
    expect(calls).toEqual([['S0NETOPS']]);
  });

  it('never asks Slack about groups of rules that do not cover the account, region or channel', async () => {
    const calls: string[][] = [];
    await decide(RULES, { ...base, region: 'cn-shanghai', user: 'U0NETOP', usergroupsOf: lookup(calls) });
    await decide(RULES, { ...base, channel: 'C0RANDOM', user: 'U0NETOP', usergroupsOf: lookup(calls) });
    expect(calls).toEqual([]);
  });

  it('refuses (and says so) when the usergroup lookup fails: an outage never allows', async () => {
    const failing: UsergroupsOf = async () => {
      throw new Error('ratelimited');
    };
    expect(await decide(RULES, { ...base, user: 'U0NETOP', usergroupsOf: failing })).toEqual({
      allowed: false,
      reason: {
        account: 'prod',
        region: 'cn-hongkong',
        nearRules: ['incident-responders', 'network-channel', 'one-dm'],
        usergroupsUnavailable: true,
      },
    });
    // A rule that needs no lookup still works during the outage.
    expect((await decide(RULES, { ...base, user: 'U0ONCALL', usergroupsOf: failing })).allowed).toBe(true);
  });
});

// ---- property: decide never allows a request that no rule matches -------------------------------------------------

const USERS = ['U0A', 'U0B', 'W0C'];
const CHANNELS = ['C0A', 'C0B', 'G0C', 'D0D'];
const GROUP_IDS = ['S0A', 'S0B'];
const ACCOUNTS = ['prod', 'finance'];
const REGIONS = ['cn-hongkong', 'cn-shanghai'];

const someOf = <T>(values: readonly T[]) =>
  fc.option(fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length }), { nil: undefined });

const ruleArb: fc.Arbitrary<AccessRule> = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 8 }),
    channels: someOf([...CHANNELS, 'dm', 'home']),
    users: someOf(USERS),
    usergroups: someOf(GROUP_IDS),
    accounts: someOf(ACCOUNTS),
    regions: someOf(REGIONS),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as AccessRule);

const requestArb = fc.record({
  user: fc.constantFrom(...USERS),
  kind: fc.constantFrom<ChannelKind>('channel', 'dm', 'home'),
  channel: fc.constantFrom(...CHANNELS),
  account: fc.constantFrom(...ACCOUNTS),
  region: fc.constantFrom(...REGIONS),
  membership: fc.dictionary(fc.constantFrom(...GROUP_IDS), fc.uniqueArray(fc.constantFrom(...USERS))),
  lookupFails: fc.boolean(),
});

/** The rule of DESIGN, written out independently of src/access. */
function oracle(
  rule: AccessRule,
  r: { user: string; kind: ChannelKind; channel: string | undefined; account: string; region: string },
  groups: ReadonlySet<string>,
): boolean {
  const channelOk =
    rule.channels === undefined ||
    (r.kind === 'home'
      ? rule.channels.includes('home')
      : (r.kind === 'dm' && rule.channels.includes('dm')) ||
        (r.channel !== undefined && rule.channels.includes(r.channel)));
  const userOk =
    (rule.users === undefined && rule.usergroups === undefined) ||
    (rule.users?.includes(r.user) ?? false) ||
    (rule.usergroups?.some((g) => groups.has(g)) ?? false);
  const accountOk = rule.accounts === undefined || rule.accounts.includes(r.account);
  const regionOk = rule.regions === undefined || rule.regions.includes(r.region);
  return channelOk && userOk && accountOk && regionOk;
}

describe('decide: property', () => {
  it('allows exactly when some rule matches every field, and the rule it names is one that does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ruleArb, { minLength: 1, maxLength: 6 }), requestArb, async (rules, req) => {
        const channel = req.kind === 'home' ? undefined : req.kind === 'dm' ? 'D0D' : req.channel;
        const groups = new Set(
          req.lookupFails
            ? []
            : Object.entries(req.membership)
                .filter(([, us]) => us.includes(req.user))
                .map(([g]) => g),
        );
        const usergroupsOf: UsergroupsOf = async (_user, candidates) => {
          if (req.lookupFails) throw new Error('slack down');
          return new Set(candidates.filter((g) => groups.has(g)));
        };
        const request = { user: req.user, kind: req.kind, channel, account: req.account, region: req.region };
        const decision = await decide(rules, { ...request, channelKind: req.kind, usergroupsOf });
        const anyMatch = rules.some((rule) => oracle(rule, request, groups));
        expect(decision.allowed).toBe(anyMatch);
        if (decision.allowed) {
          expect(decision.rule && rules.includes(decision.rule)).toBe(true);
          expect(decision.rule && oracle(decision.rule, request, groups)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
