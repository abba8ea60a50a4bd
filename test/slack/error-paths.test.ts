import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import type { PageState } from '../../src/paging';
import { answerFailures } from '../../src/slack/guard/failures';
import { ActionId, BUILDER_ACTION, BuilderBlock, CallbackId } from '../../src/views';
import { postSigned } from '../helpers/signed';
import { option, watchApi } from '../helpers/signed-views';
import { type Bot, captureResponse, SIGNING_SECRET, startBot, textOf } from './harness';

/** Inputs Slack itself never sends, signed, through the real receiver: each must be acked and answered. */
let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

const LONE = '\uD800';

function submission(view: unknown): string {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0MIRRORS', domain: 'mirrors-test' },
    user: { id: 'U0ONCALL', username: 'oncall', name: 'oncall', team_id: 'T0MIRRORS' },
    api_app_id: 'A0MIRRORS',
    trigger_id: '7777.6666.submit',
    is_enterprise_install: false,
    enterprise: null,
    view,
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

async function submit(view: unknown): Promise<{ status: number; body: string }> {
  const response = await postSigned(bot.url, submission(view), 'application/x-www-form-urlencoded', {
    secret: SIGNING_SECRET,
  });
  return { status: response.status, body: await response.text() };
}

function builderView(state: unknown): Record<string, unknown> {
  return { id: 'V0BUILDER', type: 'modal', callback_id: CallbackId.QueryBuilderModal, blocks: [], state };
}

const goodRegion = { [BUILDER_ACTION]: { type: 'static_select', selected_option: option('cn-hongkong') } };

describe('lone UTF-16 surrogates', () => {
  it('a mention holding one is answered with the rule, not with "something went wrong"', async () => {
    const whisper = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1732600300.000100' }));
    const response = await bot.event({
      type: 'app_mention',
      user: 'U0ONCALL',
      text: `<@U0BOT> cn-hongkong name:db${LONE}mirror`,
      channel: 'C0INCIDENT',
      ts: '1732600100.000001',
      event_ts: '1732600100.000001',
    });
    expect(response.status).toBe(200);
    const text = textOf((await whisper.nth(1)) as { text?: string; blocks?: unknown[] });
    expect(text).toContain('lone UTF-16 surrogate');
    expect(text).toContain('name:db\uFFFDmirror');
    expect(text).not.toMatch(/went wrong/i);
  });

  it('a builder input holding one gets the rule under that input', async () => {
    const answer = await submit(
      builderView({
        values: {
          [BuilderBlock.region]: goodRegion,
          [BuilderBlock.name]: { [BUILDER_ACTION]: { type: 'plain_text_input', value: `db${LONE}` } },
        },
      }),
    );
    expect(answer.status).toBe(200);
    const parsed = JSON.parse(answer.body) as { response_action: string; errors: Record<string, string> };
    expect(parsed.response_action).toBe('errors');
    expect(parsed.errors[BuilderBlock.name]).toMatch(/lone UTF-16 surrogate/);
  });
});

describe('type-confused view submissions', () => {
  it.each([
    ['no state', { values: undefined }],
    ['state.values null', { values: null }],
    ['values an array', { values: [] }],
    ['a block that is a number', { values: { [BuilderBlock.name]: 7 } }],
    ['a text value that is a number', { values: { [BuilderBlock.name]: { [BUILDER_ACTION]: { value: 42 } } } }],
    ['a text value that is an object', { values: { [BuilderBlock.tagKey]: { [BUILDER_ACTION]: { value: {} } } } }],
    [
      'a selected option that is a string',
      { values: { [BuilderBlock.region]: { [BUILDER_ACTION]: { selected_option: 'cn-hongkong' } } } },
    ],
    [
      'a region value that is an object',
      { values: { [BuilderBlock.region]: { [BUILDER_ACTION]: { selected_option: { value: { x: 1 } } } } } },
    ],
  ])(
    '%s is acked at once with an answer in the modal (no region chosen, so every input is read)',
    async (_name, state) => {
      const answer = await submit(builderView(state));
      expect(answer.status).toBe(200);
      const parsed = JSON.parse(answer.body) as { response_action: string; errors: Record<string, string> };
      expect(parsed.response_action).toBe('errors');
      expect(Object.values(parsed.errors).join(' ')).not.toMatch(/went wrong/i);
    },
  );
});

describe('a signed state of the wrong types', () => {
  it('Copy as CLI answers that the button is not valid, and prints no command for a query nobody asked', async () => {
    const hostile = {
      query: {
        scope: { kind: 'region', region: 'cn-hongkong' },
        filters: { tags: [], sessionIds: [], name: { x: 1 } },
        limit: 10,
      },
      region: 'cn-hongkong',
      tokens: [],
    } as unknown as PageState;
    const reply = captureResponse('/actions/T0MIRRORS/cli/hostile');
    const response = await bot.click({
      actionId: ActionId.ShowCli,
      value: bot.encode(hostile),
      responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/cli/hostile',
    });
    expect(response.status).toBe(200);
    const text = textOf(await reply);
    expect(text).toMatch(/isn't valid/);
    expect(text).not.toMatch(/object Object|aliyun vpc|TypeError|\bat /);
  });
});

describe('a listener that throws', () => {
  it('is acknowledged and the person hears a reference, nothing more', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', (line) => lines.push(line));
    const said: unknown[] = [];
    let acked = 0;
    const middleware = answerFailures(logger);
    const args = {
      body: { type: 'block_actions', user: { id: 'U0ONCALL' } },
      ack: async () => {
        acked += 1;
      },
      // A Home button: no response_url, so the person hears it in their DM with the app.
      client: {
        chat: {
          postMessage: async (message: unknown) => {
            said.push(message);
          },
        },
      },
      next: async () => {
        throw new TypeError(
          'Cannot read properties of undefined (reading replace) at https://example.invalid/?Signature=abc',
        );
      },
    } as unknown as Parameters<typeof middleware>[0];
    await middleware(args);
    expect(acked).toBe(1);
    const text = JSON.stringify(said);
    expect(text).toMatch(/Something went wrong on our side \(ref [0-9a-f]{8}\)/);
    expect(text).not.toMatch(/reading replace|TypeError|Signature|\bat /);
    expect(lines.join('\n')).toContain('a listener failed; answered the user');
    expect(lines.join('\n')).not.toContain('Signature=abc');
  });
});
