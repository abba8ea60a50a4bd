/**
 * Global shortcuts and modal inputs, as Slack handles them: the signed `shortcut` payload, the "current
 * conversation" a modal remembers (default_to_current_conversation), view.state.values shaped per element type
 * exactly as Slack reports them, Slack's client-side refusals, and response_action: errors.
 *
 * The app side is a bare HTTP recorder (no Bolt): the payloads are checked as they arrive on the wire.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import type { View } from '@slack/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  ClientRule,
  DEFAULT_SHORTCUTS,
  type SlackStandIn,
  slackSignature,
  startSlackStandIn,
} from '../../../src/sandbox/slack';
import { queryBuilderModal } from '../../../src/views/query-builder';

const TOKEN = 'xoxb-modal-inputs-test';
const SECRET = 'modal-inputs-secret';
const REGIONS = ['cn-hongkong', 'cn-shanghai'];

interface Received {
  payload: Record<string, unknown>;
  signatureOk: boolean;
}

let slack: SlackStandIn;
let server: http.Server;
let client: webApi.WebClient;
const received: Received[] = [];
/** What the recorder answers next (an ack body); empty: a bare 200. */
const answers: string[] = [];

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
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const signatureOk = req.headers['x-slack-signature'] === slackSignature(SECRET, timestamp, body);
      const raw = new URLSearchParams(body).get('payload');
      received.push({ payload: raw === null ? {} : (JSON.parse(raw) as Record<string, unknown>), signatureOk });
      const answer = answers.shift() ?? '';
      res.writeHead(200, answer === '' ? {} : { 'content-type': 'application/json' });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  slack = await startSlackStandIn({
    signingSecret: SECRET,
    botToken: TOKEN,
    botEventsUrl: `http://127.0.0.1:${port}/slack/events`,
  });
  client = new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
});

afterAll(async () => {
  await slack.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  received.length = 0;
  answers.length = 0;
  slack.reset();
});

function last(): Record<string, unknown> {
  const entry = received[received.length - 1];
  if (!entry) throw new Error('the app received nothing');
  expect(entry.signatureOk).toBe(true);
  return entry.payload;
}

function stateOf(payload: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const view = payload.view as { state: { values: Record<string, Record<string, unknown>> } };
  return view.state.values;
}

/** The builder modal exactly as the bot opens it, opened with the trigger of a shortcut picked in `channel`. */
async function openBuilder(channel?: string): Promise<ReturnType<typeof queryBuilderModal>> {
  const { triggerId } = await slack.sendShortcut('mirrors_query_builder', channel === undefined ? {} : { channel });
  const view = queryBuilderModal({ regions: REGIONS });
  await client.views.open({ trigger_id: triggerId, view });
  return view;
}

function optionOf(view: ReturnType<typeof queryBuilderModal>, blockId: string, value: string): unknown {
  const block = view.blocks.find((b) => b.block_id === blockId);
  const element = block?.type === 'input' ? (block.element as { options?: Array<{ value?: string }> }) : undefined;
  return element?.options?.find((o) => o.value === value);
}

