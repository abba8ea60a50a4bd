import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { type Bot, buttonsOf, captureResponse, HK, type SlackMessageBody, startBot, TEAM_ID, textOf } from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

const TOTAL = 7;
const sessionsOnPage = (page: number) =>
  Array.from({ length: page === 3 ? 1 : 3 }, (_, i) => {
    const n = (page - 1) * 3 + i + 1;
    return rawSession({
      TrafficMirrorSessionId: `tms-j6cpage${String(n).padStart(12, '0')}`,
      TrafficMirrorSessionName: `mirror-${n}`,
    });
  });

/** A fake API with three pages of 3, 3 and 1 sessions behind opaque tokens; records the token of every call. */
function threePageApi(seenTokens: Array<string | null>): void {
  nock(HK)
    .get('/')
    .query(true)
    .times(20)
    .reply((uri) => {
      const token = new URL(uri, HK).searchParams.get('NextToken');
      seenTokens.push(token);
      const page = token === null ? 1 : token === 'TOKEN-PAGE-2' ? 2 : token === 'TOKEN-PAGE-3' ? 3 : 0;
      if (page === 0)
        return [
          400,
          { RequestId: 'R-BAD', Code: 'IllegalParam.NextToken', Message: 'The specified NextToken is invalid.' },
        ];
      const next = page === 1 ? 'TOKEN-PAGE-2' : page === 2 ? 'TOKEN-PAGE-3' : '';
      return [200, pageBody(sessionsOnPage(page), { TotalCount: TOTAL, NextToken: next })];
    });
}

let clicks = 0;
async function click(actionId: string, value: string): Promise<SlackMessageBody> {
  clicks += 1;
  const path = `/actions/T0MIRRORS/${clicks}/btn`;
  const reply = captureResponse(path);
  const response = await bot.click({ actionId, value, responseUrl: `https://hooks.slack.com${path}` });
  expect(response.status).toBe(200);
  return reply;
}

