import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstState, nextState } from '../../src/paging';
import type { MirrorQuery } from '../../src/query/types';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { type ApiCall, watchApi } from '../helpers/signed-views';
import { type Bot, buttonsOf, captureResponse, HK, type SlackMessageBody, startBot, textOf } from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

const QUERY: MirrorQuery = {
  scope: { kind: 'region', region: 'cn-hongkong' },
  filters: { tags: [{ key: 'FinanceDept' }], sessionIds: [] },
  limit: 2,
};

function sessions(from: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) =>
    rawSession({
      TrafficMirrorSessionId: `tms-j6cshare${String(from + i).padStart(8, '0')}`,
      TrafficMirrorSessionName: `shared-${from + i}`,
    }),
  );
}

/** Page 1 (no token) and page 2 (TOKEN-2) of a 4-session result; records the tokens asked for. */
function twoPageApi(tokens: Array<string | null>): void {
  nock(HK)
    .get('/')
    .query(true)
    .times(5)
    .reply((uri) => {
      const token = new URL(uri, HK).searchParams.get('NextToken');
      tokens.push(token);
      return token === 'TOKEN-2'
        ? [200, pageBody(sessions(3, 2), { TotalCount: 4 })]
        : [200, pageBody(sessions(1, 2), { TotalCount: 4, NextToken: 'TOKEN-2' })];
    });
}

let clicks = 0;
async function share(value: string): Promise<{ reply: Promise<SlackMessageBody>; path: string }> {
  clicks += 1;
  const path = `/actions/T0MIRRORS/share${clicks}/btn`;
  const reply = captureResponse(path);
  const response = await bot.click({ actionId: ActionId.Share, value, responseUrl: `https://hooks.slack.com${path}` });
  expect(response.status).toBe(200);
  return { reply, path };
}

function posted(call: ApiCall): SlackMessageBody {
  return { text: String(call.text ?? ''), blocks: call.blocks as SlackMessageBody['blocks'] };
}