describe('global shortcuts', () => {
  it("are mirrors' own by default, the same as manifest.yml declares", () => {
    const manifest = parseYaml(readFileSync(path.resolve(__dirname, '..', '..', '..', 'manifest.yml'), 'utf8')) as {
      features: { shortcuts: Array<{ name: string; type: string; callback_id: string; description: string }> };
    };
    const global = manifest.features.shortcuts
      .filter((s) => s.type === 'global')
      .map((s) => ({ name: s.name, callbackId: s.callback_id, description: s.description }));
    expect(DEFAULT_SHORTCUTS).toEqual(global);
    expect(slack.shortcuts).toEqual(global);
  });

  it('send a signed shortcut payload with a trigger_id and no channel, as Slack does', async () => {
    const delivery = await slack.sendShortcut('mirrors_query_builder', { channel: slack.channels.incidents });
    expect(delivery).toMatchObject({
      kind: 'shortcut',
      status: 200,
      ok: true,
      label: 'shortcut "Find mirror sessions"',
    });
    const payload = last();
    expect(Object.keys(payload).sort()).toEqual(
      [
        'action_ts',
        'callback_id',
        'enterprise',
        'is_enterprise_install',
        'team',
        'token',
        'trigger_id',
        'type',
        'user',
      ].sort(),
    );
    expect(payload).toMatchObject({
      type: 'shortcut',
      callback_id: 'mirrors_query_builder',
      trigger_id: delivery.triggerId,
      user: { id: slack.defaultUserId, username: 'alex', team_id: slack.teamId },
      team: { id: slack.teamId, domain: 'mirrors-sandbox' },
      is_enterprise_install: false,
      enterprise: null,
    });
    expect(payload.action_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(typeof payload.token).toBe('string');
  });

  it('refuse a callback_id the app did not declare', async () => {
    await expect(slack.sendShortcut('nope')).rejects.toThrow(/no global shortcut nope; it has: mirrors_query_builder/);
    expect(received).toHaveLength(0);
  });
});

describe('view.state.values, as Slack reports them', () => {
  it('the query builder from #incidents: every input, untouched ones at their initial value or null', async () => {
    const view = await openBuilder(slack.channels.incidents);
    expect(slack.modals()[0]?.conversation).toBe(slack.channels.incidents);
    const delivery = await slack.submitModal({
      qb_tag_key: { qb_value: 'FinanceDept' },
      qb_limit: { qb_value: '500' },
    });
    expect(delivery).toMatchObject({ kind: 'view_submission', status: 200 });
    const values = stateOf(last());
    const text = (value: string | null) => ({ qb_value: { type: 'plain_text_input', value } });
    expect(values).toEqual({
      qb_region: { qb_value: { type: 'static_select', selected_option: optionOf(view, 'qb_region', 'cn-hongkong') } },
      qb_tag_key: text('FinanceDept'),
      qb_tag_value: text(null),
      qb_name: text(null),
      qb_host: text(null),
      qb_source: text(null),
      qb_target: text(null),
      qb_filter: text(null),
      qb_enabled: { qb_value: { type: 'static_select', selected_option: optionOf(view, 'qb_enabled', 'any') } },
      qb_limit: { qb_value: { type: 'number_input', value: '500' } },
      qb_destination: { qb_value: { type: 'radio_buttons', selected_option: optionOf(view, 'qb_destination', 'dm') } },
      // default_to_current_conversation: the channel the shortcut was picked in.
      qb_channel: { qb_value: { type: 'conversations_select', selected_conversation: slack.channels.incidents } },
    });
    expect(slack.modals()).toEqual([]);
  });

  it('choices: the chosen option object, the chosen conversation, null for a cleared input', async () => {
    const view = await openBuilder(slack.channels.incidents);
    await slack.submitModal({
      qb_region: { qb_value: 'cn-shanghai' },
      qb_enabled: { qb_value: 'false' },
      qb_destination: { qb_value: 'channel' },
      qb_channel: { qb_value: slack.channels.general },
      qb_name: { qb_value: 'db mirror' },
      qb_limit: { qb_value: null },
    });
    const values = stateOf(last());
    expect(values.qb_region).toEqual({
      qb_value: { type: 'static_select', selected_option: optionOf(view, 'qb_region', 'cn-shanghai') },
    });
    expect(values.qb_enabled).toEqual({
      qb_value: { type: 'static_select', selected_option: optionOf(view, 'qb_enabled', 'false') },
    });
    expect(values.qb_destination).toEqual({
      qb_value: { type: 'radio_buttons', selected_option: optionOf(view, 'qb_destination', 'channel') },
    });
    expect(values.qb_channel).toEqual({
      qb_value: { type: 'conversations_select', selected_conversation: slack.channels.general },
    });
    expect(values.qb_name).toEqual({ qb_value: { type: 'plain_text_input', value: 'db mirror' } });
    expect(values.qb_limit).toEqual({ qb_value: { type: 'number_input', value: null } });
  });

  it('default_to_current_conversation picks nothing the filter leaves out, nor without a current conversation', async () => {
    // From App Home the current conversation is the app's DM: the builder's filter offers channels only.
    await client.views.publish({
      user_id: slack.defaultUserId,
      view: {
        type: 'home',
        blocks: [
          {
            type: 'actions',
            block_id: 'h',
            elements: [{ type: 'button', action_id: 'build', text: { type: 'plain_text', text: 'Build a query' } }],
          },
        ],
      },
    });
    const click = await slack.clickButton({ home: true }, 'build');
    await client.views.open({ trigger_id: click.triggerId, view: queryBuilderModal({ regions: REGIONS }) });
    const dm = (await client.conversations.open({ users: slack.defaultUserId })).channel?.id;
    expect(slack.modals()[0]?.conversation).toBe(dm);
    await slack.submitModal({});
    expect(stateOf(last()).qb_channel).toEqual({
      qb_value: { type: 'conversations_select', selected_conversation: null },
    });

    await openBuilder();
    await slack.submitModal({});
    expect(stateOf(last()).qb_channel).toEqual({
      qb_value: { type: 'conversations_select', selected_conversation: null },
    });
  });

  it('refuses values the inputs do not offer, before anything is sent', async () => {
    await openBuilder(slack.channels.incidents);
    const before = received.length;
    await expect(slack.submitModal({ qb_region: { qb_value: 'mars-1' } })).rejects.toThrow(
      /qb_region\/qb_value has no option "mars-1"/,
    );
    const dm = (await client.conversations.open({ users: slack.defaultUserId })).channel?.id ?? '';
    await expect(slack.submitModal({ qb_channel: { qb_value: dm } })).rejects.toThrow(
      /does not offer the conversation/,
    );
    await expect(slack.submitModal({ qb_nope: { qb_value: 'x' } })).rejects.toThrow(/no input qb_nope\/qb_value/);
    expect(received).toHaveLength(before);
  });

  it('other element types: checkboxes, multi-selects, users, dates', async () => {
    const { triggerId } = await slack.sendShortcut('mirrors_query_builder');
    const option = (v: string) => ({ text: { type: 'plain_text' as const, text: v.toUpperCase() }, value: v });
    await client.views.open({
      trigger_id: triggerId,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Kinds' },
        submit: { type: 'plain_text', text: 'Go' },
        blocks: [
          {
            type: 'input',
            block_id: 'c',
            optional: true,
            label: { type: 'plain_text', text: 'c' },
            element: {
              type: 'checkboxes',
              action_id: 'a',
              options: [option('x'), option('y')],
              initial_options: [option('y')],
            },
          },
          {
            type: 'input',
            block_id: 'm',
            optional: true,
            label: { type: 'plain_text', text: 'm' },
            element: { type: 'multi_static_select', action_id: 'a', options: [option('x'), option('y')] },
          },
          {
            type: 'input',
            block_id: 'u',
            optional: true,
            label: { type: 'plain_text', text: 'u' },
            element: { type: 'users_select', action_id: 'a' },
          },
          {
            type: 'input',
            block_id: 'd',
            optional: true,
            label: { type: 'plain_text', text: 'd' },
            element: { type: 'datepicker', action_id: 'a', initial_date: '2024-11-26' },
          },
          {
            type: 'input',
            block_id: 'e',
            optional: true,
            label: { type: 'plain_text', text: 'e' },
            element: { type: 'email_text_input', action_id: 'a' },
          },
        ],
      },
    });
    await slack.submitModal({ m: { a: ['x', 'y'] }, u: { a: slack.otherUserId } });
    expect(stateOf(last())).toEqual({
      c: { a: { type: 'checkboxes', selected_options: [option('y')] } },
      m: { a: { type: 'multi_static_select', selected_options: [option('x'), option('y')] } },
      u: { a: { type: 'users_select', selected_user: slack.otherUserId } },
      d: { a: { type: 'datepicker', selected_date: '2024-11-26' } },
      e: { a: { type: 'email_text_input', value: null } },
    });
  });
});

