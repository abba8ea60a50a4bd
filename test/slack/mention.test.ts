import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { eventBody, postSigned } from '../helpers/signed';
import { type ApiCall, watchApi } from '../helpers/signed-views';
import {
  type Bot,
  buttonsOf,
  captureResponse,
  HK,
  SIGNING_SECRET,
  type SlackMessageBody,
  startBot,
  textOf,
} from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

const THREAD = '1732600000.000100';
let eventTs = 0;
function mention(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  eventTs += 1;
  const ts = `1732600100.${String(eventTs).padStart(6, '0')}`;
  return {
    type: 'app_mention',
    user: 'U0ONCALL',
    text,
    channel: 'C0INCIDENT',
    ts,
    event_ts: ts,
    thread_ts: THREAD,
    ...extra,
  };
}

const sessionsOnPage = (page: number) =>
  Array.from({ length: 2 }, (_, i) => {
    const n = (page - 1) * 2 + i + 1;
    return rawSession({
      TrafficMirrorSessionId: `tms-j6cthread${String(n).padStart(10, '0')}`,
      TrafficMirrorSessionName: `thread-mirror-${n}`,
    });
  });

/** Two pages of two sessions behind TOKEN-2; records each call's parameters. */
function twoPageApi(seen: URLSearchParams[] = []): URLSearchParams[] {
  nock(HK)
    .get('/')
    .query(true)
    .times(10)
    .reply((uri) => {
      const params = new URL(uri, HK).searchParams;
      seen.push(params);
      return params.get('NextToken') === 'TOKEN-2'
        ? [200, pageBody(sessionsOnPage(2), { TotalCount: 4 })]
        : [200, pageBody(sessionsOnPage(1), { TotalCount: 4, NextToken: 'TOKEN-2' })];
    });
  return seen;
}

function posted(call: ApiCall): SlackMessageBody {
  return { text: String(call.text ?? ''), blocks: call.blocks as SlackMessageBody['blocks'] };
}

/** A click on a message everyone sees, in a thread: the shape Slack sends for a bot's public message. */
async function clickPublic(actionId: string, value: string, responseUrl: string): Promise<Response> {
  const payload = {
    type: 'block_actions',
    user: { id: 'U0OTHER', username: 'colleague', name: 'colleague', team_id: 'T0MIRRORS' },
    api_app_id: 'A0MIRRORS',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: '1732600200.000100',
      channel_id: 'C0INCIDENT',
      is_ephemeral: false,
      thread_ts: THREAD,
    },
    trigger_id: '1234.5678.abcd',
    team: { id: 'T0MIRRORS', domain: 'mirrors-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'C0INCIDENT', name: 'incidents' },
    message: {
      type: 'message',
      user: 'U0BOT',
      bot_id: 'B0BOT',
      ts: '1732600200.000100',
      thread_ts: THREAD,
      text: 'list',
    },
    response_url: responseUrl,
    actions: [
      {
        action_id: actionId,
        block_id: 'mirrors_paging',
        text: { type: 'plain_text', text: 'x' },
        value,
        type: 'button',
        action_ts: '1732600201.000200',
      },
    ],
  };
  return postSigned(
    bot.url,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
    { secret: SIGNING_SECRET },
  );
}

