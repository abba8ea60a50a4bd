import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { watchApi } from '../helpers/signed-views';
import { type Bot, buttonsOf, SLACK_API, startBot, textOf } from './harness';

const REGIONS = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1'];
let bot: Bot;
beforeEach(async () => {
  // Refresh is throttled to one scan per 10 s (unit-tested in overview-cache.test.ts); here it must always rescan.
  bot = await startBot({ regions: REGIONS, overviewMinRefreshMs: 0 });
});
afterEach(async () => {
  await bot.stop();
});

interface Published {
  user_id: string;
  view: { type: string; blocks: unknown[] };
}

/**
 * Intercepts views.publish calls and resolves once `count` overviews have arrived. "Scanning…" views published
 * while a cold scan runs are kept apart in `loading`.
 */
function capturePublishes(count: number): { done: Promise<Published[]>; all: Published[]; loading: Published[] } {
  const all: Published[] = [];
  const loading: Published[] = [];
  let resolve: (value: Published[]) => void = () => undefined;
  const done = new Promise<Published[]>((r) => (resolve = r));
  nock(SLACK_API)
    .post('/api/views.publish')
    .times(count * 2)
    .reply(200, (_uri, body) => {
      const parsed =
        typeof body === 'string'
          ? (Object.fromEntries(new URLSearchParams(body)) as Record<string, string>)
          : (body as Record<string, unknown>);
      const view =
        typeof parsed.view === 'string'
          ? (JSON.parse(parsed.view) as Published['view'])
          : (parsed.view as Published['view']);
      const published = { user_id: String(parsed.user_id), view };
      if (textOf(view).includes('Scanning')) loading.push(published);
      else all.push(published);
      if (all.length === count) resolve(all);
      return { ok: true, view: { id: 'V0HOME' } };
    });
  return { done, all, loading };
}

/** Two pages per region, counted per region, each answer a little slow so that concurrent opens overlap. */
function regionApis(hits: Record<string, number>): void {
  for (const region of REGIONS) {
    hits[region] = 0;
    nock(`https://vpc.${region}.aliyuncs.com`)
      .get('/')
      .query(true)
      .times(10)
      .delay(150)
      .reply((uri) => {
        hits[region]! += 1;
        const token = new URL(uri, 'https://x').searchParams.get('NextToken');
        expect(new URL(uri, 'https://x').searchParams.get('MaxResults')).toBe('100');
        const base = region.slice(0, 3);
        if (token === null) {
          return [
            200,
            pageBody(
              [
                rawSession({
                  TrafficMirrorSessionId: `tms-${base}0001`,
                  TrafficMirrorSessionName: `${region}-a`,
                  Enabled: true,
                }),
                rawSession({
                  TrafficMirrorSessionId: `tms-${base}0002`,
                  TrafficMirrorSessionName: `${region}-locked`,
                  TrafficMirrorSessionBusinessStatus: 'FinancialLocked',
                }),
              ],
              { TotalCount: 3, NextToken: 'P2' },
            ),
          ];
        }
        return [
          200,
          pageBody(
            [
              rawSession({
                TrafficMirrorSessionId: `tms-${base}0003`,
                TrafficMirrorSessionName: `${region}-new`,
                TrafficMirrorSessionStatus: 'Creating',
                CreationTime: '2026-11-20T10:00Z',
              }),
            ],
            { TotalCount: 3 },
          ),
        ];
      });
  }
}

