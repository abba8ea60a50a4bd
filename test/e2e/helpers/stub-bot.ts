/**
 * A minimal real Bolt app (HTTP receiver on 127.0.0.1, port 0) for driving the Slack stand-in end to end without the
 * real bot. It answers like a tiny `mirrors`:
 *
 *   /mirrors [anything]   ack(), then respond() an ephemeral page 1: header, section with fields + accessory
 *                         button, context (date token, emoji, image), divider, actions (Next page / Share / Delete)
 *   click stub_next        respond({ replace_original: true }) with page 2 (Previous page goes back)
 *   click stub_share       respond({ response_type: 'in_channel' }) with the page for everyone
 *   /mirrors modal         views.open with the command's trigger_id (a modal with an optional input)
 *   shortcut mirrors_query_builder   views.open with the shortcut's trigger_id (the same modal)
 *   /mirrors inline        the ack body itself carries the message
 *   @mirrors …             chat.postMessage into the mention's thread
 *   App Home opened        views.publish a home view with a button (stub_home_list posts to #incidents)
 *
 * The real bot is driven the same way: start the stand-in, point the bot's SLACK_API_URL at `standIn.apiUrl`,
 * `standIn.setBotEventsUrl('http://127.0.0.1:PORT/slack/events')`, then use sendCommand/clickButton/… or the console.
 */
import type { AddressInfo } from 'node:net';
import { App, type BlockAction, type ButtonAction, LogLevel } from '@slack/bolt';
import type { Button, KnownBlock } from '@slack/types';

export const STUB_SIGNING_SECRET = 'stub-signing-secret-0123456789abcdef';
export const STUB_BOT_TOKEN = 'xoxb-0000000000-sandbox-stub-token';
const STUB_BOT_USER_ID = 'U0MIRRORSBOT';
const STUB_BOT_ID = 'B0MIRRORSBOT';

export interface StubBotOptions {
  slackApiUrl: string;
  signingSecret?: string;
  botToken?: string;
  botUserId?: string;
  botId?: string;
}

export interface StubBot {
  app: App;
  port: number;
  /** http://127.0.0.1:PORT/slack/events — give it to standIn.setBotEventsUrl. */
  eventsUrl: string;
  /** Errors the listeners hit (respond() or Web API failures). */
  errors: string[];
  close(): Promise<void>;
}

/** A fixed instant, so date tokens render the same everywhere: 2024-11-26 06:00:00 UTC. */
const STUB_CREATED_AT = 1732600800;

function stubPage(page: number): KnownBlock[] {
  const sessions =
    page === 1
      ? [
          {
            id: 'tms-hk0001',
            name: 'db-mirror',
            enabled: true,
            source: 'eni-hk0001',
            target: 'eni-hk0099',
            priority: 1,
          },
          {
            id: 'tms-hk0002',
            name: 'web & <edge>',
            enabled: false,
            source: 'eni-hk0002',
            target: 'lb-hk0001',
            priority: 2,
          },
        ]
      : [
          {
            id: 'tms-hk0003',
            name: 'batch-mirror',
            enabled: true,
            source: 'eni-hk0003',
            target: 'eni-hk0098',
            priority: 3,
          },
        ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Traffic mirror sessions · cn-hongkong (page ${page})` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:mag: \`tag:FinanceDept\` · created <!date^${STUB_CREATED_AT}^{date_short} at {time}|2024-11-26 06:00 UTC>`,
        },
        { type: 'image', image_url: 'https://example.invalid/region.png', alt_text: 'region' },
      ],
    },
    { type: 'divider' },
  ];
  for (const s of sessions) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${s.enabled ? ':large_green_circle:' : ':white_circle:'} *${s.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}* \`${s.id}\``,
      },
      fields: [
        { type: 'mrkdwn', text: `*Source*\n\`${s.source}\`` },
        { type: 'mrkdwn', text: `*Target*\n\`${s.target}\`` },
        { type: 'mrkdwn', text: `*Priority*\n${s.priority}` },
        { type: 'mrkdwn', text: `*Status*\n${s.enabled ? 'Enabled' : '_Disabled_'}` },
      ],
      accessory: {
        type: 'button',
        action_id: 'stub_details',
        text: { type: 'plain_text', text: 'Details' },
        value: s.id,
      },
    });
  }
  blocks.push({ type: 'divider' });
  const nav: Button[] =
    page === 1
      ? [
          {
            type: 'button',
            action_id: 'stub_next',
            text: { type: 'plain_text', text: 'Next page' },
            style: 'primary',
            value: 'page:2',
          },
        ]
      : [
          {
            type: 'button',
            action_id: 'stub_previous',
            text: { type: 'plain_text', text: 'Previous page' },
            value: 'page:1',
          },
        ];
  nav.push({
    type: 'button',
    action_id: 'stub_share',
    text: { type: 'plain_text', text: 'Share in channel' },
    value: `share:${page}`,
  });
  nav.push({
    type: 'button',
    action_id: 'stub_delete',
    text: { type: 'plain_text', text: 'Dismiss' },
    style: 'danger',
    value: 'delete',
  });
  blocks.push({ type: 'actions', block_id: 'nav', elements: nav });
  return blocks;
}

