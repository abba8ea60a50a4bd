/**
 * Two replicas of the real bot, one real redis-server, a round-robin proxy in front: what breaks with two pods
 * behind a load balancer (a Next button handled by the other pod, every pod rescanning every region, a redelivered
 * event answered twice) works, and losing Redis costs sharing, never an answer.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEGRADED_MESSAGE, RECOVERED_MESSAGE } from '../../src/redis/connection';
import { flattenBlockText, type StoredMessage } from '../../src/sandbox/slack';
import { ActionId } from '../../src/views/action-ids';
import { type RedisServer, startRedis } from '../support/redis';
import { type Replicas, startReplicas } from '../support/replicas';
import { needs } from '../support/system-parts';

let redis: RedisServer;
let setup: Replicas;

needs('redis-server')('two replicas sharing one Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
    // A little latency per call, so the scans of twenty Home opens overlap as they would in production.
    setup = await startReplicas({ redisUrl: redis.url, vpcLatencyMs: 30 });
  });

  afterAll(async () => {
    await setup?.stop();
    await redis?.stop();
  });

  afterEach(() => {
    setup.slack.reset();
  });

  const text = (m: StoredMessage) => flattenBlockText(m.blocks);
  /** Scans of a region since request number `since`: each begins with an unfiltered first page. */
  const scans = (region: string, since: number) =>
    setup.vpc.requests
      .slice(since)
      .filter(
        (r) =>
          r.action === 'ListTrafficMirrorSessions' &&
          r.region === region &&
          Object.keys(r.params).every((name) => name !== 'NextToken' && !name.startsWith('TrafficMirrorSessionIds')),
      ).length;

  /** A 100-id query: its Next state is far too large for a button, so it lives in the paging store. */
  async function bigList(): Promise<StoredMessage> {
    const ids = (setup.vpc.dataset.regions['cn-shanghai'] ?? []).slice(0, 100).map((s) => s.TrafficMirrorSessionId);
    expect(ids).toHaveLength(100);
    const before = setup.slack.messages({ fromBot: true }).length;
    await setup.slack.sendCommand(`cn-shanghai id:${ids.join(',')}`);
    return setup.slack.waitFor(() => setup.slack.messages({ fromBot: true })[before], 15_000, 'the first page');
  }

  function nextValue(message: StoredMessage): string {
    const found = JSON.stringify(message.blocks).match(
      new RegExp(
        `"action_id":"${ActionId.NextPage}"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"${ActionId.NextPage}"`,
      ),
    );
    const value = found?.[1] ?? found?.[2];
    if (!value) throw new Error('no Next button');
    return value;
  }

  it('a Next click for a 100-id query lands on the other replica and shows page 2', async () => {
    const first = await bigList();
    // Stored server-side (k1), not carried in the button (p1).
    expect(nextValue(first)).toMatch(/^k1\./);
    const servedBefore = setup.served.length;
    await setup.slack.clickButton(first, ActionId.NextPage);
    const replaced = await setup.slack.waitFor(() => {
      const m = setup.slack.message(first.channel, first.ts);
      return m && m.edits === 1 ? m : undefined;
    }, 15_000);
    // The command and the click were served by different replicas.
    expect(setup.served.at(-1)).not.toBe(setup.served[servedBefore - 1]);
    expect(text(replaced)).not.toEqual(text(first));
    expect(text(replaced)).toMatch(/page 2|11[–-]20/);
    expect(setup.slack.messages({ fromBot: true })).toHaveLength(1);
  });

  it('twenty Home opens spread over both replicas scan each region once', async () => {
    const since = setup.vpc.requests.length;
    const users = Array.from({ length: 20 }, (_, i) => (i === 0 ? setup.slack.defaultUserId : setup.slack.otherUserId));
    await Promise.all(users.map((user) => setup.slack.openHome(user)));
    await setup.slack.waitFor(() => setup.slack.homeView(setup.slack.otherUserId), 20_000, 'Home published');
    // Each replica opened Home at least once.
    expect(new Set(setup.served.slice(-20)).size).toBe(2);
    for (const region of ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1']) expect(scans(region, since), region).toBe(1);
    const homes = await setup.slack.waitFor(() => {
      const views = [setup.slack.homeView(setup.slack.defaultUserId), setup.slack.homeView(setup.slack.otherUserId)];
      return views.every((v) => v !== undefined) ? views : undefined;
    });
    for (const view of homes) expect(JSON.stringify(view?.blocks)).toContain('cn-shanghai');
  });

  it('a signed request replayed to the other replica is refused; a redelivered mention is answered once', async () => {
    const body = new URLSearchParams({
      command: '/mirrors',
      text: 'help',
      user_id: setup.slack.defaultUserId,
      channel_id: setup.slack.channels.incidents,
      team_id: setup.slack.teamId,
      response_url: `${setup.slack.url}/response/none`,
      trigger_id: '1.2.3',
    }).toString();
    const send = (payload: string, contentType: string, headers: Record<string, string> = {}, timestamp?: number) => {
      const ts = timestamp ?? Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', setup.signingSecret).update(`v0:${ts}:${payload}`).digest('hex')}`;
      return fetch(setup.eventsUrl, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
          ...headers,
        },
        body: payload,
      });
    };
    const now = Math.floor(Date.now() / 1000);
    expect((await send(body, 'application/x-www-form-urlencoded', {}, now)).status).toBe(200);
    expect((await send(body, 'application/x-www-form-urlencoded', {}, now)).status).toBe(409);

    // Slack redelivers an event re-signed, with x-slack-retry-num: another replica must not answer it again.
    const said = setup.slack.postUserMessage(`<@${setup.slack.botUserId}> cn-hongkong`);
    const event = JSON.stringify({
      token: 'unused',
      team_id: setup.slack.teamId,
      api_app_id: setup.slack.appId,
      type: 'event_callback',
      event_id: 'Ev0REPLICAS1',
      event_time: now,
      event: {
        type: 'app_mention',
        user: setup.slack.defaultUserId,
        text: said.text,
        ts: said.ts,
        channel: said.channel,
        event_ts: said.ts,
      },
      authorizations: [{ team_id: setup.slack.teamId, user_id: setup.slack.botUserId, is_bot: true }],
    });
    expect((await send(event, 'application/json', {}, now)).status).toBe(200);
    expect((await send(event, 'application/json', { 'x-slack-retry-num': '1' }, now + 1)).status).toBe(200);
    await setup.slack.waitFor(() => setup.slack.messages({ threadTs: said.ts, fromBot: true })[0], 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(setup.slack.messages({ threadTs: said.ts, fromBot: true })).toHaveLength(1);
  });

  it('a double click on Share that lands on both replicas posts the page once', async () => {
    const before = setup.slack.messages({ fromBot: true }).length;
    await setup.slack.sendCommand('cn-hongkong');
    const list = await setup.slack.waitFor(
      () => setup.slack.messages({ fromBot: true })[before],
      15_000,
      'the ephemeral list',
    );
    expect(list.ephemeralTo).toBeDefined();
    const servedBefore = setup.served.length;
    await Promise.all([setup.slack.clickButton(list, ActionId.Share), setup.slack.clickButton(list, ActionId.Share)]);
    // Round robin: the two clicks went to different replicas.
    expect(new Set(setup.served.slice(servedBefore)).size).toBe(2);
    const forEveryone = () =>
      setup.slack.messages({ channel: list.channel, fromBot: true }).filter((m) => !m.ephemeralTo);
    await setup.slack.waitFor(() => forEveryone()[0], 15_000, 'the shared page');
    await setup.slack.waitFor(
      () => setup.slack.messages({ fromBot: true }).find((m) => /already shared/i.test(text(m))),
      15_000,
      'the second click answered "already shared"',
    );
    expect(forEveryone()).toHaveLength(1);
  });

  it('Redis killed mid-run: commands still answer, /readyz says not ready, then ready again after a restart', async () => {
    const ready = async () => Promise.all(setup.replicas.map(async (r) => (await fetch(`${r.url}/readyz`)).status));
    expect(await ready()).toEqual([200, 200]);

    await redis.kill();
    await expect.poll(ready, { timeout: 10_000 }).toEqual([503, 503]);
    const body = await (await fetch(`${setup.replicas[0]?.url}/readyz`)).json();
    expect(JSON.stringify(body)).toMatch(/Redis/);

    // Both replicas still answer, each from its own memory.
    for (let i = 0; i < 2; i++) {
      const before = setup.slack.messages({ fromBot: true }).length;
      await setup.slack.sendCommand('cn-hongkong');
      await setup.slack.waitFor(() => setup.slack.messages({ fromBot: true })[before], 15_000, 'an answer');
    }
    await setup.slack.openHome();
    await setup.slack.waitFor(() => setup.slack.homeView(), 15_000, 'Home without Redis');
    for (const replica of setup.replicas) {
      expect(replica.lines.filter((l) => l.includes(DEGRADED_MESSAGE))).toHaveLength(1);
    }

    await redis.restart();
    await expect.poll(ready, { timeout: 15_000 }).toEqual([200, 200]);
    for (const replica of setup.replicas) {
      expect(replica.lines.some((l) => l.includes(RECOVERED_MESSAGE))).toBe(true);
      expect(replica.lines.join('\n')).not.toMatch(/\n\s+at /);
    }
    // Shared again: a large Next state minted on one replica works on the other.
    const first = await bigList();
    await setup.slack.clickButton(first, ActionId.NextPage);
    await setup.slack.waitFor(() => {
      const m = setup.slack.message(first.channel, first.ts);
      return m && m.edits === 1 ? m : undefined;
    }, 15_000);
  });
});
