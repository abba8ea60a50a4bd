/**
 * Watches with several accounts, over signed requests: each watch polls with its own account's STS role, identical
 * queries share a poll only within an account, the rules are asked when a watch is made and before it notifies
 * (pausing it, then resuming it by itself), and every notification is audited. Two accounts behind the real STS
 * stand-in on loopback; the VPC API intercepted per AccessKeyId, with data a test can change between polls.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Accounts } from '../../src/accounts/model';
import { type StsStandIn, startStsStandIn } from '../../src/sandbox/sts';
import { validateMessage } from '../../src/views/validate';
import { WatchActionId } from '../../src/views/watch-action-ids';
import { MemoryWatchStore } from '../../src/watch/store';
import { FAKE_KEY_ID, FAKE_SECRET, pageBody, rawSession } from '../cloud/helpers';
import { watchApi } from '../helpers/signed-views';
import { ACCOUNTS, FINANCE_ROLE, INTERN, ONCALL, PROD_ROLE } from './accounts-world';
import {
  type Bot,
  buttonsOf,
  captureResponse,
  HK,
  HOOKS,
  SLACK_API,
  type SlackMessageBody,
  startBot,
  textOf,
} from './harness';

let sts: StsStandIn;
let bots: Bot[];
let posted: Array<{ channel: string; text: string; blocks: unknown[] }>;
/** Each account's one session in cn-hongkong, as the VPC API answers with that account's role keys. */
let enabled: Record<'prod' | 'finance', boolean>;
let vpcCalls: Array<{ account: string; action: string }>;

beforeAll(async () => {
  sts = await startStsStandIn({
    keys: [{ accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET }],
    roles: [{ arn: PROD_ROLE }, { arn: FINANCE_ROLE }],
  });
});
afterAll(async () => {
  await sts.close();
});

function accountOfKey(keyId: string | null): 'prod' | 'finance' | undefined {
  for (const [arn, key] of sts.roleKeys)
    if (key.accessKeyId === keyId) return arn === PROD_ROLE ? 'prod' : arn === FINANCE_ROLE ? 'finance' : undefined;
  return undefined;
}

beforeEach(() => {
  bots = [];
  posted = [];
  vpcCalls = [];
  enabled = { prod: true, finance: true };
  nock(HK)
    .persist()
    .get('/')
    .query(true)
    .reply((uri) => {
      const params = new URL(uri, HK).searchParams;
      const account = accountOfKey(params.get('AccessKeyId'));
      vpcCalls.push({ account: account ?? 'base', action: params.get('Action') ?? '' });
      // The base keys see nothing: an answer read with them would be a bug, and would show as an empty list.
      const sessions = account
        ? [rawSession({ TrafficMirrorSessionName: `${account}-tap`, Enabled: enabled[account] })]
        : [];
      return [200, JSON.stringify(pageBody(sessions)), { 'content-type': 'application/json' }];
    });
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const fields =
        typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, unknown>);
      const blocks = typeof fields.blocks === 'string' ? JSON.parse(fields.blocks) : (fields.blocks ?? []);
      posted.push({ channel: String(fields.channel), text: String(fields.text), blocks });
      return { ok: true, channel: fields.channel, ts: `1732600000.${String(posted.length).padStart(6, '0')}` };
    });
});

afterEach(async () => {
  for (const b of bots) await b.stop();
});

async function bot(store: MemoryWatchStore, accounts: Accounts = ACCOUNTS): Promise<Bot> {
  const started = await startBot({
    accounts,
    stsEndpoint: sts.url,
    regions: ['cn-hongkong'],
    watches: { store, intervalSeconds: 1 },
  });
  bots.push(started);
  return started;
}

let hooks = 0;
async function watchCommand(b: Bot, text: string, user = ONCALL, channel = 'C0INCIDENT'): Promise<SlackMessageBody> {
  hooks += 1;
  const answer = await b.commandAs({
    text,
    user_id: user,
    channel_id: channel,
    response_url: `${HOOKS}/commands/T0MIRRORS/watch${hooks}/cmd`,
  });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as SlackMessageBody;
}

const polls = (account: string): number =>
  vpcCalls.filter((c) => c.account === account && c.action === 'ListTrafficMirrorSessions').length;

async function morePolls(account: string, n: number): Promise<void> {
  const target = polls(account) + n;
  await vi.waitFor(() => expect(polls(account)).toBeGreaterThanOrEqual(target), { timeout: 10_000, interval: 50 });
}

