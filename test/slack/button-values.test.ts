import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstState } from '../../src/paging';
import { sealDetails, sealHomeList } from '../../src/slack/guard/button-values';
import { inTeam } from '../../src/slack/guard/team-scope';
import { ActionId } from '../../src/views/action-ids';
import { watchApi } from '../helpers/signed-views';
import { type Bot, captureResponse, HK, HOOKS, startBot, textOf } from './harness';

/**
 * Details and Home "List sessions" values are signed like every other button, name only configured regions, and
 * every button value is bound to the workspace it was minted in. A refused value makes no API call at all.
 */
let bot: Bot;
let vpcCalls = 0;
beforeEach(async () => {
  bot = await startBot({ regions: ['cn-hongkong', 'cn-shanghai'] });
  vpcCalls = 0;
  // Any VPC call at all is counted (and answered), so "no call" is observable.
  for (const host of [HK, 'https://vpc.cn-shanghai.aliyuncs.com', 'https://vpc.us-east-1.aliyuncs.com'])
    nock(host)
      .get('/')
      .query(true)
      .times(10)
      .reply(() => {
        vpcCalls += 1;
        return [200, { RequestId: 'r', TrafficMirrorSessions: [], TotalCount: 0 }];
      });
});
afterEach(async () => {
  await bot.stop();
});

const SESSION = 'tms-j6cvalue000001';
const OTHER_TEAM = 'T0ELSEWHERE';
let clicks = 0;

/** Clicks a button beside an ephemeral list; resolves with what the clicker was told. */
async function clickBeside(actionId: string, value: string): Promise<string> {
  clicks += 1;
  const path = `/actions/T0MIRRORS/values/${clicks}`;
  const reply = captureResponse(path);
  const response = await bot.click({ actionId, value, responseUrl: `${HOOKS}${path}` });
  expect(response.status).toBe(200);
  return textOf(await reply);
}

describe('Details values', () => {
  it.each([
    ['the old plain form', `cn-hongkong/${SESSION}`],
    ['a plain value for a region outside MIRRORS_REGIONS', `us-east-1/${SESSION}`],
    ['garbage', 'x'.repeat(300)],
    ['a Home list value in its place', 'HOME'],
  ])('refuses %s, opens no modal and calls nothing', async (_name, value) => {
    const opened = watchApi('views.open', () => ({ ok: true, view: { id: 'V0', hash: 'h' } }));
    const forged = value === 'HOME' ? bot.homeList('cn-hongkong') : value;
    expect(await clickBeside(ActionId.Details, forged)).toMatch(/isn't valid/);
    expect(opened.calls).toHaveLength(0);
    expect(vpcCalls).toBe(0);
  });

  it('refuses a correctly signed value naming a region the bot is not configured for', async () => {
    expect(await clickBeside(ActionId.Details, bot.details('us-east-1', SESSION))).toMatch(/isn't valid/);
    expect(vpcCalls).toBe(0);
  });

  it('accepts the value the bot minted, for a configured region', async () => {
    const opened = watchApi('views.open', () => ({ ok: true, view: { id: 'V0', hash: 'h' } }));
    watchApi('views.update', () => ({ ok: true, view: { id: 'V0', hash: 'h2' } }));
    await bot.click({ actionId: ActionId.Details, value: bot.details('cn-shanghai', SESSION), responseUrl: '' });
    await opened.nth(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vpcCalls).toBe(1);
  });
});

describe('values from another workspace', () => {
  const minted = <T>(work: () => T): T => inTeam(OTHER_TEAM, work);

  it.each([
    [ActionId.NextPage, () => bot.deps.codec.encode(firstState(queryOf('cn-hongkong'), 'cn-hongkong'))],
    [ActionId.Share, () => bot.deps.codec.encode(firstState(queryOf('cn-hongkong'), 'cn-hongkong'))],
    [ActionId.ShowCli, () => bot.deps.codec.encode(firstState(queryOf('cn-hongkong'), 'cn-hongkong'))],
    [ActionId.Details, () => sealDetails(bot.deps.codec, 'cn-hongkong', SESSION)],
  ])('%s minted in another workspace is refused here, and calls nothing', async (actionId, mint) => {
    const text = await clickBeside(actionId, minted(mint));
    expect(text).toMatch(/isn't valid/);
    expect(vpcCalls).toBe(0);
  });

  it("Home's List sessions minted in another workspace is refused in the DM, and lists nothing", async () => {
    const dm = watchApi('chat.postMessage', () => ({ ok: true, channel: 'D0', ts: '1.2' }));
    const value = minted(() => sealHomeList(bot.deps.codec, 'cn-hongkong'));
    await bot.click({ actionId: ActionId.HomeListRegion, value, responseUrl: '', container: 'home' });
    expect(String((await dm.nth(1)).text)).toMatch(/isn't valid/);
    expect(vpcCalls).toBe(0);
  });

  it("Home's List sessions with a plain region (the old form) is refused", async () => {
    const dm = watchApi('chat.postMessage', () => ({ ok: true, channel: 'D0', ts: '1.2' }));
    await bot.click({ actionId: ActionId.HomeListRegion, value: 'cn-hongkong', responseUrl: '', container: 'home' });
    expect(String((await dm.nth(1)).text)).toMatch(/isn't valid/);
    expect(vpcCalls).toBe(0);
  });
});

function queryOf(region: string) {
  return { scope: { kind: 'region' as const, region }, filters: { tags: [], sessionIds: [] }, limit: 10 };
}
