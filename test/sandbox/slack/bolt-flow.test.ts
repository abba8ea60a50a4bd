/**
 * The stand-in against a real Bolt app (HTTP receiver, real signatures, real WebClient and respond()).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flattenBlockText, type SlackStandIn, type StoredMessage, startSlackStandIn } from '../../../src/sandbox/slack';
import { STUB_BOT_TOKEN, STUB_SIGNING_SECRET, type StubBot, startStubBot } from '../../e2e/helpers/stub-bot';

let slack: SlackStandIn;
let bot: StubBot;

beforeAll(async () => {
  slack = await startSlackStandIn({
    signingSecret: STUB_SIGNING_SECRET,
    botToken: STUB_BOT_TOKEN,
    botEventsUrl: 'http://127.0.0.1:9/slack/events',
  });
  bot = await startStubBot({ slackApiUrl: slack.apiUrl });
  slack.setBotEventsUrl(bot.eventsUrl);
});

afterAll(async () => {
  await bot?.close();
  await slack?.close();
});

afterEach(() => {
  expect(bot.errors).toEqual([]);
  slack.reset();
});

const headerOf = (m: StoredMessage): string => flattenBlockText(m.blocks).split('\n')[0] ?? '';

describe('slash command → ephemeral list → Next page replaces it', () => {
  it('runs the whole paging round trip through response_urls', async () => {
    const delivery = await slack.sendCommand('cn-hongkong tag:FinanceDept');
    expect(delivery).toMatchObject({ kind: 'slash_command', status: 200, ok: true });
    expect(delivery.responseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//);

    const first = await slack.waitForMessage((m) => m.via === 'response_url');
    expect(first).toMatchObject({
      channel: slack.channels.incidents,
      ephemeralTo: slack.defaultUserId,
      user: slack.botUserId,
    });
    expect(headerOf(first)).toContain('page 1');
    // Slack fills in the block_ids the app left out.
    for (const block of first.blocks) expect(block).toHaveProperty('block_id');

    const click = await slack.clickButton(first, 'stub_next');
    expect(click).toMatchObject({ kind: 'block_actions', status: 200 });
    const replaced = await slack.waitFor(() => {
      const m = slack.message(first.channel, first.ts);
      return m && m.edits === 1 ? m : undefined;
    });
    expect(headerOf(replaced)).toContain('page 2');
    expect(replaced.ephemeralTo).toBe(slack.defaultUserId);
    // Replaced in place: still one message from the bot.
    expect(slack.messages({ fromBot: true })).toHaveLength(1);

    await slack.clickButton(replaced, 'stub_previous');
    await slack.waitFor(() => slack.message(first.channel, first.ts)?.edits === 2);
    expect(headerOf(slack.message(first.channel, first.ts) as StoredMessage)).toContain('page 1');
  });

  it('sends block_actions for an ephemeral message without the message, with an is_ephemeral container', async () => {
    let payload: unknown;
    bot.app.use(async ({ body, next }) => {
      if ((body as { type?: string }).type === 'block_actions') payload = body;
      await next();
    });
    await slack.sendCommand('cn-hongkong');
    const first = await slack.waitForMessage((m) => m.via === 'response_url');
    await slack.clickButton(first, 'stub_details', 'tms-hk0002');
    expect(payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', message_ts: first.ts, channel_id: slack.channels.incidents, is_ephemeral: true },
      channel: { id: slack.channels.incidents, name: 'incidents' },
      user: { id: slack.defaultUserId },
      actions: [{ action_id: 'stub_details', value: 'tms-hk0002', type: 'button' }],
    });
    expect(payload).not.toHaveProperty('message');
  });

  it('in_channel responses are visible to everyone and show the command once', async () => {
    await slack.sendCommand('cn-hongkong');
    const first = await slack.waitForMessage((m) => m.via === 'response_url');
    await slack.clickButton(first, 'stub_share');
    const shared = await slack.waitForMessage((m) => m.via === 'response_url' && m.ephemeralTo === undefined);
    expect(shared.channel).toBe(slack.channels.incidents);
    expect(slack.messages({ visibleTo: slack.otherUserId }).map((m) => m.ts)).toContain(shared.ts);
    expect(slack.messages({ visibleTo: slack.otherUserId }).map((m) => m.ts)).not.toContain(first.ts);
  });

  it('delete_original removes the ephemeral message the button was on', async () => {
    await slack.sendCommand('cn-hongkong');
    const first = await slack.waitForMessage((m) => m.via === 'response_url');
    await slack.clickButton(first, 'stub_delete');
    await slack.waitFor(() => slack.message(first.channel, first.ts) === undefined);
  });

  it('an ack body is posted as the ephemeral reply', async () => {
    await slack.sendCommand('inline');
    const reply = await slack.waitForMessage((m) => m.via === 'response_url');
    expect(reply.text).toBe('inline answer');
    expect(reply.ephemeralTo).toBe(slack.defaultUserId);
  });
});

describe('mentions, App Home and modals', () => {
  it('answers a mention in a thread with chat.postMessage(thread_ts) that lands in the thread', async () => {
    const parent = slack.postUserMessage('incident: packet loss on db');
    const delivery = await slack.sendMention('which sessions copy eni-hk0001?', { threadTs: parent.ts });
    expect(delivery).toMatchObject({ kind: 'app_mention', status: 200 });
    expect(delivery.message.text).toBe(`<@${slack.botUserId}> which sessions copy eni-hk0001?`);
    const reply = await slack.waitForMessage((m) => m.via === 'chat.postMessage');
    expect(reply.threadTs).toBe(parent.ts);
    expect(slack.messages({ channel: slack.channels.incidents, topLevel: true }).map((m) => m.ts)).toEqual([parent.ts]);
    expect(slack.message(parent.channel, parent.ts)?.replyCount).toBe(2);
  });

  it('publishes App Home on app_home_opened and handles a click in it', async () => {
    await slack.openHome();
    const home = await slack.waitFor(() => slack.homeView());
    expect(home.type).toBe('home');
    expect(flattenBlockText(home.blocks)).toContain('mirrors overview');
    expect(slack.apiCalls('views.publish')).toHaveLength(1);

    await slack.clickButton({ home: true }, 'stub_home_list');
    const posted = await slack.waitForMessage((m) => m.via === 'chat.postMessage');
    expect(posted.channel).toBe(slack.channels.incidents);
  });

  it('opens a modal with a fresh trigger_id and handles view_submission errors and success', async () => {
    await slack.sendCommand('modal');
    const [modal] = await slack.waitFor(() => (slack.modals().length === 1 ? slack.modals() : undefined));
    expect(modal?.callbackId).toBe('stub_modal');
    await slack.submitModal({ q: { terms: '' } });
    expect(slack.modals()[0]?.errors).toEqual({ q: 'Say what to look for' });
    await slack.submitModal({ q: { terms: 'tag:FinanceDept' } });
    expect(slack.modals()).toEqual([]);
  });
});

describe('failures the console must show', () => {
  it('records a 401 from an app with another signing secret, and shows it as a notice', async () => {
    const other = await startSlackStandIn({
      signingSecret: 'not-the-apps-secret',
      botToken: STUB_BOT_TOKEN,
      botEventsUrl: bot.eventsUrl,
    });
    try {
      const delivery = await other.sendCommand('cn-hongkong');
      expect(delivery).toMatchObject({ status: 401, ok: false, error: "the app didn't respond: 401" });
      expect(other.notices()[0]?.text).toContain("the app didn't respond: 401");
    } finally {
      await other.close();
    }
  });

  it('records a refused connection', async () => {
    const other = await startSlackStandIn({
      signingSecret: STUB_SIGNING_SECRET,
      botToken: STUB_BOT_TOKEN,
      botEventsUrl: 'http://127.0.0.1:9/slack/events',
    });
    try {
      const delivery = await other.openHome();
      expect(delivery.ok).toBe(false);
      expect(delivery.status).toBeNull();
      expect(delivery.error).toMatch(/^the app didn't respond: /);
    } finally {
      await other.close();
    }
  });
});