describe('paging', () => {
  it('walks three pages to the end and back, replacing the message each time', async () => {
    const tokens: Array<string | null> = [];
    threePageApi(tokens);
    const first = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong limit:3');
    const page1 = await first;
    expect(textOf(page1)).toContain('mirror-1');
    expect(textOf(page1)).toMatch(/1–3 of 7/);

    const page2 = await click(ActionId.NextPage, buttonsOf(page1).get(ActionId.NextPage)!);
    expect(page2.replace_original).toBe(true);
    expect(page2.response_type).toBe('ephemeral');
    expect(textOf(page2)).toContain('mirror-4');
    expect(textOf(page2)).toMatch(/4–6 of 7/);
    expect(textOf(page2)).toMatch(/page 2/);
    expect(buttonsOf(page2).has(ActionId.PreviousPage)).toBe(true);

    const page3 = await click(ActionId.NextPage, buttonsOf(page2).get(ActionId.NextPage)!);
    expect(textOf(page3)).toContain('mirror-7');
    expect(textOf(page3)).toMatch(/7–7 of 7|7 of 7/);
    expect(textOf(page3)).toMatch(/page 3/);
    expect(buttonsOf(page3).has(ActionId.NextPage)).toBe(false);

    const back2 = await click(ActionId.PreviousPage, buttonsOf(page3).get(ActionId.PreviousPage)!);
    expect(textOf(back2)).toContain('mirror-4');
    expect(textOf(back2)).toMatch(/page 2/);
    const back1 = await click(ActionId.PreviousPage, buttonsOf(back2).get(ActionId.PreviousPage)!);
    expect(textOf(back1)).toContain('mirror-1');
    expect(buttonsOf(back1).has(ActionId.PreviousPage)).toBe(false);

    // Each page was fetched with the token that leads to it, and going back re-fetched with the older token.
    expect(tokens).toEqual([null, 'TOKEN-PAGE-2', 'TOKEN-PAGE-3', 'TOKEN-PAGE-2', null]);
    for (const page of [page1, page2, page3, back2, back1])
      expect(validateMessage(page.blocks as never, 'message')).toEqual([]);
  });

  it('offers Start over when the API calls the page token invalid, and keeps the list', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody(sessionsOnPage(1), { TotalCount: TOTAL, NextToken: 'TOKEN-EXPIRED' }));
    nock(HK).get('/').query(true).reply(400, {
      RequestId: 'R-TOKEN',
      Code: 'IllegalParam.NextToken',
      Message: 'The specified NextToken is invalid.',
    });
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody(sessionsOnPage(1), { TotalCount: TOTAL, NextToken: 'TOKEN-PAGE-2' }));
    const first = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong limit:3');
    const page1 = await first;

    const failure = await click(ActionId.NextPage, buttonsOf(page1).get(ActionId.NextPage)!);
    expect(failure.replace_original).toBe(false);
    expect(textOf(failure)).toMatch(/expired|no longer valid/i);
    expect(textOf(failure)).toContain('R-TOKEN');
    const startOver = buttonsOf(failure).get(ActionId.StartOver);
    expect(startOver).toBeDefined();

    const restarted = await click(ActionId.StartOver, startOver!);
    expect(restarted.replace_original).toBe(true);
    expect(textOf(restarted)).toContain('mirror-1');
    expect(textOf(restarted)).toMatch(/page 1/);
  });

  it('answers a tampered button without calling the API or touching the list', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody(sessionsOnPage(1), { TotalCount: TOTAL, NextToken: 'TOKEN-PAGE-2' }));
    const first = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong limit:3');
    const value = buttonsOf(await first).get(ActionId.NextPage)!;
    const [v, exp, body, mac] = value.split('.');
    const forged = [v, exp, body!.slice(0, -2) + (body!.endsWith('AA') ? 'BB' : 'AA'), mac].join('.');
    const reply = await click(ActionId.NextPage, forged);
    expect(reply.replace_original).toBe(false);
    expect(textOf(reply)).toMatch(/isn't valid|not valid|invalid/i);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('answers an expired button by saying so and how to run the query again', async () => {
    const expired = new (await import('../../src/paging')).StateCodec({
      secret: (await import('../../src/compose')).deriveButtonKey('integration-signing-secret'),
      store: new (await import('../../src/paging')).MemoryStateStore(),
      now: () => Date.now() - 7 * 60 * 60 * 1000,
      scope: () => TEAM_ID,
    });
    const { firstState } = await import('../../src/paging');
    const value = expired.encode(
      firstState(
        {
          scope: { kind: 'region', region: 'cn-hongkong' },
          filters: { tags: [{ key: 'FinanceDept' }], sessionIds: [] },
          limit: 3,
        },
        'cn-hongkong',
      ),
    );
    const reply = await click(ActionId.NextPage, value);
    expect(reply.replace_original).toBe(false);
    expect(textOf(reply)).toMatch(/expired/i);
  });

  it('keeps 100 session ids behind a short key and still pages', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `tms-j6cbig${String(i).padStart(14, '0')}`);
    nock(HK)
      .get('/')
      .query(true)
      .reply(
        200,
        pageBody(
          ids.slice(0, 50).map((id) => rawSession({ TrafficMirrorSessionId: id })),
          { TotalCount: 100, NextToken: 'TOKEN-BIG-2' },
        ),
      );
    const seen: URLSearchParams[] = [];
    nock(HK)
      .post('/')
      .reply(200, (_uri, body) => {
        seen.push(new URLSearchParams(String(body)));
        return pageBody(
          ids.slice(50).map((id) => rawSession({ TrafficMirrorSessionId: id })),
          { TotalCount: 100, NextToken: '' },
        );
      });
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, (uri) => {
        seen.push(new URL(uri, HK).searchParams);
        return pageBody(
          ids.slice(50).map((id) => rawSession({ TrafficMirrorSessionId: id })),
          { TotalCount: 100, NextToken: '' },
        );
      });
    const first = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(`cn-hongkong limit:50 id:${ids.join(',')}`);
    const page1 = await first;
    const next = buttonsOf(page1).get(ActionId.NextPage)!;
    expect(next.length).toBeLessThanOrEqual(2000);
    const page2 = await click(ActionId.NextPage, next);
    expect(textOf(page2)).toContain(ids[99]);
    expect(seen[0]?.get('TrafficMirrorSessionIds.100')).toBe(ids[99]);
    expect(seen[0]?.get('NextToken')).toBe('TOKEN-BIG-2');
  });

  it('lists limit:100 as one valid compact message', async () => {
    const sessions = Array.from({ length: 100 }, (_, i) =>
      rawSession({
        TrafficMirrorSessionId: `tms-j6cmany${String(i).padStart(13, '0')}`,
        TrafficMirrorSessionName: `${'long-session-name-'.repeat(7)}${i}`,
        TrafficMirrorSourceIds: Array.from(
          { length: 10 },
          (_, j) => `eni-j6c8znm5l1yt4sox${String(j).padStart(4, '0')}`,
        ),
        Tags: Array.from({ length: 20 }, (_, j) => ({ Key: `key-${j}`, Value: `value-${'v'.repeat(100)}` })),
        TrafficMirrorSessionDescription: 'd'.repeat(256),
      }),
    );
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody(sessions, { TotalCount: 250, NextToken: 'TOKEN-2' }));
    const first = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong limit:100');
    const message = await first;
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    for (const session of sessions) expect(textOf(message)).toContain(String(session.TrafficMirrorSessionId));
    expect(textOf(message)).toMatch(/1–100 of 250/);
  });
});