/** Gives the bot time to (not) do something, then checks that it did nothing. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe('@mirrors in a thread', () => {
  it('replies in the thread for everyone, with the list and paging, without the bot mention in the query', async () => {
    const seen = twoPageApi();
    const postMessage = watchApi('chat.postMessage', () => ({
      ok: true,
      channel: 'C0INCIDENT',
      ts: '1732600200.000100',
    }));
    const response = await bot.event(mention('<@U0BOT> cn-hongkong tag:FinanceDept limit:2'));
    expect(response.status).toBe(200);
    const call = await postMessage.nth(1);
    expect(call.channel).toBe('C0INCIDENT');
    expect(call.thread_ts).toBe(THREAD);
    const message = posted(call);
    const text = textOf(message);
    expect(text).toContain('thread-mirror-1');
    expect(text).toMatch(/1–2 of 4/);
    expect(seen[0]?.get('Tags.1.Key')).toBe('FinanceDept');
    expect(seen[0]?.get('MaxResults')).toBe('2');
    const buttons = buttonsOf(message);
    expect(buttons.has(ActionId.NextPage)).toBe(true);
    expect(buttons.has(ActionId.Share)).toBe(false);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);

    // Anyone in the thread pages it, and the message changes in place for everyone.
    const path = '/actions/T0MIRRORS/thread/next';
    const replaced = captureResponse(path);
    expect(
      (await clickPublic(ActionId.NextPage, buttons.get(ActionId.NextPage)!, `https://hooks.slack.com${path}`)).status,
    ).toBe(200);
    const page2 = await replaced;
    expect(page2.response_type).toBe('in_channel');
    expect(page2.replace_original).toBe(true);
    expect(textOf(page2)).toContain('thread-mirror-3');
    expect(textOf(page2)).toMatch(/page 2/);
    expect(buttonsOf(page2).has(ActionId.Share)).toBe(false);
    expect(buttonsOf(page2).has(ActionId.PreviousPage)).toBe(true);

    const back = '/actions/T0MIRRORS/thread/prev';
    const restored = captureResponse(back);
    await clickPublic(
      ActionId.PreviousPage,
      buttonsOf(page2).get(ActionId.PreviousPage)!,
      `https://hooks.slack.com${back}`,
    );
    const page1 = await restored;
    expect(page1.response_type).toBe('in_channel');
    expect(page1.replace_original).toBe(true);
    expect(textOf(page1)).toContain('thread-mirror-1');
  });

  it('starts a thread under a top-level mention', async () => {
    twoPageApi();
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }));
    const event = mention('<@U0BOT> cn-hongkong', { thread_ts: undefined });
    await bot.event(event);
    const call = await postMessage.nth(1);
    expect(call.thread_ts).toBe(event.ts);
  });

  it('answers a bare mention with a short help, only to the person who asked, in the thread', async () => {
    const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1732600300.000100' }));
    await bot.event(mention('<@U0BOT>'));
    const call = await ephemeral.nth(1);
    expect(call.thread_ts).toBe(THREAD);
    expect(call.user).toBe('U0ONCALL');
    const text = textOf(posted(call));
    expect(text).toContain('@mirrors eni-…');
    expect(text).toContain('/mirrors help');
    // Short: one section, not the manual with every filter.
    expect(posted(call).blocks).toHaveLength(1);
    expect(text).not.toContain('vni:N');
    expect(validateMessage(posted(call).blocks as never, 'message')).toEqual([]);
  });

  it.each([['<@U0BOT> help'], ['<@U0BOT|mirrors>   HELP ']])(
    'answers %j with the full help, only to the person who asked, in the thread',
    async (text) => {
      const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1732600300.000100' }));
      await bot.event(mention(text));
      const call = await ephemeral.nth(1);
      expect(call.thread_ts).toBe(THREAD);
      expect(call.user).toBe('U0ONCALL');
      expect(textOf(posted(call))).toContain('cn-hongkong tag:FinanceDept');
      expect(textOf(posted(call))).toContain('vni:N');
    },
  );

  it('answers a bare mention with help even when a default region is set', async () => {
    const withDefault = await startBot({ defaultRegion: 'cn-hongkong' });
    try {
      const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1732600300.000100' }));
      const body = mention('<@U0BOT>');
      await postSigned(withDefault.url, eventBody(body), 'application/json', { secret: SIGNING_SECRET });
      expect(textOf(posted(await ephemeral.nth(1)))).toContain('@mirrors cn-hongkong');
    } finally {
      await withDefault.stop();
    }
  });

  it("strips every mention of the bot and undoes Slack's escaping", async () => {
    const seen = twoPageApi();
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }));
    await bot.event(mention('<@U0BOT> cn-hongkong name:"db &amp; &lt;tap&gt;" <@U0BOT|mirrors>'));
    await postMessage.nth(1);
    expect(seen[0]?.get('TrafficMirrorSessionName')).toBe('db & <tap>');
  });

  it('tells only the asker, in the thread, what was wrong with a term', async () => {
    const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1732600300.000100' }));
    await bot.event(mention('<@U0BOT> cn-hongkong vni:99999999'));
    const call = await ephemeral.nth(1);
    expect(call.channel).toBe('C0INCIDENT');
    expect(call.user).toBe('U0ONCALL');
    expect(call.thread_ts).toBe(THREAD);
    const text = textOf(posted(call));
    expect(text).toContain('vni:99999999');
    expect(text).toContain('0 to 16777215');
    expect(validateMessage(call.blocks as never, 'message')).toEqual([]);
  });

  it('answers a list query with ENI and all too (the same grammar)', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .times(2)
      .reply(200, pageBody([], { TotalCount: 0 }));
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }));
    await bot.event(mention('<@U0BOT> cn-hongkong eni-00j6cmention00000001'));
    const call = await postMessage.nth(1);
    expect(call.text).toBe(
      'eni-00j6cmention00000001 appears in no traffic mirror session in cn-hongkong (neither as a source nor as a target).',
    );
  });

  it('never answers bots, itself, or edits: no reply loops', async () => {
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }), 5);
    for (const event of [
      mention('<@U0BOT> cn-hongkong', { bot_id: 'B0OTHER', user: 'U0OTHERBOT' }),
      mention('<@U0BOT> cn-hongkong', { subtype: 'bot_message' }),
      mention('<@U0BOT> cn-hongkong', { user: 'U0BOT' }),
      mention('<@U0BOT> cn-hongkong', { edited: { user: 'U0ONCALL', ts: '1732600400.000100' } }),
    ]) {
      expect((await bot.event(event)).status).toBe(200);
    }
    await settle();
    expect(postMessage.calls).toHaveLength(0);
  });

  it('answers a reply that was also sent to the channel, in its thread', async () => {
    twoPageApi();
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }));
    await bot.event(mention('<@U0BOT> cn-hongkong', { subtype: 'thread_broadcast' }));
    expect((await postMessage.nth(1)).thread_ts).toBe(THREAD);
  });

  it('answers a mention once, even when Slack delivers it again', async () => {
    twoPageApi();
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }), 2);
    const event = mention('<@U0BOT> cn-hongkong');
    await bot.event(event);
    await postMessage.nth(1);
    await bot.event(event);
    await settle();
    expect(postMessage.calls).toHaveLength(1);
  });

  it('logs when it may not post in the channel, and keeps working', async () => {
    twoPageApi();
    const refused = watchApi('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    await bot.event(mention('<@U0BOT> cn-hongkong'));
    await refused.nth(1);
    await expect
      .poll(() => bot.lines.some((l) => l.includes('cannot post in thread here') && l.includes('not_in_channel')), {
        timeout: 5_000,
      })
      .toBe(true);

    const ok = watchApi('chat.postMessage', () => ({ ok: true }));
    await bot.event(mention('<@U0BOT> cn-hongkong'));
    expect(textOf(posted(await ok.nth(1)))).toContain('thread-mirror-1');
  });

  it('logs a validation reply that cannot be delivered', async () => {
    const refused = watchApi('chat.postEphemeral', () => ({ ok: false, error: 'channel_not_found' }));
    await bot.event(mention('<@U0BOT> cn-hongkong limit:0'));
    await refused.nth(1);
    await expect
      .poll(() => bot.lines.some((l) => l.includes('cannot post ephemeral in thread here')), { timeout: 5_000 })
      .toBe(true);
  });

  it('survives a Slack 500 on chat.postMessage: the Web API client tries again', async () => {
    twoPageApi();
    nock('https://slack.com').post('/api/chat.postMessage').reply(500, 'busy');
    const ok = watchApi('chat.postMessage', () => ({ ok: true }));
    await bot.event(mention('<@U0BOT> cn-hongkong'));
    expect(textOf(posted(await ok.nth(1)))).toContain('thread-mirror-1');
  });

  it('logs and survives when Slack keeps failing', async () => {
    twoPageApi();
    nock('https://slack.com').post('/api/chat.postMessage').times(5).reply(503, 'down');
    await bot.event(mention('<@U0BOT> cn-hongkong'));
    await expect
      .poll(() => bot.lines.some((l) => l.includes('could not post in thread')), { timeout: 15_000 })
      .toBe(true);
    expect(bot.lines.join('\n')).not.toContain('unhandled listener error');
    expect(bot.lines.join('\n')).not.toContain('xoxb-integration');
  });
});
