/**
 * Transport faults of the Slack stand-in (response_url and Web API), and conversations.replies/history with
 * metadata: what the bot's delivery code is tested against.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from '../../../src/sandbox/slack';

const TOKEN = 'xoxb-faults';
let slack: SlackStandIn;
let bot: http.Server;

beforeAll(async () => {
  bot = http.createServer((_req, res) => {
    res.writeHead(200);
    res.end();
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  slack = await startSlackStandIn({
    signingSecret: 's',
    botToken: TOKEN,
    botEventsUrl: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`,
  });
});

afterAll(async () => {
  await slack.close();
  await new Promise<void>((resolve) => bot.close(() => resolve()));
});

afterEach(() => slack.reset());

const post = (url: string, body: unknown, signal?: AbortSignal): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });

const api = (method: string, args: Record<string, unknown>): Promise<Response> =>
  fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(args),
  });

const mine = () => slack.messages({ fromBot: true }).map((m) => m.text);

describe('response_url faults', () => {
  it('answers a status without posting, then works again', async () => {
    const { responseUrl } = await slack.sendCommand('cn-hongkong');
    slack.injectFault('response_url', { kind: 'status', status: 500 }, 2);
    expect((await post(responseUrl, { text: 'a' })).status).toBe(500);
    expect((await post(responseUrl, { text: 'b' })).status).toBe(500);
    expect((await post(responseUrl, { text: 'c' })).status).toBe(200);
    expect(mine()).toEqual(['c']);
  });

  it('posts and then drops the connection on reset-after-delivery', async () => {
    const { responseUrl } = await slack.sendCommand('cn-hongkong');
    slack.injectFault('response_url', { kind: 'reset-after-delivery' });
    await expect(post(responseUrl, { text: 'landed' })).rejects.toThrow();
    expect(mine()).toEqual(['landed']);
  });

  it('drops the connection without posting on reset', async () => {
    const { responseUrl } = await slack.sendCommand('cn-hongkong');
    slack.injectFault('response_url', { kind: 'reset' });
    await expect(post(responseUrl, { text: 'lost' })).rejects.toThrow();
    expect(mine()).toEqual([]);
  });

  it('never answers on hang, and posts nothing', async () => {
    const { responseUrl } = await slack.sendCommand('cn-hongkong');
    slack.injectFault('response_url', { kind: 'hang', ms: 30_000 });
    await expect(post(responseUrl, { text: 'stuck' }, AbortSignal.timeout(300))).rejects.toThrow();
    expect(mine()).toEqual([]);
  });
});

describe('Web API faults and reading back', () => {
  it('rate-limits one method with Retry-After and leaves the others alone', async () => {
    slack.injectFault('chat.postMessage', { kind: 'status', status: 429, retryAfterSeconds: 30 });
    const limited = await api('chat.postMessage', { channel: slack.channels.incidents, text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect((await api('auth.test', {})).status).toBe(200);
  });

  it('finds a post by its metadata in a thread after reset-after-delivery', async () => {
    const parent = await api('chat.postMessage', { channel: slack.channels.incidents, text: 'parent' });
    const { ts } = (await parent.json()) as { ts: string };
    slack.injectFault('chat.postMessage', { kind: 'reset-after-delivery' });
    const metadata = { event_type: 'mirrors_reply', event_payload: { id: 'r-1' } };
    await expect(
      api('chat.postMessage', { channel: slack.channels.incidents, thread_ts: ts, text: 'reply', metadata }),
    ).rejects.toThrow();
    const replies = (await (
      await api('conversations.replies', { channel: slack.channels.incidents, ts, include_all_metadata: true })
    ).json()) as { messages: Array<{ text: string; metadata?: unknown }> };
    expect(replies.messages.map((m) => [m.text, m.metadata])).toEqual([
      ['parent', undefined],
      ['reply', metadata],
    ]);
    const withoutMetadata = (await (
      await api('conversations.replies', { channel: slack.channels.incidents, ts })
    ).json()) as { messages: Array<{ metadata?: unknown }> };
    expect(withoutMetadata.messages.every((m) => m.metadata === undefined)).toBe(true);
    const history = (await (
      await api('conversations.history', { channel: slack.channels.incidents, include_all_metadata: true })
    ).json()) as { messages: Array<{ text: string }> };
    expect(history.messages.map((m) => m.text)).toEqual(['parent']);
  });
});
