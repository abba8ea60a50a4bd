/**
 * Watches end to end: signed /mirrors commands to the real Bolt receiver, polls against the VPC stand-in on
 * loopback every second, notifications caught as chat.postMessage calls, watches kept in SQLite in a temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startVpcStandIn, type VpcStandIn, type WireTrafficMirrorSession } from '../../src/sandbox/vpc';
import { validateMessage } from '../../src/views/validate';
import { WatchActionId } from '../../src/views/watch-action-ids';
import type { WatchAccess } from '../../src/watch/access';
import { SqliteWatchStore } from '../../src/watch/sqlite-store';
import { FAKE_KEY_ID, FAKE_SECRET } from '../cloud/helpers';
import {
  type Bot,
  buttonsOf,
  captureResponse,
  HOOKS,
  SLACK_API,
  type SlackMessageBody,
  startBot,
  textOf,
} from './harness';

const WATCH_ID = /w-[a-z2-9]{8}/;

interface Posted {
  channel: string;
  text: string;
  blocks: unknown[];
}

let vpc: VpcStandIn;
let dir: string;
let bots: Bot[];
let posted: Posted[];

/** Every chat.postMessage the bot makes, as Slack would receive it. */
function catchPosts(): void {
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
}

async function bot(access?: WatchAccess): Promise<Bot> {
  const started = await startBot({
    vpcEndpoint: vpc.url,
    watches: { store: SqliteWatchStore.open(dir), intervalSeconds: 1, ...(access ? { access } : {}) },
  });
  bots.push(started);
  return started;
}

function hongkong(): WireTrafficMirrorSession[] {
  const sessions = vpc.dataset.regions['cn-hongkong'];
  if (!sessions) throw new Error('stand-in has no cn-hongkong');
  return sessions;
}

function session(name: string): WireTrafficMirrorSession {
  const found = hongkong().find((s) => s.TrafficMirrorSessionName === name);
  if (!found) throw new Error(`no session ${name}`);
  return found;
}

const polls = (): number => vpc.requests.filter((r) => r.action === 'ListTrafficMirrorSessions').length;

/** Waits until the stand-in has answered `n` more polls than now. */
async function morePolls(n: number): Promise<void> {
  const target = polls() + n;
  await vi.waitFor(() => expect(polls()).toBeGreaterThanOrEqual(target), { timeout: 10_000, interval: 50 });
}

function ackOf(answer: { status: number; body: string }): SlackMessageBody {
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as SlackMessageBody;
}

beforeEach(async () => {
  vpc = await startVpcStandIn({ keys: [{ accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET }] });
  dir = mkdtempSync(join(tmpdir(), 'mirrors-watch-test-'));
  bots = [];
  posted = [];
  catchPosts();
});