describe('Share in channel', () => {
  it('posts the page the user is looking at to the channel, marked with who shared it, with paging and without Share', async () => {
    const tokens: Array<string | null> = [];
    twoPageApi(tokens);
    const first = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong tag:FinanceDept limit:2');
    const ephemeral = await first;
    const shareValue = buttonsOf(ephemeral).get(ActionId.Share);
    expect(shareValue).toBeDefined();

    const postMessage = watchApi('chat.postMessage', () => ({
      ok: true,
      channel: 'C0INCIDENT',
      ts: '1732600002.000100',
    }));
    await share(shareValue!);
    const call = await postMessage.nth(1);
    expect(call.channel).toBe('C0INCIDENT');
    expect(call.thread_ts).toBeUndefined();
    const message = posted(call);
    const top = message.blocks?.[0] as { type: string; elements: Array<{ text: string }> };
    expect(top.type).toBe('context');
    expect(top.elements[0]?.text).toContain('Shared by <@U0ONCALL>');
    expect(message.text).toContain('Shared by <@U0ONCALL>');
    const text = textOf(message);
    expect(text).toContain('shared-1');
    expect(text).toContain('shared-2');
    const buttons = buttonsOf(message);
    expect(buttons.has(ActionId.Share)).toBe(false);
    expect(buttons.has(ActionId.NextPage)).toBe(true);
    expect(buttons.has(ActionId.Details)).toBe(true);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    // The list was read again for the share: it may be hours old.
    expect(tokens).toEqual([null, null]);
  });

  it('shares once: the original becomes "Shared in #channel by @you" without Share, and a second click posts nothing', async () => {
    twoPageApi([]);
    const value = bot.encode(firstState(QUERY, 'cn-hongkong'));
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true, channel: 'C0INCIDENT', ts: '1' }), 2);
    const { reply } = await share(value);
    await postMessage.nth(1);
    const original = await reply;
    expect(original.replace_original).toBe(true);
    expect(original.response_type).toBe('ephemeral');
    const top = original.blocks?.[0] as { type: string; elements: Array<{ text: string }> };
    expect(top.elements[0]?.text).toBe(':white_check_mark: Shared in <#C0INCIDENT> by <@U0ONCALL>');
    expect(buttonsOf(original).has(ActionId.Share)).toBe(false);
    expect(buttonsOf(original).has(ActionId.NextPage)).toBe(true);
    expect(textOf(original)).toContain('shared-1');
    expect(validateMessage(original.blocks as never, 'message')).toEqual([]);

    // A stale copy of the same button (another screen, a double click): told, not posted again.
    const second = await share(value);
    const answer = await second.reply;
    expect(answer.replace_original).toBe(false);
    expect(textOf(answer)).toContain('Already shared in <#C0INCIDENT>');
    expect(postMessage.calls).toHaveLength(1);
  });

  it('lets a share that failed be tried again', async () => {
    twoPageApi([]);
    const value = bot.encode(firstState(QUERY, 'cn-hongkong'));
    watchApi('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    expect(textOf(await (await share(value)).reply)).toContain('/invite @mirrors');
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true, channel: 'C0INCIDENT', ts: '2' }));
    await share(value);
    expect((await postMessage.nth(1)).channel).toBe('C0INCIDENT');
  });

  it('shares the current page, not the first', async () => {
    const tokens: Array<string | null> = [];
    twoPageApi(tokens);
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true, channel: 'C0INCIDENT', ts: '1' }));
    await share(bot.encode(nextState(firstState(QUERY, 'cn-hongkong'), 'TOKEN-2')));
    const message = posted(await postMessage.nth(1));
    expect(tokens).toEqual(['TOKEN-2']);
    expect(textOf(message)).toContain('shared-3');
    expect(textOf(message)).toContain('page 2');
    expect(buttonsOf(message).has(ActionId.PreviousPage)).toBe(true);
  });

  it('explains how to add the bot when it is not in the channel', async () => {
    twoPageApi([]);
    watchApi('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    const { reply } = await share(bot.encode(firstState(QUERY, 'cn-hongkong')));
    const message = await reply;
    expect(message.response_type).toBe('ephemeral');
    expect(message.replace_original).toBe(false);
    const text = textOf(message);
    expect(text).toContain('/invite @mirrors');
    expect(text).toMatch(/mention it, then share again/);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('explains a private channel or DM the bot cannot see', async () => {
    twoPageApi([]);
    watchApi('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    const { reply } = await share(bot.encode(firstState(QUERY, 'cn-hongkong')));
    const text = textOf(await reply);
    expect(text).toMatch(/private channel/);
    expect(text).toContain('/invite @mirrors');
  });

  it('says it could not share, with a reference in the log, for any other Slack error', async () => {
    twoPageApi([]);
    watchApi('chat.postMessage', () => ({ ok: false, error: 'is_archived' }));
    const { reply } = await share(bot.encode(firstState(QUERY, 'cn-hongkong')));
    const text = textOf(await reply);
    expect(text).toMatch(/Couldn't share the list/);
    const ref = /ref `([0-9a-f]{8})`/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(bot.lines.join('\n')).toContain(ref!);
    expect(bot.lines.join('\n')).toContain('is_archived');
  });

  it('refuses a tampered button without calling the API or posting', async () => {
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }));
    const good = bot.encode(firstState(QUERY, 'cn-hongkong'));
    const { reply } = await share(`${good.slice(0, -3)}AAA`);
    expect(textOf(await reply)).toMatch(/isn't valid/);
    expect(postMessage.calls).toHaveLength(0);
  });

  it('keeps a cloud error beside the list instead of posting it to the channel', async () => {
    nock(HK).get('/').query(true).reply(403, { RequestId: 'R-SHARE', Code: 'Forbidden.RAM', Message: 'denied' });
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }));
    const { reply } = await share(bot.encode(firstState(QUERY, 'cn-hongkong')));
    const message = await reply;
    expect(message.replace_original).toBe(false);
    expect(textOf(message)).toMatch(/isn't allowed/);
    expect(postMessage.calls).toHaveLength(0);
  });
});