export async function startStubBot(options: StubBotOptions): Promise<StubBot> {
  const errors: string[] = [];
  const app = new App({
    signingSecret: options.signingSecret ?? STUB_SIGNING_SECRET,
    token: options.botToken ?? STUB_BOT_TOKEN,
    tokenVerificationEnabled: false,
    botId: options.botId ?? STUB_BOT_ID,
    botUserId: options.botUserId ?? STUB_BOT_USER_ID,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: options.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });
  const note = (where: string, error: unknown): void => {
    errors.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  };

  // Optional, so that an empty submission reaches the app (Slack's client keeps a required one back) and the app's
  // own response_action: errors can be seen.
  const stubModal = {
    type: 'modal' as const,
    callback_id: 'stub_modal',
    title: { type: 'plain_text' as const, text: 'Filter sessions' },
    submit: { type: 'plain_text' as const, text: 'Search' },
    blocks: [
      {
        type: 'input' as const,
        block_id: 'q',
        optional: true,
        label: { type: 'plain_text' as const, text: 'Terms' },
        element: { type: 'plain_text_input' as const, action_id: 'terms' },
      },
    ],
  };

  app.shortcut('mirrors_query_builder', async ({ ack, shortcut, client }) => {
    await ack();
    try {
      await client.views.open({ trigger_id: shortcut.trigger_id, view: stubModal });
    } catch (error) {
      note('shortcut', error);
    }
  });

  app.command('/mirrors', async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    if (text === 'inline') {
      await ack({
        text: 'inline answer',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Inline* answer from the ack body' } }],
      });
      return;
    }
    await ack();
    try {
      if (text === 'modal') {
        await client.views.open({ trigger_id: command.trigger_id, view: stubModal });
        return;
      }
      await respond({ text: 'Traffic mirror sessions, page 1', blocks: stubPage(1) });
    } catch (error) {
      note('command', error);
    }
  });

  for (const [actionId, n] of [
    ['stub_next', 2],
    ['stub_previous', 1],
  ] as const) {
    app.action(actionId, async ({ ack, respond }) => {
      await ack();
      try {
        await respond({ replace_original: true, text: `Traffic mirror sessions, page ${n}`, blocks: stubPage(n) });
      } catch (error) {
        note(`page ${n}`, error);
      }
    });
  }
  app.action<BlockAction<ButtonAction>>('stub_share', async ({ ack, respond, action }) => {
    await ack();
    try {
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        text: 'Shared list',
        blocks: stubPage(Number(action.value?.split(':')[1] ?? '1')),
      });
    } catch (error) {
      note('share', error);
    }
  });
  app.action('stub_delete', async ({ ack, respond }) => {
    await ack();
    try {
      await respond({ delete_original: true });
    } catch (error) {
      note('delete', error);
    }
  });
  app.action('stub_details', async ({ ack }) => {
    await ack();
  });
  app.view('stub_modal', async ({ ack, view }) => {
    const terms = view.state.values.q?.terms?.value ?? '';
    if (terms === '') {
      await ack({ response_action: 'errors', errors: { q: 'Say what to look for' } });
      return;
    }
    await ack();
  });

  app.event('app_mention', async ({ event, client }) => {
    try {
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        text: 'Sessions in cn-hongkong',
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `:wave: <@${event.user ?? ''}> asked: ${event.text.replace(/<@[A-Z0-9]+>\s*/, '')}`,
            },
          },
        ],
      });
    } catch (error) {
      note('mention', error);
    }
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'mirrors overview' } },
            {
              type: 'section',
              text: { type: 'mrkdwn', text: ':large_green_circle: *cn-hongkong* · 3 sessions, 2 enabled' },
              fields: [
                { type: 'mrkdwn', text: '*Enabled*\n2' },
                { type: 'mrkdwn', text: '*Disabled*\n1' },
              ],
            },
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  action_id: 'stub_home_list',
                  text: { type: 'plain_text', text: 'List cn-hongkong' },
                  style: 'primary',
                  value: 'cn-hongkong',
                },
              ],
            },
          ],
        },
      });
    } catch (error) {
      note('home', error);
    }
  });

  app.action('stub_home_list', async ({ ack, client, body }) => {
    await ack();
    try {
      const text = `<@${body.user.id}> listed cn-hongkong from App Home`;
      await client.chat.postMessage({
        channel: 'C0INCIDENTS',
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, ...stubPage(1)],
      });
    } catch (error) {
      note('home list', error);
    }
  });

  const server: unknown = await app.start({ port: 0, host: '127.0.0.1' });
  const port = addressPort(server);
  return {
    app,
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    errors,
    close: () => app.stop().then(() => undefined),
  };
}

function addressPort(server: unknown): number {
  if (typeof server === 'object' && server !== null && 'address' in server && typeof server.address === 'function') {
    const address: unknown = server.address();
    if (typeof address === 'object' && address !== null) return (address as AddressInfo).port;
  }
  throw new Error('Bolt did not return a listening server');
}
