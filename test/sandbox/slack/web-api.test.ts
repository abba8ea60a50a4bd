/**
 * The Web API stand-in, driven by the same WebClient the bot uses.
 */
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from '../../../src/sandbox/slack';

const TOKEN = 'xoxb-web-api-test';
let slack: SlackStandIn;
let client: webApi.WebClient;

/** The WebClient logs Slack's response_metadata messages; these tests provoke them on purpose. */
const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};

beforeAll(async () => {
  slack = await startSlackStandIn({
    signingSecret: 'secret',
    botToken: TOKEN,
    botEventsUrl: 'http://127.0.0.1:9/slack/events',
  });
  client = new webApi.WebClient(TOKEN, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quiet,
  });
});

afterAll(async () => {
  await slack.close();
});

afterEach(() => slack.reset());

/** The Slack error code a WebClient call failed with. */
async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    if (data?.error) return data.error;
    throw error;
  }
  throw new Error('the call succeeded');
}

const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

describe('auth', () => {
  it('answers auth.test with the bot identity', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, user_id: slack.botUserId, bot_id: slack.botId, team_id: slack.teamId });
  });

  it('rejects a wrong token with invalid_auth and no token with not_authed', async () => {
    const wrong = new webApi.WebClient('xoxb-wrong', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      logger: quiet,
    });
    expect(await slackError(wrong.auth.test())).toBe('invalid_auth');
    const raw = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
    expect(await raw.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('accepts the token as a form field, and answers unknown methods with unknown_method', async () => {
    const form = await fetch(`${slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    });
    expect(await form.json()).toMatchObject({ ok: true });
    expect(await slackError(client.apiCall('files.nope'))).toBe('unknown_method');
  });
});

describe('chat.*', () => {
  it('posts with form-encoded blocks (the WebClient) and with a JSON body', async () => {
    const posted = await client.chat.postMessage({
      channel: slack.channels.incidents,
      text: 'fallback',
      blocks: [section('*hi*')],
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({ bot_id: slack.botId, text: 'fallback' });
    const json = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: '#incidents', text: 'by name' }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: slack.channels.incidents });
    expect(slack.messages({ channel: slack.channels.incidents }).map((m) => m.text)).toEqual(['fallback', 'by name']);
  });

  it('answers not_in_channel where the bot is not a member, channel_not_found for unknown ones, no_text for nothing', async () => {
    expect(await slackError(client.chat.postMessage({ channel: slack.channels.notMember, text: 'x' }))).toBe(
      'not_in_channel',
    );
    expect(await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe('channel_not_found');
    expect(await slackError(client.chat.postMessage({ channel: slack.channels.incidents, text: '' }))).toBe('no_text');
  });

  it('threads replies, and links a reply-to-a-reply to the parent', async () => {
    const parent = await client.chat.postMessage({ channel: slack.channels.incidents, text: 'parent' });
    const reply = await client.chat.postMessage({
      channel: slack.channels.incidents,
      text: 'reply',
      thread_ts: parent.ts ?? '',
    });
    await client.chat.postMessage({ channel: slack.channels.incidents, text: 'nested', thread_ts: reply.ts ?? '' });
    expect(slack.messages({ threadTs: parent.ts ?? '' }).map((m) => m.text)).toEqual(['reply', 'nested']);
    expect(slack.message(slack.channels.incidents, parent.ts ?? '')?.replyCount).toBe(2);
  });

  it('posts ephemeral messages that chat.update cannot reach', async () => {
    const eph = await client.chat.postEphemeral({
      channel: slack.channels.incidents,
      user: slack.defaultUserId,
      text: 'only you',
    });
    expect(eph.message_ts).toMatch(/^\d+\.\d+$/);
    expect(slack.messages({ visibleTo: slack.otherUserId })).toEqual([]);
    expect(
      await slackError(client.chat.update({ channel: slack.channels.incidents, ts: eph.message_ts ?? '', text: 'x' })),
    ).toBe('message_not_found');
    expect(
      await slackError(client.chat.postEphemeral({ channel: slack.channels.incidents, user: 'U0NOBODY', text: 'x' })),
    ).toBe('user_not_found');
  });

  it('updates its own messages and gives permalinks into the console', async () => {
    const posted = await client.chat.postMessage({ channel: slack.channels.incidents, text: 'v1' });
    const updated = await client.chat.update({ channel: slack.channels.incidents, ts: posted.ts ?? '', text: 'v2' });
    expect(updated).toMatchObject({ ok: true, text: 'v2' });
    expect(slack.message(slack.channels.incidents, posted.ts ?? '')).toMatchObject({ text: 'v2', edits: 1 });
    const user = slack.postUserMessage('mine');
    expect(await slackError(client.chat.update({ channel: slack.channels.incidents, ts: user.ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
    const link = await client.chat.getPermalink({ channel: slack.channels.incidents, message_ts: posted.ts ?? '' });
    expect(link.permalink).toBe(
      `${slack.consoleUrl}archives/${slack.channels.incidents}/p${(posted.ts ?? '').replace('.', '')}`,
    );
  });
});

describe('block validation', () => {
  it('answers invalid_blocks from the built-in check with json-pointers', async () => {
    const error = await client.chat
      .postMessage({ channel: slack.channels.incidents, text: 'x', blocks: [section('x'.repeat(3001))] })
      .catch((e: unknown) => e);
    const data = (error as { data: { error: string; errors: string[]; response_metadata: { messages: string[] } } })
      .data;
    expect(data.error).toBe('invalid_blocks');
    expect(data.errors[0]).toContain('[json-pointer:/blocks/0/text/text]');
    expect(data.response_metadata.messages).toEqual(data.errors);
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(
      await slackError(client.chat.postMessage({ channel: slack.channels.incidents, text: 'x', blocks: tooMany })),
    ).toBe('invalid_blocks');
    expect(
      await slackError(
        client.chat.postMessage({ channel: slack.channels.incidents, text: 'x', blocks: '[not json' as never }),
      ),
    ).toBe('invalid_blocks_format');
  });

  it('uses the given validator instead, with the surface kind', async () => {
    const kinds: string[] = [];
    const strict = await startSlackStandIn({
      signingSecret: 's',
      botToken: TOKEN,
      botEventsUrl: 'http://127.0.0.1:9/slack/events',
      validateBlocks: (blocks, kind) => {
        kinds.push(kind);
        return blocks.length > 1 ? [`${kind}: at most one block here`] : [];
      },
    });
    try {
      const strictClient = new webApi.WebClient(TOKEN, {
        slackApiUrl: strict.apiUrl,
        retryConfig: { retries: 0 },
        logger: quiet,
      });
      await strictClient.chat.postMessage({ channel: strict.channels.incidents, text: 'x', blocks: [section('one')] });
      const error = await strictClient.views
        .publish({ user_id: strict.defaultUserId, view: { type: 'home', blocks: [section('a'), section('b')] } })
        .catch((e: unknown) => e);
      expect((error as { data: { error: string; errors: string[] } }).data).toMatchObject({
        error: 'invalid_blocks',
        errors: ['home: at most one block here'],
      });
      expect(kinds).toEqual(['message', 'home']);
    } finally {
      await strict.close();
    }
  });
});

describe('views.*', () => {
  const home = { type: 'home' as const, blocks: [section('home')] };
  const modal = {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'Details' },
    blocks: [section('modal')],
  };

  it('publishes App Home and answers hash_conflict for a stale hash', async () => {
    const first = await client.views.publish({ user_id: slack.defaultUserId, view: home });
    const hash = first.view?.hash ?? '';
    expect(first.view).toMatchObject({ type: 'home', team_id: slack.teamId, app_id: slack.appId });
    const second = await client.views.publish({ user_id: slack.defaultUserId, view: home, hash });
    expect(second.view?.hash).not.toBe(hash);
    expect(second.view?.id).toBe(first.view?.id);
    expect(await slackError(client.views.publish({ user_id: slack.defaultUserId, view: home, hash }))).toBe(
      'hash_conflict',
    );
    expect(await slackError(client.views.publish({ user_id: 'U0NOBODY', view: home }))).toBe('user_not_found');
  });

  it('opens a modal with a fresh trigger_id once; a used one is exchanged, an old one expired', async () => {
    const { triggerId } = await slack.sendCommand('x');
    const opened = await client.views.open({ trigger_id: triggerId, view: modal });
    expect(opened.view).toMatchObject({ type: 'modal', root_view_id: opened.view?.id });
    expect(slack.modals()).toHaveLength(1);
    expect(await slackError(client.views.open({ trigger_id: triggerId, view: modal }))).toBe('exchanged_trigger_id');

    const late = await slack.sendCommand('y');
    slack.advanceTime(3001);
    expect(await slackError(client.views.open({ trigger_id: late.triggerId, view: modal }))).toBe('expired_trigger_id');
    expect(await slackError(client.views.open({ trigger_id: '123.456.abc', view: modal }))).toBe('invalid_trigger_id');
  });

  it('pushes up to three views and updates by view_id with a hash check', async () => {
    const first = await slack.sendCommand('x');
    const root = await client.views.open({ trigger_id: first.triggerId, view: modal });
    for (let i = 0; i < 2; i++) {
      const next = await slack.sendCommand('x');
      await client.views.push({ trigger_id: next.triggerId, view: modal });
    }
    const fourth = await slack.sendCommand('x');
    expect(await slackError(client.views.push({ trigger_id: fourth.triggerId, view: modal }))).toBe(
      'push_limit_reached',
    );
    const updated = await client.views.update({
      view_id: root.view?.id ?? '',
      hash: root.view?.hash ?? '',
      view: { ...modal, blocks: [section('updated')] },
    });
    expect(updated.view?.blocks).toEqual([expect.objectContaining({ text: { type: 'mrkdwn', text: 'updated' } })]);
    expect(
      await slackError(client.views.update({ view_id: root.view?.id ?? '', hash: root.view?.hash ?? '', view: modal })),
    ).toBe('hash_conflict');
    expect(await slackError(client.views.update({ view_id: 'V0NOPE', view: modal }))).toBe('not_found');
  });

  it('checks the modal shell: title length', async () => {
    const { triggerId } = await slack.sendCommand('x');
    expect(
      await slackError(
        client.views.open({
          trigger_id: triggerId,
          view: { ...modal, title: { type: 'plain_text', text: 'x'.repeat(25) } },
        }),
      ),
    ).toBe('invalid_arguments');
  });
});

describe('other methods', () => {
  it('answers conversations.info and users.info with realistic fields', async () => {
    const info = await client.conversations.info({ channel: slack.channels.notMember });
    expect(info.channel).toMatchObject({ id: 'C0NOTMEMBER', name: 'random', is_member: false, is_channel: true });
    const user = await client.users.info({ user: slack.defaultUserId });
    expect(user.user).toMatchObject({ id: slack.defaultUserId, tz: 'Asia/Hong_Kong', tz_offset: 28800, is_bot: false });
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
  });

  it('can be told to fail: injected errors and rate limits', async () => {
    slack.injectApiError('chat.postMessage', { error: 'ratelimited', status: 429, retryAfterSeconds: 7 });
    const error = await client.chat
      .postMessage({ channel: slack.channels.incidents, text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    await client.chat.postMessage({ channel: slack.channels.incidents, text: 'x' });
    expect(slack.apiCalls('chat.postMessage').map((c) => c.ok)).toEqual([false, true]);
  });
});