describe('watches per account', () => {
  it("polls with the watch's own account as mirrors-watch, and shares a query only within an account", async () => {
    const b = await bot(new MemoryWatchStore());
    const finance = await watchCommand(b, 'watch account:finance cn-hongkong');
    expect(finance.response_type).toBe('in_channel');
    expect(textOf(finance)).toMatch(/in account `finance`/);
    expect(validateMessage(finance.blocks as never, 'message')).toEqual([]);
    // The same query for the default account is another watch, not "already watched".
    const prod = await watchCommand(b, 'watch cn-hongkong');
    expect(prod.response_type).toBe('in_channel');
    expect(textOf(prod)).toMatch(/in account `prod`/);
    // Another channel watching finance's query shares its poll.
    expect((await watchCommand(b, 'watch account:finance cn-hongkong', ONCALL, 'C0OTHER')).response_type).toBe(
      'in_channel',
    );
    expect(textOf(await watchCommand(b, 'watch account:finance cn-hongkong'))).toMatch(/already watches/);

    await morePolls('finance', 3);
    await morePolls('prod', 1);
    // One poll per account and interval: two channels on finance's query cost no more than one on prod's.
    expect(Math.abs(polls('finance') - polls('prod'))).toBeLessThanOrEqual(1);
    expect(polls('base')).toBe(0);
    // No person asked at poll time: ActionTrail sees the watch poller, not whoever made a watch.
    const watchSessions = sts.calls.filter((c) => c.status === 200).map((c) => c.roleSessionName);
    expect(watchSessions.length).toBeGreaterThan(0);
    expect(new Set(watchSessions)).toEqual(new Set(['mirrors-watch']));
    expect(new Set(sts.calls.map((c) => c.roleArn))).toEqual(new Set([PROD_ROLE, FINANCE_ROLE]));

    enabled.finance = false;
    await vi.waitFor(() => expect(posted).toHaveLength(2), { timeout: 10_000, interval: 50 });
    expect(posted.map((p) => p.channel).sort()).toEqual(['C0INCIDENT', 'C0OTHER']);
    for (const p of posted) {
      expect(textOf(p)).toMatch(/finance-tap/);
      expect(textOf(p)).toMatch(/disabled/);
      expect(textOf(p)).toMatch(/`finance`/);
    }
    // The prod watch saw nothing change.
    await morePolls('prod', 1);
    expect(posted).toHaveLength(2);

    // Each notification is audited as its creator's request in its channel, naming the account.
    const notified = b.audit.filter((a) => a.surface === 'watch' && a.count !== null);
    expect(notified).toHaveLength(2);
    for (const line of notified) {
      expect(line).toMatchObject({ user: ONCALL, account: 'finance', region: 'cn-hongkong', outcome: 'ok', count: 1 });
    }
    expect(b.audit.filter((a) => a.surface === 'watch' && a.outcome === 'ok' && a.count === null)).toHaveLength(3);

    // "List sessions" on the change lists finance's sessions, not the default account's.
    const listValue = buttonsOf(posted[0] ?? {}).get(WatchActionId.ListQuery) ?? '';
    const listed = captureResponse('/actions/list-finance');
    await b.click({
      actionId: WatchActionId.ListQuery,
      value: listValue,
      responseUrl: `${HOOKS}/actions/list-finance`,
    });
    const list = await listed;
    expect(textOf(list)).toMatch(/finance-tap/);
    expect(textOf(list)).not.toMatch(/prod-tap/);
  });

  it('offers "Watch this query" under a list of a named account, and the watch keeps that account', async () => {
    const b = await bot(new MemoryWatchStore());
    const listed = captureResponse('/commands/finance-list');
    await b.commandAs({
      text: 'account:finance cn-hongkong',
      user_id: ONCALL,
      channel_id: 'C0INCIDENT',
      response_url: `${HOOKS}/commands/finance-list`,
    });
    const list = await listed;
    expect(textOf(list)).toMatch(/finance-tap/);
    const value = buttonsOf(list).get(WatchActionId.WatchQuery) ?? '';
    expect(value).not.toBe('');
    const announced = captureResponse('/actions/watch-finance');
    await b.click({ actionId: WatchActionId.WatchQuery, value, responseUrl: `${HOOKS}/actions/watch-finance` });
    expect(textOf(await announced)).toMatch(/in account `finance`/);
    const before = polls('finance');
    await morePolls('finance', 1);
    expect(polls('finance')).toBeGreaterThan(before);
    expect(textOf(await watchCommand(b, 'watch account:finance cn-hongkong'))).toMatch(/already watches/);
  });

  it('shows "Your watches" on Home of a bot with several accounts, each naming its account', async () => {
    const b = await bot(new MemoryWatchStore());
    const id = /w-[a-z2-9]{8}/.exec(textOf(await watchCommand(b, 'watch account:finance cn-hongkong')))?.[0] ?? '';
    const published = watchApi('views.publish', () => ({ ok: true }), 2);
    await b.event({ type: 'app_home_opened', user: ONCALL, channel: 'D0HOME', tab: 'home' });
    const view = (await published.nth(2)).view as { blocks: unknown[] };
    const text = textOf(view);
    expect(text).toContain('Your watches');
    expect(text).toContain(id);
    expect(text).toMatch(/in account `finance`/);
    expect(text).toContain('Account prod');
    expect(validateMessage(view.blocks as never, 'home')).toEqual([]);
  });

  it('asks the rules for the creator in the channel when a watch is made, and audits the refusal', async () => {
    const b = await bot(new MemoryWatchStore());
    const stsBefore = sts.calls.length;
    // The intern may ask prod anywhere, and finance's Hong Kong only from #finance.
    const refused = await watchCommand(b, 'watch account:finance cn-hongkong', INTERN, 'C0INCIDENT');
    expect(refused.response_type).toBe('ephemeral');
    expect(textOf(refused)).toMatch(/no access rule lets you watch finance \/ cn-hongkong in this channel/);
    expect(b.audit.at(-1)).toMatchObject({ surface: 'watch', user: INTERN, account: 'finance', outcome: 'denied' });
    expect((await watchCommand(b, 'watch account:finance cn-hongkong', INTERN, 'C0FINANCE')).response_type).toBe(
      'in_channel',
    );
    expect(b.audit.at(-1)).toMatchObject({ surface: 'watch', user: INTERN, channel: 'C0FINANCE', outcome: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Making a watch reads nothing: the only AssumeRole after it is the poller's.
    expect(sts.calls.slice(stsBefore).every((c) => c.roleSessionName === 'mirrors-watch')).toBe(true);
  });

  it('pauses once when the channel loses access, and resumes by itself, once, when access returns', async () => {
    const store = new MemoryWatchStore();
    const first = await bot(store);
    await watchCommand(first, 'watch account:finance cn-hongkong', INTERN, 'C0FINANCE');
    await morePolls('finance', 2);
    await first.stop();
    bots = [];

    // Restarted with #finance's rule gone; meanwhile a session is disabled.
    const strict: Accounts = { ...ACCOUNTS, rules: (ACCOUNTS.rules ?? []).filter((r) => r.channels === undefined) };
    enabled.finance = false;
    const second = await bot(store, strict);
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 10_000, interval: 50 });
    const paused = textOf(posted[0] ?? {});
    expect(posted[0]?.channel).toBe('C0FINANCE');
    expect(paused).toMatch(/Paused/);
    expect(paused).toMatch(/no access rule lets its creator watch finance \/ cn-hongkong in this channel any more/);
    expect(paused).toMatch(/resumes by itself/);
    expect(paused).not.toMatch(/finance-tap/);
    expect(validateMessage(posted[0]?.blocks as never, 'message')).toEqual([]);
    expect(second.audit.filter((a) => a.surface === 'watch').map((a) => a.outcome)).toEqual(['denied']);
    // Paused: no more polls of finance, nothing more said.
    const pausedAt = polls('finance');
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(polls('finance')).toBe(pausedAt);
    expect(posted).toHaveLength(1);
    await second.stop();
    bots = [];

    // The rule is back: the watch says once that it resumed, then reports changes again.
    const third = await bot(store);
    await vi.waitFor(() => expect(posted).toHaveLength(2), { timeout: 10_000, interval: 50 });
    expect(textOf(posted[1] ?? {})).toMatch(/Resumed/);
    expect(validateMessage(posted[1]?.blocks as never, 'message')).toEqual([]);
    await morePolls('finance', 1);
    expect(posted).toHaveLength(2);
    enabled.finance = true;
    await vi.waitFor(() => expect(posted).toHaveLength(3), { timeout: 10_000, interval: 50 });
    expect(textOf(posted[2] ?? {})).toMatch(/finance-tap.*enabled/s);
    expect(textOf(await watchCommand(third, 'watches', INTERN, 'C0FINANCE'))).not.toMatch(/Paused/);
  });
});
