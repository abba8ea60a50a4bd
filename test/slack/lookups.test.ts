/**
 * No misleading empties: a bare id needs no region, a malformed id never reaches the API, and an empty answer says
 * what the bot can know better (a tag key's case, an ENI seen elsewhere or nowhere).
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { type Bot, buttonsOf, captureResponse, HK, startBot, textOf } from './harness';

const SH = 'https://vpc.cn-shanghai.aliyuncs.com';
const TAP = 'tms-j6cla50buc44ap8tu001';
const ENI = 'eni-j6c8znm5l1yt4sox0001';

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** Answers every call to `origin` with `body(params)`, recording the parameters. */
function api(origin: string, body: (p: URLSearchParams) => Record<string, unknown>, seen: URLSearchParams[] = []) {
  nock(origin)
    .get('/')
    .query(true)
    .times(20)
    .reply((uri) => {
      const params = new URL(uri, origin).searchParams;
      seen.push(params);
      return [200, JSON.stringify(body(params)), { 'content-type': 'application/json' }];
    });
  return seen;
}

describe('a bare id with no region and no default', () => {
  it('`/mirrors tms-…` looks in every configured region and names the one where it was found', async () => {
    bot = await startBot({ regions: ['cn-hongkong', 'cn-shanghai'] });
    const hk = api(HK, () =>
      pageBody([rawSession({ TrafficMirrorSessionId: TAP, TrafficMirrorSessionName: 'finance-ids-tap' })]),
    );
    const sh = api(SH, () => pageBody([]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    const ack = await bot.command(TAP);
    expect(ack.body).toBe('');
    const message = await reply;
    const text = textOf(message);
    expect(text).toContain('finance-ids-tap');
    expect(text).toMatch(/Found in `cn-hongkong`/);
    expect(text).toContain('searched 2 configured regions');
    expect(hk[0]?.get('TrafficMirrorSessionIds.1')).toBe(TAP);
    expect(sh[0]?.get('TrafficMirrorSessionIds.1')).toBe(TAP);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('`/mirrors eni-…` found nowhere says so for every region and asks to check the id', async () => {
    bot = await startBot({ regions: ['cn-hongkong', 'cn-shanghai'] });
    const hk = api(HK, () => pageBody([]));
    const sh = api(SH, () => pageBody([]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(ENI);
    const text = textOf(await reply);
    expect(text).toContain(`${ENI}\` appears in no traffic mirror session`);
    expect(text).toContain('any of the 2 configured regions');
    expect(text).toContain('Check the id');
    // Both roles in both regions.
    expect(hk.map((p) => p.has('TrafficMirrorSourceId') || p.has('TrafficMirrorTargetId'))).toEqual([true, true]);
    expect(sh).toHaveLength(2);
  });

  it('Retry on a search where a region failed re-runs the search everywhere', async () => {
    bot = await startBot({ regions: ['cn-hongkong', 'cn-shanghai'], cloudBudgetMs: 500 });
    api(HK, () => pageBody([]));
    nock(SH).get('/').query(true).times(20).reply(503, { Code: 'ServiceUnavailable', RequestId: 'R1' });
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(TAP);
    const message = await reply;
    expect(textOf(message)).toContain('cn-shanghai');
    expect(buttonsOf(message).has(ActionId.Retry)).toBe(true);
  });

  it('with a default region, a bare id still means that region', async () => {
    bot = await startBot({ regions: ['cn-hongkong', 'cn-shanghai'], defaultRegion: 'cn-hongkong' });
    const hk = api(HK, () => pageBody([]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command(TAP);
    await reply;
    expect(hk).toHaveLength(1);
  });
});

describe('malformed ids never reach the API', () => {
  it.each([
    ['cn-hongkong target:eni-1', /check the id: `eni-` ids are `eni-` followed by 20 lowercase letters and digits/],
    ['cn-hongkong eni-j6c8znm5l1yt4sox001', /this one has 19, so it may be cut short/],
    ['cn-hongkong eni-j6c8znm5l1yt4sox00O1', /mixes capitals in/],
  ])('%s', async (command, rule) => {
    bot = await startBot();
    const ack = await bot.command(command);
    expect(ack.body).toMatch(rule);
    expect(ack.body).not.toContain('Try fewer filters');
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('an empty answer says what the bot knows better', () => {
  it('a tag key that differs only in case from one App Home scanned', async () => {
    bot = await startBot();
    api(HK, (p) =>
      p.get('MaxResults') === '100'
        ? pageBody([rawSession({ Tags: [{ Key: 'FinanceDept', Value: 'FinanceJoshua' }] })])
        : pageBody([]),
    );
    await bot.deps.overviews.overviews(['cn-hongkong']);
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong tag:financedept');
    const text = textOf(await reply);
    expect(text).toContain('case-sensitive');
    expect(text).toContain('/mirrors cn-hongkong tag:FinanceDept');
  });

  it('an ENI that no scanned region has ever mirrored: check the id', async () => {
    bot = await startBot();
    api(HK, (p) => (p.get('MaxResults') === '100' ? pageBody([rawSession()]) : pageBody([])));
    await bot.deps.overviews.overviews(['cn-hongkong']);
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong eni-j6c8znm5l1yt4sox0999');
    const text = textOf(await reply);
    expect(text).toContain('appears in no session of the 1 region the bot has scanned');
    expect(text).toContain('Check the id');
  });
});