describe('views.open checks the inputs as Slack does', () => {
  it('answers invalid_blocks for an initial_option that is not an option, or too many radio buttons', async () => {
    const option = (v: string) => ({ text: { type: 'plain_text' as const, text: v }, value: v });
    const open = async (element: Record<string, unknown>): Promise<string> => {
      const { triggerId } = await slack.sendShortcut('mirrors_query_builder');
      const view = {
        type: 'modal' as const,
        title: { type: 'plain_text' as const, text: 'Check' },
        submit: { type: 'plain_text' as const, text: 'Go' },
        blocks: [
          {
            type: 'input',
            block_id: 'b',
            label: { type: 'plain_text', text: 'b' },
            element: { action_id: 'a', ...element },
          },
        ],
      };
      try {
        // Deliberately malformed elements: not a View the types would allow.
        await client.views.open({ trigger_id: triggerId, view: view as unknown as View });
        return 'ok';
      } catch (error) {
        return (error as { data: { error: string; errors?: string[] } }).data.errors?.join('; ') ?? 'failed';
      }
    };
    expect(await open({ type: 'static_select', options: [option('x')], initial_option: option('y') })).toContain(
      '[json-pointer:/blocks/0/element/initial_option]',
    );
    expect(
      await open({ type: 'radio_buttons', options: Array.from({ length: 11 }, (_, i) => option(`o${i}`)) }),
    ).toContain('must provide no more than 10 items');
    expect(await open({ type: 'number_input' })).toContain('is_decimal_allowed');
    expect(await open({ type: 'radio_buttons', options: [option('x')], initial_option: option('x') })).toBe('ok');
  });
});

