import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/views/action-ids';
import { BUILDER_ACTION, BuilderBlock } from '../../src/views/query-builder';
import { validateMessage, validateView } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import {
  type ApiCall,
  option,
  postShortcut,
  postViewSubmission,
  type StateValue,
  watchApi,
} from '../helpers/signed-views';
import { type Bot, buttonsOf, HK, SIGNING_SECRET, type SlackMessageBody, startBot, textOf } from './harness';

const REGIONS = ['cn-hongkong', 'cn-shanghai'];
let bot: Bot;
beforeEach(async () => {
  bot = await startBot({ regions: REGIONS });
});
afterEach(async () => {
  await bot.stop();
});

interface Inputs {
  region?: string;
  tagKey?: string;
  tagValue?: string;
  name?: string;
  source?: string;
  target?: string;
  filter?: string;
  enabled?: 'any' | 'true' | 'false';
  limit?: string;
  destination?: 'dm' | 'channel';
  channel?: string | null;
}

/** view.state.values as Slack sends them for the builder, every input present as Slack includes them. */
function stateOf(inputs: Inputs): Record<string, Record<string, StateValue>> {
  const text = (value: string | undefined): StateValue => ({ type: 'plain_text_input', value: value ?? null });
  return {
    [BuilderBlock.region]: {
      [BUILDER_ACTION]: { type: 'static_select', selected_option: option(inputs.region ?? 'cn-hongkong') },
    },
    [BuilderBlock.tagKey]: { [BUILDER_ACTION]: text(inputs.tagKey) },
    [BuilderBlock.tagValue]: { [BUILDER_ACTION]: text(inputs.tagValue) },
    [BuilderBlock.name]: { [BUILDER_ACTION]: text(inputs.name) },
    [BuilderBlock.source]: { [BUILDER_ACTION]: text(inputs.source) },
    [BuilderBlock.target]: { [BUILDER_ACTION]: text(inputs.target) },
    [BuilderBlock.filter]: { [BUILDER_ACTION]: text(inputs.filter) },
    [BuilderBlock.enabled]: {
      [BUILDER_ACTION]: { type: 'static_select', selected_option: option(inputs.enabled ?? 'any') },
    },
    [BuilderBlock.limit]: { [BUILDER_ACTION]: { type: 'number_input', value: inputs.limit ?? null } },
    [BuilderBlock.destination]: {
      [BUILDER_ACTION]: { type: 'radio_buttons', selected_option: option(inputs.destination ?? 'dm') },
    },
    [BuilderBlock.channel]: {
      [BUILDER_ACTION]: { type: 'conversations_select', selected_conversation: inputs.channel ?? null },
    },
  };
}

async function submit(inputs: Inputs): Promise<{ status: number; body: string }> {
  const response = await postViewSubmission(bot.url, SIGNING_SECRET, {
    callbackId: CallbackId.QueryBuilderModal,
    values: stateOf(inputs),
  });
  return { status: response.status, body: await response.text() };
}

interface Modal {
  type: string;
  callback_id: string;
  title: { text: string };
  submit?: { text: string };
  blocks: Array<{ type: string; block_id?: string; element?: { type: string; options?: Array<{ value: string }> } }>;
}

function posted(call: ApiCall): SlackMessageBody {
  return { text: String(call.text ?? ''), blocks: call.blocks as SlackMessageBody['blocks'] };
}

/** The VPC API for cn-hongkong; records the parameters of each call. */
function hongKongApi(seen: URLSearchParams[], times = 1): void {
  nock(HK)
    .get('/')
    .query(true)
    .times(times)
    .reply(200, (uri) => {
      seen.push(new URL(uri, HK).searchParams);
      return pageBody([rawSession({ TrafficMirrorSessionName: 'finance-mirror' })], { TotalCount: 7, NextToken: 'N2' });
    });
}

function expectModal(call: ApiCall): Modal {
  const view = call.view as Modal;
  expect(view.type).toBe('modal');
  expect(view.callback_id).toBe(CallbackId.QueryBuilderModal);
  expect(view.title.text.length).toBeLessThanOrEqual(24);
  expect(validateView({ type: 'modal', blocks: view.blocks as never })).toEqual([]);
  return view;
}

