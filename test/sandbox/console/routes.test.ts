/**
 * The console's HTTP side: page and assets, snapshots, the SSE stream, actions, and the guards that keep other
 * origins out.
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from '../../../src/sandbox/slack';
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
  await bot.close();
  await slack.close();
});

afterEach(() => slack.reset());

function action(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${slack.consoleUrl}console/action`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

interface Snapshot {
  me: string;
  messages: { text: string; via: string; ephemeralTo?: string; threadTs?: string }[];
  notices: { text: string }[];
  home: { blocks: unknown[] } | null;
  channels: { id: string; name: string; isMember: boolean }[];
}

async function snapshot(user?: string): Promise<Snapshot> {
  const response = await fetch(`${slack.consoleUrl}console/state${user ? `?user=${user}` : ''}`);
  return (await response.json()) as Snapshot;
}

describe('console routes', () => {
  it('serves the page, the scripts and permalinks, with a CSP', async () => {
    const page = await fetch(slack.consoleUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    for (const id of ['composer-input', 'channel-messages', 'thread-pane', 'home-view', 'activity-toggle'])
      expect(html).toContain(`data-testid="${id}"`);
    for (const [asset, type] of [
      ['app.js', 'text/javascript'],
      ['app.css', 'text/css'],
    ]) {
      const response = await fetch(`${slack.consoleUrl}console/${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
    }
    expect(html).toContain('<script src="/console/app.js"></script>');
    expect((await fetch(`${slack.consoleUrl}archives/C0INCIDENTS/p1732600000000100`)).status).toBe(200);
  });

  it('turns typed text into a command, a mention or a plain message, like Slack', async () => {
    expect(
      await (await action({ type: 'compose', channel: 'C0INCIDENTS', text: '/mirrors cn-hongkong' })).json(),
    ).toMatchObject({ ok: true, delivery: { kind: 'slash_command', status: 200 } });
    expect(await (await action({ type: 'compose', channel: 'C0INCIDENTS', text: 'hello & <world>' })).json()).toEqual({
      ok: true,
    });
    await action({ type: 'compose', channel: 'C0INCIDENTS', text: '@mirrors help' });
    await slack.waitForMessage((m) => m.via === 'chat.postMessage');
    await action({ type: 'compose', channel: 'C0INCIDENTS', text: '/nope' });
    const snap = await snapshot();
    expect(snap.messages.map((m) => m.via)).toEqual(['response_url', 'user', 'user', 'chat.postMessage']);
    expect(snap.messages[1]?.text).toBe('hello &amp; &lt;world&gt;');
    expect(snap.notices.at(-1)?.text).toContain('/nope is not a valid command');
  });

  it('refuses slash commands in threads, as Slack does', async () => {
    const parent = slack.postUserMessage('thread');
    await action({ type: 'compose', channel: 'C0INCIDENTS', threadTs: parent.ts, text: '/mirrors x' });
    expect(slack.deliveries()).toEqual([]);
    expect(slack.notices()[0]).toMatchObject({ threadTs: parent.ts });
  });

  it('shows each person only their own ephemeral messages', async () => {
    await slack.sendCommand('cn-hongkong');
    await slack.waitForMessage((m) => m.via === 'response_url');
    expect((await snapshot()).messages).toHaveLength(1);
    expect((await snapshot(slack.otherUserId)).messages).toHaveLength(0);
  });

  it('clicks buttons and opens App Home for the console user', async () => {
    await action({ type: 'open_home' });
    await slack.waitFor(() => slack.homeView());
    expect((await snapshot()).home?.blocks.length).toBe(3);
    const clicked = await (
      await action({ type: 'click', surface: { kind: 'home' }, actionId: 'stub_home_list', value: 'cn-hongkong' })
    ).json();
    expect(clicked).toMatchObject({ ok: true, delivery: { kind: 'block_actions', status: 200 } });
    expect(await (await action({ type: 'click', surface: { kind: 'home' }, actionId: 'nope' })).json()).toMatchObject({
      ok: false,
    });
  });

  it('streams a snapshot on connect and after every change', async () => {
    let received = '';
    const until = async (what: string): Promise<void> => {
      for (let i = 0; i < 100 && !received.includes(what); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toContain(what);
    };
    const request = http.get(`${slack.consoleUrl}console/events`, (response) => {
      expect(response.headers['content-type']).toContain('text/event-stream');
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
      });
    });
    try {
      await until('event: snapshot');
      slack.postUserMessage('streamed');
      await until('"text":"streamed"');
    } finally {
      request.destroy();
    }
  });

  it('lists the global shortcuts and what a conversations_select can offer, and runs a shortcut from the open channel', async () => {
    const snap = (await (await fetch(`${slack.consoleUrl}console/state`)).json()) as {
      shortcuts: { name: string; callbackId: string }[];
      conversations: { id: string; name: string; type: string; withBot: boolean }[];
    };
    expect(snap.shortcuts).toEqual([
      expect.objectContaining({ name: 'Find mirror sessions', callbackId: 'mirrors_query_builder' }),
    ]);
    expect(snap.conversations.map((c) => `${c.type} ${c.name}`)).toEqual([
      'public incidents',
      'public general',
      'public random',
      'im mirrors',
    ]);
    const result = await (
      await action({ type: 'shortcut', callbackId: 'mirrors_query_builder', channel: 'C0INCIDENTS' })
    ).json();
    expect(result).toMatchObject({ ok: true, delivery: { kind: 'shortcut', status: 200 } });
    const [modal] = await slack.waitFor(() => (slack.modals().length === 1 ? slack.modals() : undefined));
    expect(modal).toMatchObject({ callbackId: 'stub_modal', conversation: 'C0INCIDENTS' });
    expect(await (await action({ type: 'shortcut', callbackId: 'nope' })).json()).toMatchObject({
      ok: false,
      error: expect.stringContaining('no global shortcut nope'),
    });
  });

  it('submits modal values as the page collects them: text, null for empty, and shows the answer', async () => {
    await action({ type: 'shortcut', callbackId: 'mirrors_query_builder', channel: 'C0INCIDENTS' });
    await slack.waitFor(() => slack.modals().length === 1);
    expect(await (await action({ type: 'modal_submit', values: { q: { terms: null } } })).json()).toMatchObject({
      ok: true,
      delivery: { kind: 'view_submission' },
    });
    expect(slack.modals()[0]).toMatchObject({ errors: { q: 'Say what to look for' }, errorsFrom: 'app' });
    expect(
      await (await action({ type: 'modal_submit', values: { q: { terms: 'tag:FinanceDept' } } })).json(),
    ).toMatchObject({ ok: true });
    expect(slack.modals()).toEqual([]);
    expect(await (await action({ type: 'open_home' })).json()).toMatchObject({ ok: true });
  });

  it('accepts actions only as same-origin JSON on the loopback host', async () => {
    const text = await fetch(`${slack.consoleUrl}console/action`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ type: 'reset' }),
    });
    expect(text.status).toBe(403);
    expect((await action({ type: 'reset' }, { origin: 'https://evil.example' })).status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: slack.port, path: '/', headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(421);
  });
});