describe("Slack's client and the app's response_action: errors", () => {
  it('sends nothing while a required input is empty or a number input holds no whole number', async () => {
    await openBuilder(slack.channels.incidents);
    expect(await slack.submitModal({ qb_region: { qb_value: null }, qb_limit: { qb_value: '2.5' } })).toBeUndefined();
    expect(received.filter((r) => r.payload.type === 'view_submission')).toHaveLength(0);
    expect(slack.modals()[0]).toMatchObject({
      errors: { qb_region: ClientRule.required, qb_limit: ClientRule.wholeNumber },
      errorsFrom: 'client',
    });
    expect(await slack.submitModal({ qb_limit: { qb_value: 'ten' } })).toBeUndefined();
    expect(slack.modals()[0]?.errors).toEqual({ qb_limit: ClientRule.number });
  });

  it("shows the app's errors under their inputs, keeps the modal open, and says when one names no input", async () => {
    await openBuilder(slack.channels.incidents);
    answers.push(
      JSON.stringify({ response_action: 'errors', errors: { qb_limit: 'limit: 1 to 100', qb_paging: 'lost' } }),
    );
    const delivery = await slack.submitModal({ qb_limit: { qb_value: '500' } });
    expect(delivery).toMatchObject({ kind: 'view_submission', status: 200 });
    const [open] = slack.modals();
    expect(open).toMatchObject({ errors: { qb_limit: 'limit: 1 to 100', qb_paging: 'lost' }, errorsFrom: 'app' });
    expect(slack.notices().map((n) => n.text)).toEqual([
      expect.stringContaining('"qb_paging", which is not an input block of this view'),
    ]);
    // A good submission (empty ack) closes it.
    await slack.submitModal({ qb_limit: { qb_value: '50' } });
    expect(slack.modals()).toEqual([]);
  });

  it('views.update keeps the current conversation and clears the errors', async () => {
    await openBuilder(slack.channels.incidents);
    answers.push(JSON.stringify({ response_action: 'errors', errors: { qb_limit: 'no' } }));
    await slack.submitModal({ qb_limit: { qb_value: '500' } });
    const [open] = slack.modals();
    const updated = await client.views.update({
      view_id: open?.id ?? '',
      hash: open?.hash ?? '',
      view: queryBuilderModal({ regions: REGIONS }),
    });
    expect(updated.view?.hash).not.toBe(open?.hash);
    expect(slack.modals()[0]).toMatchObject({ errors: {}, errorsFrom: null, conversation: slack.channels.incidents });
  });

  it('a click in a modal carries what has been entered so far, and a pick reports the id it picked', async () => {
    const { triggerId } = await slack.sendShortcut('mirrors_query_builder', { channel: slack.channels.general });
    await client.views.open({
      trigger_id: triggerId,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Pick' },
        submit: { type: 'plain_text', text: 'Go' },
        blocks: [
          {
            type: 'input',
            block_id: 'q',
            label: { type: 'plain_text', text: 'q' },
            element: { type: 'plain_text_input', action_id: 'terms' },
          },
          {
            type: 'actions',
            block_id: 'act',
            elements: [{ type: 'conversations_select', action_id: 'where', default_to_current_conversation: true }],
          },
        ],
      },
    });
    const [open] = slack.modals();
    await slack.clickButton({ viewId: open?.id ?? '' }, 'where', slack.channels.incidents);
    const payload = last();
    expect(payload.type).toBe('block_actions');
    expect(payload.actions).toEqual([
      expect.objectContaining({
        type: 'conversations_select',
        action_id: 'where',
        block_id: 'act',
        selected_conversation: slack.channels.incidents,
      }),
    ]);
    expect(stateOf(payload)).toEqual({ q: { terms: { type: 'plain_text_input', value: null } } });
  });
});
