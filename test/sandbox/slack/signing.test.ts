import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandIn, signedHeaders, slackSignature, startSlackStandIn } from '../../../src/sandbox/slack';

describe('slackSignature', () => {
  it("matches Slack's published test vector", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it("produces headers Bolt's verifySlackRequest accepts, and rejects a tampered body", () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    const headers = signedHeaders('s3cret', body);
    const asBolt = {
      'x-slack-signature': headers['x-slack-signature'] ?? '',
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    };
    expect(() => verifySlackRequest({ signingSecret: 's3cret', body, headers: asBolt })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: 's3cret', body: `${body}x`, headers: asBolt })).toThrow();
    expect(() => verifySlackRequest({ signingSecret: 'other', body, headers: asBolt })).toThrow();
  });
});

describe('what the stand-in sends to the bot', () => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let server: http.Server;
  let slack: SlackStandIn;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    slack = await startSlackStandIn({
      signingSecret: 'wire-secret',
      botToken: 'xoxb-wire',
      botEventsUrl: `http://127.0.0.1:${port}/slack/events`,
    });
  });

  afterAll(async () => {
    await slack.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const verify = (index: number): string => {
    const request = received[index];
    if (!request) throw new Error('nothing received');
    verifySlackRequest({
      signingSecret: 'wire-secret',
      body: request.body,
      headers: {
        'x-slack-signature': String(request.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
      },
    });
    return request.body;
  };

  it('signs a form-encoded slash command with every field Slack sends, typed text escaped', async () => {
    received.length = 0;
    await slack.sendCommand('cn-hongkong name:"a & <b>"');
    const body = verify(0);
    expect(received[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const fields = new URLSearchParams(body);
    expect([...fields.keys()]).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'response_url',
      'trigger_id',
      'api_app_id',
      'is_enterprise_install',
    ]);
    expect(fields.get('command')).toBe('/mirrors');
    expect(fields.get('text')).toBe('cn-hongkong name:"a &amp; &lt;b&gt;"');
    expect(fields.get('channel_id')).toBe('C0INCIDENTS');
    expect(fields.get('trigger_id')).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });

  it('signs a JSON event_callback with an app_mention in a thread', async () => {
    received.length = 0;
    const parent = slack.postUserMessage('outage');
    await slack.sendMention('cn-hongkong', { threadTs: parent.ts });
    const event = JSON.parse(verify(0)) as { type: string; event: Record<string, unknown>; authorizations: unknown[] };
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(event.type).toBe('event_callback');
    expect(event.event).toMatchObject({
      type: 'app_mention',
      text: `<@${slack.botUserId}> cn-hongkong`,
      channel: 'C0INCIDENTS',
      thread_ts: parent.ts,
      user: slack.defaultUserId,
    });
    expect(event.authorizations).toEqual([expect.objectContaining({ user_id: slack.botUserId, is_bot: true })]);
  });

  it('signs a block_actions payload=<urlencoded JSON>', async () => {
    received.length = 0;
    slack.reset();
    const post = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-wire', 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'C0INCIDENTS',
        text: 'x',
        blocks: [
          {
            type: 'actions',
            block_id: 'b',
            elements: [{ type: 'button', action_id: 'go', value: 'v1', text: { type: 'plain_text', text: 'Go' } }],
          },
        ],
      }),
    });
    const { ts } = (await post.json()) as { ts: string };
    await slack.clickButton({ channel: 'C0INCIDENTS', ts }, 'go');
    const body = verify(0);
    const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', message_ts: ts, is_ephemeral: false },
      message: { ts, bot_id: slack.botId },
      actions: [{ action_id: 'go', block_id: 'b', value: 'v1', type: 'button' }],
    });
    expect(payload.response_url).toMatch(/\/response\//);
  });
});
