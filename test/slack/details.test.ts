import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId, detailsValue } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/limits';
import { pageBody, rawSession } from '../cloud/helpers';
import { HK, captureResponse, startBot, textOf, type Bot } from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

describe('Details', () => {
  it('re-reads the session and shows every field and tag beside the list', async () => {
    const tags = Array.from({ length: 20 }, (_, i) => ({ Key: `key-${i}`, Value: `value-${i}` }));
    let asked: string | null = null;
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, (uri) => {
        asked = new URL(uri, HK).searchParams.get('TrafficMirrorSessionIds.1');
        return pageBody([rawSession({ TrafficMirrorSessionId: 'tms-j6cdetail0001', TrafficMirrorSessionName: 'detail-me', Tags: tags })]);
      });
    const reply = captureResponse('/actions/T0MIRRORS/d1/btn');
    await bot.click({ actionId: ActionId.Details, value: detailsValue('cn-hongkong', 'tms-j6cdetail0001'), responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d1/btn' });
    const message = await reply;
    expect(asked).toBe('tms-j6cdetail0001');
    expect(message.replace_original).toBe(false);
    const text = textOf(message);
    expect(text).toContain('detail-me');
    for (const tag of tags) expect(text).toContain(tag.Key);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('says so when the session has been deleted since the list was drawn', async () => {
    nock(HK).get('/').query(true).reply(200, pageBody([]));
    const reply = captureResponse('/actions/T0MIRRORS/d2/btn');
    await bot.click({ actionId: ActionId.Details, value: detailsValue('cn-hongkong', 'tms-j6cgone0001'), responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d2/btn' });
    expect(textOf(await reply)).toMatch(/tms-j6cgone0001.*no longer exists/);
  });

  it('refuses a value that is not region/session', async () => {
    const reply = captureResponse('/actions/T0MIRRORS/d3/btn');
    await bot.click({ actionId: ActionId.Details, value: 'https://evil.example/x', responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d3/btn' });
    expect(textOf(await reply)).toMatch(/isn't valid/);
  });
});