describe('query builder: opening', () => {
  it('the global shortcut opens the builder with the regions, All regions and every filter', async () => {
    const opened = watchApi('views.open', () => ({ ok: true, view: { id: 'V0BUILDER', hash: 'h' } }));
    const response = await postShortcut(bot.url, SIGNING_SECRET, { callbackId: CallbackId.QueryBuilderShortcut });
    expect(response.status).toBe(200);
    const call = await opened.nth(1);
    expect(call.trigger_id).toBe('9999.8888.shortcut');
    const view = expectModal(call);
    const blockIds = view.blocks.map((b) => b.block_id).filter(Boolean);
    expect(blockIds).toEqual(
      expect.arrayContaining(Object.values(BuilderBlock).filter((id) => id !== BuilderBlock.account)),
    );
    const region = view.blocks.find((b) => b.block_id === BuilderBlock.region);
    expect(region?.element?.options?.map((o) => o.value)).toEqual(['cn-hongkong', 'cn-shanghai', 'all']);
    const channel = view.blocks.find((b) => b.block_id === BuilderBlock.channel);
    expect(channel?.element?.type).toBe('conversations_select');
    expect(JSON.stringify(channel)).toContain('"default_to_current_conversation":true');
  });

  it('App Home\'s "Build a query" opens the same builder', async () => {
    const opened = watchApi('views.open', () => ({ ok: true, view: { id: 'V0BUILDER', hash: 'h' } }));
    const response = await bot.click({
      actionId: ActionId.OpenQueryBuilder,
      value: 'open',
      responseUrl: '',
      container: 'home',
    });
    expect(response.status).toBe(200);
    const call = await opened.nth(1);
    expect(call.trigger_id).toBe('1234.5678.abcd');
    expectModal(call);
  });

  it('logs, and does not crash, when the trigger has expired', async () => {
    const opened = watchApi('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));
    await postShortcut(bot.url, SIGNING_SECRET, { callbackId: CallbackId.QueryBuilderShortcut });
    await opened.nth(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(bot.lines.join('\n')).toMatch(/could not open the query builder.*expired_trigger_id/);
  });
});

describe('query builder: submitting', () => {
  it('answers bad inputs in the modal, under each input, with the rule it breaks, before any API call', async () => {
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true }));
    const { status, body } = await submit({ tagKey: 'aliyun-x', limit: '500', source: 'i-notaneni' });
    expect(status).toBe(200);
    const answer = JSON.parse(body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    // In the form's words, named by the label the person sees, not by the command's keys.
    expect(answer.errors[BuilderBlock.limit]).toBe('Sessions per page must be a whole number from 1 to 100.');
    expect(answer.errors[BuilderBlock.tagKey]).toMatch(/^Tag key must .*must not start with aliyun or acs:/);
    expect(answer.errors[BuilderBlock.source]).toMatch(/^Source ENI must be an ENI id: eni-/);
    for (const message of Object.values(answer.errors)) expect(message).not.toMatch(/\b(limit|tag|source):/);
    expect(Object.keys(answer.errors).sort()).toEqual(
      [BuilderBlock.limit, BuilderBlock.source, BuilderBlock.tagKey].sort(),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(postMessage.calls).toHaveLength(0);
  });

  it('asks for a channel when the result should go to one and none is picked', async () => {
    const { body } = await submit({ destination: 'channel', channel: null });
    const answer = JSON.parse(body) as { errors: Record<string, string> };
    expect(answer.errors[BuilderBlock.channel]).toMatch(/Pick a channel/);
  });

  it("runs a valid query and sends the first page to the user's DM, with the command that does the same", async () => {
    const seen: URLSearchParams[] = [];
    hongKongApi(seen);
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true, channel: 'D0DM', ts: '1' }));
    const { status, body } = await submit({
      tagKey: 'FinanceDept',
      tagValue: 'Finance Joshua',
      name: 'db mirror &amp; co',
      enabled: 'true',
      limit: '5',
    });
    expect(status).toBe(200);
    expect(body).toBe('');
    const call = await postMessage.nth(1);
    expect(call.channel).toBe('U0ONCALL');
    const params = seen[0]!;
    expect(params.get('Tags.1.Key')).toBe('FinanceDept');
    expect(params.get('Tags.1.Value')).toBe('Finance Joshua');
    expect(params.get('TrafficMirrorSessionName')).toBe('db mirror &amp; co');
    expect(params.get('Enabled')).toBe('true');
    expect(params.get('MaxResults')).toBe('5');
    const message = posted(call);
    const text = textOf(message);
    expect(text).toContain('finance-mirror');
    expect(text).toContain('same as `/mirrors cn-hongkong tag:\\"FinanceDept=Finance Joshua\\"');
    expect(text).toContain('enabled:true limit:5');
    expect(buttonsOf(message).has(ActionId.NextPage)).toBe(true);
    expect(buttonsOf(message).has(ActionId.Share)).toBe(false);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('posts a placeholder to the chosen channel before the form closes, then replaces it with the page, saying who asked', async () => {
    hongKongApi([]);
    const postMessage = watchApi('chat.postMessage', () => ({
      ok: true,
      channel: 'C0PICKED',
      ts: '1732600500.000100',
    }));
    const update = watchApi('chat.update', () => ({ ok: true, channel: 'C0PICKED', ts: '1732600500.000100' }));
    const { status, body } = await submit({ destination: 'channel', channel: 'C0PICKED' });
    expect(status).toBe(200);
    expect(body).toBe('');
    const placeholder = await postMessage.nth(1);
    expect(placeholder.channel).toBe('C0PICKED');
    expect(textOf(posted(placeholder))).toContain('Looking up `/mirrors cn-hongkong');
    const call = await update.nth(1);
    expect(call.channel).toBe('C0PICKED');
    expect(call.ts).toBe('1732600500.000100');
    const text = textOf(posted(call));
    expect(text).toContain('From the query builder by <@U0ONCALL>');
    expect(text).toContain('finance-mirror');
    expect(validateMessage(posted(call).blocks as never, 'message')).toEqual([]);
  });

  it("keeps the form open with an error under Channel, in the form's words, when the bot is not in the channel", async () => {
    const postMessage = watchApi('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    const { status, body } = await submit({ destination: 'channel', channel: 'C0PICKED' });
    expect(status).toBe(200);
    const answer = JSON.parse(body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors[BuilderBlock.channel]).toBe(
      'Invite @mirrors to this channel first (type /invite @mirrors there), or pick another channel.',
    );
    expect(Object.keys(answer.errors)).toEqual([BuilderBlock.channel]);
    expect((await postMessage.nth(1)).channel).toBe('C0PICKED');
    // Nothing was asked of the cloud: the person fixes the form first.
    await new Promise((r) => setTimeout(r, 50));
    expect(bot.lines.join('\n')).not.toContain('listed sessions');
  });

  it('sends a cloud error to the DM, never to the channel, and takes the placeholder away', async () => {
    nock(HK).get('/').query(true).reply(403, { RequestId: 'R-QB', Code: 'Forbidden.RAM', Message: 'denied' });
    const postMessage = watchApi(
      'chat.postMessage',
      (call) => ({ ok: true, channel: call.channel, ts: '1732600600.000100' }),
      2,
    );
    const removed = watchApi('chat.delete', () => ({ ok: true }));
    await submit({ destination: 'channel', channel: 'C0PICKED' });
    expect((await postMessage.nth(1)).channel).toBe('C0PICKED');
    expect((await removed.nth(1)).ts).toBe('1732600600.000100');
    const call = await postMessage.nth(2);
    expect(call.channel).toBe('U0ONCALL');
    expect(textOf(posted(call))).toMatch(/isn't allowed/);
  });

  it('runs All regions across every configured region', async () => {
    for (const region of REGIONS) {
      nock(`https://vpc.${region}.aliyuncs.com`)
        .get('/')
        .query(true)
        .reply(
          200,
          pageBody([
            rawSession({
              TrafficMirrorSessionId: `tms-j6c${region.slice(3, 6)}0001`,
              TrafficMirrorSessionName: `${region}-mirror`,
            }),
          ]),
        );
    }
    const postMessage = watchApi('chat.postMessage', () => ({ ok: true, channel: 'D0DM', ts: '4' }));
    await submit({ region: 'all', tagKey: 'FinanceDept' });
    const call = await postMessage.nth(1);
    expect(call.channel).toBe('U0ONCALL');
    const message = posted(call);
    const text = textOf(message);
    expect(text).toContain('cn-hongkong-mirror');
    expect(text).toContain('cn-shanghai-mirror');
    expect(text).toContain('same as `/mirrors all tag:FinanceDept`');
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
  });

  it('refuses a region it did not offer', async () => {
    const { body } = await submit({ region: 'us-east-1' });
    const answer = JSON.parse(body) as { errors: Record<string, string> };
    expect(answer.errors[BuilderBlock.region]).toMatch(/Pick a region/);
  });
});
