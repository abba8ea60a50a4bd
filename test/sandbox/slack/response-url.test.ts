/**
 * response_url rules, posted to directly (no bot needed: a 200 "bot" answers every request).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from '../../../src/sandbox/slack';

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
    botToken: 'xoxb-r',
    botEventsUrl: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`,
  });
});

afterAll(async () => {
  await slack.close();
  await new Promise<void>((resolve) => bot.close(() => resolve()));
});

afterEach(() => slack.reset());

function respond(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const blocks = (text: string) => [{ type: 'section', text: { type: 'mrkdwn', text } }];

describe('a command response_url', () => {
  it('posts ephemeral by default and in_channel on request, showing the command once', async () => {
    const { responseUrl } = await slack.sendCommand('cn-hongkong');
    expect((await respond(responseUrl, { text: 'private' })).status).toBe(200);
    expect((await respond(responseUrl, { text: 'public 1', response_type: 'in_channel' })).status).toBe(200);
    expect((await respond(responseUrl, { text: 'public 2', response_type: 'in_channel' })).status).toBe(200);
    const seen = slack
      .messages({ channel: slack.channels.incidents })
      .map((m) => [m.via, m.text, m.ephemeralTo ?? 'everyone']);
    expect(seen).toEqual([
      ['response_url', 'private', slack.defaultUserId],
      ['command_echo', '/mirrors cn-hongkong', 'everyone'],
      ['response_url', 'public 1', 'everyone'],
      ['response_url', 'public 2', 'everyone'],
    ]);
    expect(slack.responseUrlUses().map((u) => [u.kind, u.effect, u.uses])).toEqual([
      ['command', 'new_ephemeral', 1],
      ['command', 'new_in_channel', 2],
      ['command', 'new_in_channel', 3],
    ]);
  });

  it('rejects the 6th use with 404 used_url', async () => {
    const { responseUrl } = await slack.sendCommand('x');
    for (let i = 1; i <= 5; i++) expect((await respond(responseUrl, { text: `use ${i}` })).status).toBe(200);
    const sixth = await respond(responseUrl, { text: 'use 6' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect(slack.responseUrlUses().at(-1)).toMatchObject({ status: 404, effect: 'used_url', uses: 5 });
    expect(slack.messages()).toHaveLength(5);
  });

  it('expires after 30 minutes', async () => {
    const { responseUrl } = await slack.sendCommand('x');
    slack.advanceTime(30 * 60 * 1000 + 1);
    const late = await respond(responseUrl, { text: 'late' });
    expect(late.status).toBe(404);
    expect(await late.json()).toEqual({ ok: false, error: 'expired_url' });
  });

  it('posts a new message for replace_original (it does not replace through the command URL)', async () => {
    const { responseUrl } = await slack.sendCommand('x');
    await respond(responseUrl, { text: 'one' });
    await respond(responseUrl, { text: 'two', replace_original: true });
    expect(slack.messages().map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('does not replace even the ephemeral message it posted itself, as real Slack', async () => {
    const { responseUrl } = await slack.sendCommand('x');
    await respond(responseUrl, { text: 'Working on it…', response_type: 'ephemeral' });
    await respond(responseUrl, { text: 'the answer', response_type: 'ephemeral', replace_original: true });
    expect(slack.messages().map((m) => [m.text, m.ephemeralTo])).toEqual([
      ['Working on it…', slack.defaultUserId],
      ['the answer', slack.defaultUserId],
    ]);
    expect(slack.responseUrlUses().map((u) => u.effect)).toEqual(['new_ephemeral', 'new_ephemeral']);
  });

  it('answers bad bodies with non-2xx and does not count them', async () => {
    const { responseUrl } = await slack.sendCommand('x');
    expect((await respond(responseUrl, 'not json')).status).toBe(400);
    expect((await respond(responseUrl, {})).status).toBe(400);
    const invalid = await respond(responseUrl, { text: 'x', blocks: blocks('') });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect((await respond(responseUrl, { delete_original: true, text: 'both' })).status).toBe(400);
    expect((await fetch(`${slack.url}response/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    for (let i = 1; i <= 5; i++) expect((await respond(responseUrl, { text: `use ${i}` })).status).toBe(200);
  });
});

describe("a button's response_url", () => {
  async function ephemeralWithButton(): Promise<{ ts: string; responseUrl: string }> {
    const { responseUrl: commandUrl } = await slack.sendCommand('x');
    await respond(commandUrl, {
      text: 'page 1',
      blocks: [
        ...blocks('page 1'),
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'next', text: { type: 'plain_text', text: 'Next' }, value: '2' }],
        },
      ],
    });
    const [message] = slack.messages();
    if (!message) throw new Error('no message');
    const click = await slack.clickButton(message, 'next');
    if (click.responseUrl === undefined) throw new Error('no response_url');
    return { ts: message.ts, responseUrl: click.responseUrl };
  }

  it('replaces the message the button was on, keeping it ephemeral', async () => {
    const { ts, responseUrl } = await ephemeralWithButton();
    expect(
      (
        await respond(responseUrl, {
          replace_original: true,
          response_type: 'in_channel',
          text: 'page 2',
          blocks: blocks('page 2'),
        })
      ).status,
    ).toBe(200);
    expect(slack.messages()).toHaveLength(1);
    expect(slack.message(slack.channels.incidents, ts)).toMatchObject({
      text: 'page 2',
      edits: 1,
      ephemeralTo: slack.defaultUserId,
    });
    expect(slack.responseUrlUses().at(-1)).toMatchObject({ kind: 'action', effect: 'replace_original' });
  });

  it('deletes it with delete_original sent alone', async () => {
    const { ts, responseUrl } = await ephemeralWithButton();
    expect((await respond(responseUrl, { delete_original: true })).status).toBe(200);
    expect(slack.message(slack.channels.incidents, ts)).toBeUndefined();
  });

  it('posts a new ephemeral message without replace_original', async () => {
    const { responseUrl } = await ephemeralWithButton();
    await respond(responseUrl, { text: 'extra' });
    expect(slack.messages().map((m) => [m.text, m.ephemeralTo])).toEqual([
      ['page 1', slack.defaultUserId],
      ['extra', slack.defaultUserId],
    ]);
  });

  it('refuses clicks on buttons that do not exist, or on someone else’s ephemeral message', async () => {
    const { ts } = await ephemeralWithButton();
    await expect(slack.clickButton({ channel: slack.channels.incidents, ts }, 'missing')).rejects.toThrow(
      /no element missing.*next/,
    );
    await expect(
      slack.clickButton({ channel: slack.channels.incidents, ts }, 'next', undefined, { userId: slack.otherUserId }),
    ).rejects.toThrow(/ephemeral/);
  });
});
