import nock from 'nock';
import { postSigned } from './signed';

/**
 * Shortcut and view_submission payloads exactly as Slack sends them (form-encoded `payload=<json>`), and a way to
 * watch the Web API calls the bot makes in answer (views.open, views.update, chat.postMessage, …).
 */

const USER = { id: 'U0ONCALL', username: 'oncall', name: 'oncall', team_id: 'T0MIRRORS' };
const TEAM = { id: 'T0MIRRORS', domain: 'mirrors-test' };

export interface ShortcutFields {
  callbackId: string;
  triggerId?: string;
  userId?: string;
}

function shortcutBody(fields: ShortcutFields): string {
  const payload = {
    type: 'shortcut',
    token: 'deprecated-verification-token',
    action_ts: '1732600001.000300',
    team: TEAM,
    user: { ...USER, id: fields.userId ?? USER.id },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: fields.callbackId,
    trigger_id: fields.triggerId ?? '9999.8888.shortcut',
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** One input's state as Slack reports it in view.state.values[block_id][action_id]. */
export type StateValue =
  | { type: 'plain_text_input' | 'number_input'; value: string | null }
  | {
      type: 'static_select' | 'radio_buttons';
      selected_option: { text: { type: 'plain_text'; text: string }; value: string } | null;
    }
  | { type: 'conversations_select'; selected_conversation: string | null };

export interface ViewSubmissionFields {
  callbackId: string;
  values: Record<string, Record<string, StateValue>>;
  userId?: string;
  privateMetadata?: string;
}

function viewSubmissionBody(fields: ViewSubmissionFields): string {
  const payload = {
    type: 'view_submission',
    token: 'deprecated-verification-token',
    team: TEAM,
    user: { ...USER, id: fields.userId ?? USER.id },
    api_app_id: 'A0MIRRORS',
    trigger_id: '7777.6666.submit',
    is_enterprise_install: false,
    enterprise: null,
    view: {
      id: 'V0BUILDER',
      team_id: TEAM.id,
      type: 'modal',
      callback_id: fields.callbackId,
      private_metadata: fields.privateMetadata ?? '',
      hash: '1732600000.builder',
      title: { type: 'plain_text', text: 'Find mirror sessions' },
      blocks: [],
      state: { values: fields.values },
      app_id: 'A0MIRRORS',
      bot_id: 'B0BOT',
      root_view_id: 'V0BUILDER',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function option(value: string): { text: { type: 'plain_text'; text: string }; value: string } {
  return { text: { type: 'plain_text', text: value }, value };
}

export async function postShortcut(url: string, secret: string, fields: ShortcutFields): Promise<Response> {
  return postSigned(url, shortcutBody(fields), 'application/x-www-form-urlencoded', { secret });
}

export async function postViewSubmission(url: string, secret: string, fields: ViewSubmissionFields): Promise<Response> {
  return postSigned(url, viewSubmissionBody(fields), 'application/x-www-form-urlencoded', { secret });
}

/** A Web API call as the bot made it: form fields, with the JSON-valued ones (view, blocks) parsed. */
export type ApiCall = Record<string, unknown>;

function parseCall(body: unknown): ApiCall {
  const fields: Record<string, unknown> =
    typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as Record<string, unknown>) };
  for (const key of ['view', 'blocks']) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = JSON.parse(value) as unknown;
  }
  return fields;
}

export interface ApiWatch {
  calls: ApiCall[];
  /** Resolves with the n-th call (1-based), once it has been made. */
  nth(n: number): Promise<ApiCall>;
}

/**
 * Intercepts `times` calls to one Web API method (https://slack.com/api/<method>) and answers each with
 * `answer(call, index)`: `{ ok: true, … }` or `{ ok: false, error: '…' }` as Slack would.
 */
export function watchApi(
  method: string,
  answer: (call: ApiCall, index: number) => Record<string, unknown>,
  times = 1,
): ApiWatch {
  const calls: ApiCall[] = [];
  const waiting = new Map<number, (call: ApiCall) => void>();
  nock('https://slack.com')
    .post(`/api/${method}`)
    .times(times)
    .reply(200, (_uri, body) => {
      const call = parseCall(body);
      calls.push(call);
      waiting.get(calls.length)?.(call);
      return answer(call, calls.length - 1);
    });
  return {
    calls,
    nth(n) {
      const made = calls[n - 1];
      if (made) return Promise.resolve(made);
      return new Promise((resolve) => waiting.set(n, resolve));
    },
  };
}