afterEach(async () => {
  for (const b of bots) await b.stop();
  await vpc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/mirrors watch', () => {
  it('confirms, stays silent on the first poll, reports one change once, and survives a restart', async () => {
    const first = await bot();
    const confirmation = ackOf(await first.command('watch cn-hongkong tag:FinanceDept'));
    expect(confirmation.response_type).toBe('in_channel');
    const said = textOf(confirmation);
    expect(said).toContain('tag:FinanceDept');
    expect(said).toContain('every 1 second');
    const id = WATCH_ID.exec(said)?.[0] ?? '';
    expect(said).toContain(`/mirrors unwatch ${id}`);
    expect(validateMessage(confirmation.blocks as never, 'message')).toEqual([]);

    // The baseline and a regular poll: nothing to say yet.
    await morePolls(2);
    expect(posted).toEqual([]);

    session('finance-ids-tap').Enabled = false;
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 10_000, interval: 50 });
    const [change] = posted;
    expect(change?.channel).toBe('C0INCIDENT');
    expect(textOf(change ?? {})).toMatch(/finance-ids-tap/);
    expect(textOf(change ?? {})).toMatch(/disabled/);
    expect(textOf(change ?? {})).not.toMatch(/finance-ids-tap-standby/);
    expect(validateMessage(change?.blocks as never, 'message')).toEqual([]);

    // The change message's "List sessions" shows the watched query now, to the clicker alone.
    const listValue = buttonsOf(change ?? {}).get(WatchActionId.ListQuery) ?? '';
    expect(listValue).not.toBe('');
    const listed = captureResponse('/actions/list');
    await first.click({ actionId: WatchActionId.ListQuery, value: listValue, responseUrl: `${HOOKS}/actions/list` });
    const now = await listed;
    expect(now.response_type).toBe('ephemeral');
    expect(now.replace_original).toBe(false);
    expect(textOf(now)).toMatch(/finance-ids-tap/);
    expect(validateMessage(now.blocks as never, 'message')).toEqual([]);

    await morePolls(2);
    expect(posted).toHaveLength(1);

    const list = ackOf(await first.command('watches'));
    expect(list.response_type).toBe('ephemeral');
    expect(textOf(list)).toContain(id);
    expect(buttonsOf(list).has(WatchActionId.Remove)).toBe(true);

    // Down for a while; meanwhile a session is locked for an unpaid bill. The new process reports it, because
    // the last-seen state came back from disk with the watch.
    await first.stop();
    bots = [];
    session('finance-ids-tap').TrafficMirrorSessionBusinessStatus = 'FinancialLocked';
    const second = await bot();
    expect(textOf(ackOf(await second.command('watches')))).toContain(id);
    await vi.waitFor(() => expect(posted).toHaveLength(2), { timeout: 10_000, interval: 50 });
    expect(textOf(posted[1] ?? {})).toMatch(/finance-ids-tap.*FinancialLocked/s);
  });

  it('reports a session that appears, and says nothing more after Remove', async () => {
    const b = await bot();
    const id = WATCH_ID.exec(textOf(ackOf(await b.command('watch cn-hongkong tag:FinanceDept'))))?.[0] ?? '';
    await morePolls(1);
    hongkong().unshift({
      ...session('finance-ids-tap'),
      TrafficMirrorSessionId: 'tms-j6cnewsession000001',
      TrafficMirrorSessionName: 'finance-new-tap',
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(textOf(posted[0] ?? {})).toMatch(/finance-new-tap.*appeared/s);

    // A click made by hand with the bare id is refused, and the watch stays.
    const forged = captureResponse('/actions/forged');
    await b.click({ actionId: WatchActionId.Remove, value: id, responseUrl: `${HOOKS}/actions/forged` });
    expect(textOf(await forged)).toMatch(/isn't valid/);
    const list = ackOf(await b.command('watches'));
    expect(textOf(list)).toContain(id);

    const value = buttonsOf(list).get(WatchActionId.Remove) ?? '';
    expect(value).not.toContain(id);
    const answer = captureResponse('/actions/remove');
    const click = await b.click({ actionId: WatchActionId.Remove, value, responseUrl: `${HOOKS}/actions/remove` });
    expect(click.status).toBe(200);
    const removed = await answer;
    expect(removed.replace_original).toBe(true);
    expect(textOf(removed)).toMatch(/Stopped watching/);
    expect(textOf(removed)).toMatch(/No watches in this channel/);

    const before = polls();
    session('finance-ids-tap').Enabled = false;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(polls()).toBe(before);
    expect(posted).toHaveLength(1);
    expect(textOf(ackOf(await b.command('watches')))).toMatch(/No watches in this channel/);
  });

  it('says once that checks are failing, without leaking the API error, and says when they work again', async () => {
    const b = await bot();
    await b.command('watch cn-hongkong tag:FinanceDept');
    await morePolls(1);
    // The RAM policy stops granting the list call: every poll fails from now on.
    vpc.faults.push({ kind: 'forbidden', action: 'ListTrafficMirrorSessions', times: 1_000_000 });
    const failedPolls = (): number => vpc.requests.filter((r) => r.fault === 'forbidden').length;
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 15_000, interval: 50 });
    // Silent through the first two failures; the third, after backing off, is said.
    expect(failedPolls()).toBe(3);
    const failing = textOf(posted[0] ?? {});
    expect(failing).toMatch(/last 3 checks of .*failed/s);
    expect(failing).not.toMatch(/https?:|aliyuncs|AccessKey|LTAI|Signature|at \S+ \(/);
    expect(validateMessage(posted[0]?.blocks as never, 'message')).toEqual([]);

    vpc.faults.clear();
    await vi.waitFor(() => expect(posted).toHaveLength(2), { timeout: 15_000, interval: 50 });
    expect(textOf(posted[1] ?? {})).toMatch(/work again/);
    // Nothing changed while it was failing, so nothing more is said.
    await morePolls(1);
    expect(posted).toHaveLength(2);
  });

  it('starts a watch from a list\'s "Watch this query", and never twice for one channel', async () => {
    const b = await bot();
    const listed = captureResponse('/commands/list');
    await b.command('cn-hongkong tag:FinanceDept', `${HOOKS}/commands/list`);
    const list = await listed;
    expect(validateMessage(list.blocks as never, 'message')).toEqual([]);
    const value = buttonsOf(list).get(WatchActionId.WatchQuery) ?? '';
    expect(value).not.toBe('');

    const announced = captureResponse('/actions/watch');
    await b.click({ actionId: WatchActionId.WatchQuery, value, responseUrl: `${HOOKS}/actions/watch` });
    const said = await announced;
    // Said to the channel, beside the list, like /mirrors watch.
    expect(said.response_type).toBe('in_channel');
    expect(said.replace_original).toBe(false);
    expect(textOf(said)).toContain('tag:FinanceDept');
    expect(textOf(ackOf(await b.command('watches')))).toContain('1 watch in this channel');

    const again = ackOf(await b.command('watch cn-hongkong tag:FinanceDept'));
    expect(again.response_type).toBe('ephemeral');
    expect(textOf(again)).toMatch(/already watches/);
    const twice = captureResponse('/actions/watch-again');
    await b.click({ actionId: WatchActionId.WatchQuery, value, responseUrl: `${HOOKS}/actions/watch-again` });
    expect(textOf(await twice)).toMatch(/already watches/);

    const forged = captureResponse('/actions/watch-forged');
    await b.click({
      actionId: WatchActionId.WatchQuery,
      value: 'cn-hongkong\ncn-hongkong tag:Other',
      responseUrl: `${HOOKS}/actions/watch-forged`,
    });
    expect(textOf(await forged)).toMatch(/isn't valid/);
    expect(textOf(ackOf(await b.command('watches')))).toContain('1 watch in this channel');
  });

  it("shows the person's watches on Home, with the channel each is in", async () => {
    const b = await bot();
    const id = WATCH_ID.exec(textOf(ackOf(await b.command('watch cn-hongkong tag:FinanceDept'))))?.[0] ?? '';
    const published: Array<{ user_id: string; view: { blocks: unknown[] } }> = [];
    nock(SLACK_API)
      .persist()
      .post('/api/views.publish')
      .reply(200, (_uri, body) => {
        const fields =
          typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, unknown>);
        const view = typeof fields.view === 'string' ? JSON.parse(fields.view) : fields.view;
        published.push({ user_id: String(fields.user_id), view });
        return { ok: true };
      });
    const opened = await b.event({
      type: 'app_home_opened',
      user: 'U0ONCALL',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: '1732600000.000100',
    });
    expect(opened.status).toBe(200);
    await vi.waitFor(() => expect(textOf(published.at(-1)?.view ?? {})).toContain('Your watches'), {
      timeout: 10_000,
      interval: 50,
    });
    const home = published.at(-1)?.view.blocks ?? [];
    expect(validateMessage(home as never, 'home')).toEqual([]);
    expect(textOf({ blocks: home })).toContain(id);
    expect(textOf({ blocks: home })).toContain('<#C0INCIDENT>');
  });

  it('asks the access policy when a watch is made and before it notifies, and pauses once when refused', async () => {
    let channelMayHear = true;
    const b = await bot({
      mayCreate: async (watch) => (watch.query.includes('prod') ? 'prod sessions are for #sec-prod only' : undefined),
      mayNotify: async () => (channelMayHear ? undefined : 'this channel lost access to the default account'),
    });
    const refused = ackOf(await b.command('watch cn-hongkong tag:env=prod'));
    expect(refused.response_type).toBe('ephemeral');
    expect(textOf(refused)).toContain('prod sessions are for #sec-prod only');
    expect(textOf(ackOf(await b.command('watches')))).toMatch(/No watches in this channel/);

    await b.command('watch cn-hongkong tag:FinanceDept');
    await morePolls(1);
    channelMayHear = false;
    session('finance-ids-tap').Enabled = false;
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(textOf(posted[0] ?? {})).toMatch(/Paused.*lost access to the default account/s);
    expect(textOf(posted[0] ?? {})).not.toMatch(/disabled/);
    // Paused: no more polls spent on it, nothing more said.
    session('finance-ids-tap').Enabled = true;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(posted).toHaveLength(1);
    expect(textOf(ackOf(await b.command('watches')))).toMatch(/Paused/);
  });

  it('removes a watch with /mirrors unwatch ID, and refuses an unknown one', async () => {
    const b = await bot();
    const id =
      WATCH_ID.exec(textOf(ackOf(await b.command('watch cn-hongkong id:tms-j6cnotreal0000000001'))))?.[0] ?? '';
    expect(textOf(ackOf(await b.command('unwatch w-zzzzzzzz')))).toMatch(/no watch `w-zzzzzzzz`/);
    expect(textOf(ackOf(await b.command('unwatch please')))).toMatch(/needs a watch id/);
    const gone = ackOf(await b.command(`unwatch ${id}`));
    expect(textOf(gone)).toMatch(/Stopped watching/);
    expect(textOf(ackOf(await b.command('watches')))).toMatch(/No watches in this channel/);
  });

  it.each([
    ['a malformed query', 'watch cn-hongkong tagg:FinanceDept', /tagg:/],
    ['all regions', 'watch all tag:FinanceDept', /a watch covers one region/],
    ['an account this bot does not have', 'watch account:prod cn-hongkong', /not an account of this bot/],
    ['no region', 'watch', /name a region/],
    ['a host lookup', 'watch cn-hongkong ip:10.0.0.1', /not a host/],
  ])('refuses %s with the rule, and creates nothing', async (_what, text, rule) => {
    const b = await bot();
    const answer = ackOf(await b.command(text));
    expect(answer.response_type).toBe('ephemeral');
    expect(textOf(answer)).toMatch(rule);
    expect(textOf(ackOf(await b.command('watches')))).toMatch(/No watches in this channel/);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(polls()).toBe(0);
  });
});