describe('App Home', () => {
  it('publishes an overview of every region: totals, statuses, FinancialLocked, newest, buttons', async () => {
    const hits: Record<string, number> = {};
    regionApis(hits);
    const publishes = capturePublishes(1);
    const response = await bot.event({
      type: 'app_home_opened',
      user: 'U0ONCALL',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: '1732600000.000100',
    });
    expect(response.status).toBe(200);
    const [published] = await publishes.done;
    expect(published!.user_id).toBe('U0ONCALL');
    expect(published!.view.type).toBe('home');
    // A cold Home is never blank: "Scanning…" came first.
    expect(publishes.loading.map((p) => p.user_id)).toEqual(['U0ONCALL']);
    expect(validateMessage(publishes.loading[0]!.view.blocks as never, 'home')).toEqual([]);
    const text = textOf(published!.view);
    for (const region of REGIONS) {
      expect(text).toContain(region);
      expect(text).toContain(`${region}-locked`);
      expect(text).toContain(`${region}-new`);
    }
    expect(text).toMatch(/locked\* \(overdue payment, traffic not mirrored\)/);
    expect(text).toMatch(/Creating/);
    const buttons = buttonsOf(published!.view);
    expect(buttons.has(ActionId.HomeRefresh)).toBe(true);
    expect(buttons.has(ActionId.HomeListRegion)).toBe(true);
    expect(validateMessage(published!.view.blocks as never, 'home')).toEqual([]);
    expect(hits).toEqual({ 'cn-hongkong': 2, 'cn-shanghai': 2, 'ap-southeast-1': 2 });
  });

  it('costs one scan per region when a hundred people open Home at once', async () => {
    const hits: Record<string, number> = {};
    regionApis(hits);
    const publishes = capturePublishes(100);
    const opens = Array.from({ length: 100 }, (_, i) =>
      bot.event({
        type: 'app_home_opened',
        user: `U${String(i).padStart(4, '0')}`,
        channel: 'D0HOME',
        tab: 'home',
        event_ts: `1732600000.${i}`,
      }),
    );
    for (const response of await Promise.all(opens)) expect(response.status).toBe(200);
    const all = await publishes.done;
    expect(new Set(all.map((p) => p.user_id)).size).toBe(100);
    // Two pages per region, scanned once for everyone.
    expect(hits).toEqual({ 'cn-hongkong': 2, 'cn-shanghai': 2, 'ap-southeast-1': 2 });
  });

  it('ignores the Messages tab', async () => {
    const response = await bot.event({
      type: 'app_home_opened',
      user: 'U0ONCALL',
      channel: 'D0HOME',
      tab: 'messages',
      event_ts: '1',
    });
    expect(response.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.lines.join('\n')).not.toMatch(/views\.publish/);
  });

  it('Refresh scans again, and a failed region says why without hiding the others', async () => {
    const hits: Record<string, number> = {};
    regionApis(hits);
    const first = capturePublishes(1);
    await bot.event({ type: 'app_home_opened', user: 'U0ONCALL', channel: 'D0HOME', tab: 'home', event_ts: '1' });
    await first.done;

    nock.cleanAll();
    for (const region of ['cn-hongkong', 'cn-shanghai']) {
      nock(`https://vpc.${region}.aliyuncs.com`)
        .get('/')
        .query(true)
        .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: `${region}-fresh` })]));
    }
    nock('https://vpc.ap-southeast-1.aliyuncs.com')
      .get('/')
      .query(true)
      .reply(403, {
        RequestId: 'R-HOME-RAM',
        Code: 'Forbidden.RAM',
        Message: 'denied',
        AccessDeniedDetail: { AuthAction: 'vpc:ListTrafficMirrorSessions' },
      });
    const second = capturePublishes(1);
    const response = await bot.click({
      actionId: ActionId.HomeRefresh,
      value: 'refresh',
      responseUrl: '',
      container: 'home',
    });
    expect(response.status).toBe(200);
    const [published] = await second.done;
    const text = textOf(published!.view);
    expect(text).toContain('cn-hongkong-fresh');
    expect(text).toContain('cn-shanghai-fresh');
    expect(text).toMatch(/ap-southeast-1/);
    expect(text).toMatch(/permission|vpc:ListTrafficMirrorSessions/i);
  });

  it('"List sessions" sends the region list to the user\'s DM', async () => {
    nock('https://vpc.cn-shanghai.aliyuncs.com')
      .get('/')
      .query(true)
      .reply(
        200,
        pageBody([rawSession({ TrafficMirrorSessionName: 'shanghai-one' })], { NextToken: 'N2', TotalCount: 11 }),
      );
    let posted: Record<string, unknown> | undefined;
    const done = new Promise<void>((resolve) => {
      nock(SLACK_API)
        .post('/api/chat.postMessage')
        .reply(200, (_uri, body) => {
          posted =
            typeof body === 'string'
              ? Object.fromEntries(new URLSearchParams(body))
              : (body as Record<string, unknown>);
          resolve();
          return { ok: true, channel: 'D0DM', ts: '1732600000.000200' };
        });
    });
    await bot.click({
      actionId: ActionId.HomeListRegion,
      value: bot.homeList('cn-shanghai'),
      responseUrl: '',
      container: 'home',
    });
    await done;
    expect(posted?.channel).toBe('U0ONCALL');
    expect(JSON.stringify(posted)).toContain('shanghai-one');
    expect(JSON.stringify(posted)).toContain(ActionId.NextPage);
  });

  it('"Locked" lists exactly the locked sessions Home found, in the DM, and Home then says where it went', async () => {
    const asked: URLSearchParams[] = [];
    // The list itself: asked by id, so it is fresh and pages like any list (the scan asks without ids).
    nock('https://vpc.cn-shanghai.aliyuncs.com')
      .get('/')
      .query((q) => 'TrafficMirrorSessionIds.1' in q)
      .reply((uri) => {
        asked.push(new URL(uri, 'https://x').searchParams);
        return [
          200,
          pageBody(
            [
              rawSession({
                TrafficMirrorSessionId: 'tms-cn-0002',
                TrafficMirrorSessionName: 'cn-shanghai-locked',
                TrafficMirrorSessionBusinessStatus: 'FinancialLocked',
              }),
            ],
            { TotalCount: 1 },
          ),
        ];
      });
    regionApis({});
    const publishes = capturePublishes(1);
    let posted: Record<string, unknown> | undefined;
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .reply(200, (_uri, body) => {
        posted =
          typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, unknown>);
        return { ok: true, channel: 'D0DM', ts: '1732600000.000300' };
      });
    await bot.click({
      actionId: ActionId.HomeListLocked,
      value: bot.homeList('cn-shanghai'),
      responseUrl: '',
      container: 'home',
    });
    const [home] = await publishes.done;

    expect(asked).toHaveLength(1);
    expect(asked[0]?.get('TrafficMirrorSessionIds.1')).toBe('tms-cn-0002');
    expect(asked[0]?.get('TrafficMirrorSessionIds.2')).toBeNull();
    expect(posted?.channel).toBe('U0ONCALL');
    const dm = JSON.stringify(posted);
    expect(dm).toContain('cn-shanghai-locked');
    expect(dm).toContain('From Home: the locked sessions (overdue payment) in cn-shanghai');
    expect(textOf(home!.view)).toContain('Sent the locked sessions (overdue payment) in cn-shanghai to your DM');
    expect(validateMessage(home!.view.blocks as never, 'home')).toEqual([]);
  });

  it('refuses to list a region it did not offer, even in a correctly signed value, and says so in the DM', async () => {
    const dm = watchApi('chat.postMessage', () => ({ ok: true, channel: 'D0DM', ts: '1732600000.000300' }));
    await bot.click({
      actionId: ActionId.HomeListRegion,
      value: bot.homeList('us-east-1'),
      responseUrl: '',
      container: 'home',
    });
    const call = await dm.nth(1);
    expect(call.channel).toBe('U0ONCALL');
    expect(String(call.text)).toMatch(/isn't valid/);
    expect(bot.lines.join('\n')).toMatch(/refused a Home list button.*region/);
  });
});
