import { createHmac } from 'node:crypto';

/** Requests exactly as Slack sends them: the signature covers the very bytes that go over the wire. */
export interface SignedRequestOptions {
  secret: string;
  /** Seconds; defaults to now. Set it in the past to test replay protection. */
  timestamp?: number;
  /** Sign with a different secret than the app's (forgery). */
  forgeWith?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignedRequestOptions,
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.forgeWith ?? options.secret, timestamp, body),
    },
    body,
  });
}

export interface CommandFields {
  text: string;
  response_url: string;
  command?: string;
  user_id?: string;
  channel_id?: string;
  trigger_id?: string;
}

export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0MIRRORS',
    team_domain: 'mirrors-test',
    channel_id: fields.channel_id ?? 'C0INCIDENT',
    channel_name: 'incidents',
    user_id: fields.user_id ?? 'U0ONCALL',
    user_name: 'oncall',
    command: fields.command ?? '/mirrors',
    text: fields.text,
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? '1234.5678.abcd',
    api_app_id: 'A0MIRRORS',
    is_enterprise_install: 'false',
  }).toString();
}

export interface ButtonClick {
  actionId: string;
  value: string;
  responseUrl: string;
  userId?: string;
  /** Where the button was: an ephemeral message in a channel, or the Home tab. */
  container?: 'ephemeral' | 'home';
}

export function blockActionsBody(click: ButtonClick): string {
  const user = { id: click.userId ?? 'U0ONCALL', username: 'oncall', name: 'oncall', team_id: 'T0MIRRORS' };
  const container =
    click.container === 'home'
      ? { type: 'view', view_id: 'V0HOME' }
      : { type: 'message', message_ts: '1732600000.000100', channel_id: 'C0INCIDENT', is_ephemeral: true };
  const payload = {
    type: 'block_actions',
    user,
    api_app_id: 'A0MIRRORS',
    token: 'deprecated-verification-token',
    container,
    trigger_id: '1234.5678.abcd',
    team: { id: 'T0MIRRORS', domain: 'mirrors-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: click.container === 'home' ? undefined : { id: 'C0INCIDENT', name: 'incidents' },
    view: click.container === 'home' ? { id: 'V0HOME', type: 'home', team_id: 'T0MIRRORS' } : undefined,
    response_url: click.container === 'home' ? undefined : click.responseUrl,
    actions: [
      {
        action_id: click.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'x' },
        value: click.value,
        type: 'button',
        action_ts: '1732600001.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0MIRRORS',
    api_app_id: 'A0MIRRORS',
    event,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0MIRRORS', user_id: 'U0BOT', is_bot: true }],
  });
}
