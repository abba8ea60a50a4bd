import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { pageBody, rawSession } from '../cloud/helpers';
import { type ApiCall, watchApi } from '../helpers/signed-views';
import { type Bot, captureResponse, HK, HOOKS, SLACK_API, startBot, textOf } from './harness';

/**
 * Replies lost or duplicated on the Slack side (issue 9, finding 5): response_urls that hang, fail or break after
 * delivering, posts whose outcome is unknown, and one method's rate limit stalling everything else.
 */

let bot: Bot;
let stopped = false;
beforeEach(async () => {
  stopped = false;
  bot = await startBot();
});
afterEach(async () => {
  if (!stopped) await bot.stop();
});

const URL_PATH = '/commands/T0MIRRORS/1/cmd';

function oneSession(name: string): void {
  nock(HK)
    .get('/')
    .query(true)
    .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: name })]));
}

/** Every POST to the command's response_url, answered by `answer`; returns the bodies in order. */
function responseUrl(answer: (index: number) => 'ok' | 'hang' | 'reset' | number, times = 10): unknown[] {
  const bodies: unknown[] = [];
  const scope = nock(HOOKS);
  for (let i = 0; i < times; i++) {
    const interceptor = scope.post(URL_PATH, (body) => {
      bodies.push(body);
      return true;
    });
    const how = answer(i);
    if (how === 'ok') interceptor.reply(200, 'ok');
    else if (how === 'hang') interceptor.delay(60_000).reply(200, 'ok');
    else if (how === 'reset') interceptor.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    else interceptor.reply(how, 'failed');
  }
  return bodies;
}

describe('answers on a response_url', () => {
  it('gives up on a hanging response_url after its timeout and delivers on the next try', async () => {
    oneSession('after-a-hang');
    const bodies = responseUrl((i) => (i === 0 ? 'hang' : 'ok'));
    await bot.command('cn-hongkong');
    await expect.poll(() => bodies.length, { timeout: 12_000 }).toBe(2);
    expect(textOf(bodies[1] as { text?: string })).toContain('after-a-hang');
  });

  it('does not let a response_url that always hangs hold shutdown, and still answers by chat.postEphemeral', async () => {
    oneSession('answered-while-stopping');
    responseUrl(() => 'hang');
    const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1.2' }));
    await bot.command('cn-hongkong');
    await expect.poll(() => bot.lines.some((l) => l.includes('listed sessions'))).toBe(true);
    await bot.stop();
    stopped = true;
    // stop() waited for the listener, and the listener stopped waiting for the URL at its timeout.
    expect(ephemeral.calls).toHaveLength(1);
    expect(textOf(ephemeral.calls[0] as { text?: string })).toContain('answered-while-stopping');
  });

  it.each([
    [500, 'keeps failing'],
    [404, 'is spent or expired'],
  ])('answers by chat.postEphemeral to the same person in the same channel when the URL %i (%s)', async (status) => {
    oneSession('fallback-list');
    const bodies = responseUrl(() => status);
    const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1.2' }));
    await bot.command('cn-hongkong');
    const call = await ephemeral.nth(1);
    expect(call.user).toBe('U0ONCALL');
    expect(call.channel).toBe('C0INCIDENT');
    expect(textOf(call as { text?: string; blocks?: unknown[] })).toContain('fallback-list');
    // A spent URL is not asked again; a failing one a bounded number of times.
    expect(bodies.length).toBe(status === 404 ? 1 : 3);
    expect(bot.lines.join('\n')).not.toContain('hooks.slack.com/commands');
  });

  it('logs once, without looping, when chat.postEphemeral fails too', async () => {
    oneSession('nowhere');
    responseUrl(() => 404);
    const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: false, error: 'channel_not_found' }), 5);
    await bot.command('cn-hongkong');
    await expect.poll(() => bot.lines.some((l) => l.includes('answer lost'))).toBe(true);
    expect(ephemeral.calls).toHaveLength(1);
    expect(bot.lines.filter((l) => l.includes('answer lost'))).toHaveLength(1);
  });

  it('does not send a list twice when the connection breaks after the URL took it', async () => {
    oneSession('only-once');
    const bodies = responseUrl(() => 'reset');
    const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true }));
    await bot.command('cn-hongkong');
    await expect.poll(() => bot.lines.some((l) => l.includes('not sending it twice'))).toBe(true);
    expect(bodies).toHaveLength(1);
    expect(ephemeral.calls).toHaveLength(0);
  });

  it('repeats a page change after a broken connection, since replacing the clicked message twice is harmless', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .times(2)
      .reply(
        200,
        pageBody([rawSession({ TrafficMirrorSessionName: 'page-one' })], { NextToken: 'NEXT', TotalCount: 3 }),
      );
    const first = captureResponse(URL_PATH);
    await bot.command('cn-hongkong');
    const next = new Map<string, string>();
    for (const [id, value] of Object.entries(buttonsOfMessage(await first))) next.set(id, value);
    const value = next.get(ActionId.NextPage);
    expect(value).toBeDefined();
    const bodies: Array<{ replace_original?: boolean }> = [];
    const clickUrl = '/actions/T0MIRRORS/2/click';
    nock(HOOKS)
      .post(clickUrl, (body) => bodies.push(body) > 0)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post(clickUrl, (body) => bodies.push(body) > 0)
      .reply(200, 'ok');
    await bot.click({ actionId: ActionId.NextPage, value: value ?? '', responseUrl: `${HOOKS}${clickUrl}` });
    await expect.poll(() => bodies.length).toBe(2);
    expect(bodies.every((b) => b.replace_original === true)).toBe(true);
  });

  it('does not add a page as a new message when every replace may already have landed', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .times(2)
      .reply(
        200,
        pageBody([rawSession({ TrafficMirrorSessionName: 'page-one' })], { NextToken: 'NEXT', TotalCount: 3 }),
      );
    const first = captureResponse(URL_PATH);
    await bot.command('cn-hongkong');
    const value = buttonsOfMessage(await first)[ActionId.NextPage] ?? '';
    const clickUrl = '/actions/T0MIRRORS/4/click';
    let tries = 0;
    nock(HOOKS)
      .post(clickUrl, () => {
        tries += 1;
        return true;
      })
      .times(3)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const ephemeral = watchApi('chat.postEphemeral', () => ({ ok: true }));
    await bot.click({ actionId: ActionId.NextPage, value, responseUrl: `${HOOKS}${clickUrl}` });
    await expect
      .poll(() => bot.lines.some((l) => l.includes('could not answer on response_url')), { timeout: 10_000 })
      .toBe(true);
    expect(tries).toBe(3);
    expect(ephemeral.calls).toHaveLength(0);
  });
});

function buttonsOfMessage(message: { blocks?: unknown[] }): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'button' && typeof record.action_id === 'string')
        found[record.action_id] = String(record.value ?? '');
      Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks);
  return found;
}

const THREAD = '1732600000.000100';
let eventTs = 0;
function mention(text: string): Record<string, unknown> {
  eventTs += 1;
  const ts = `1732600200.${String(eventTs).padStart(6, '0')}`;
  return { type: 'app_mention', user: 'U0ONCALL', text, channel: 'C0INCIDENT', ts, event_ts: ts, thread_ts: THREAD };
}

function markerOf(call: ApiCall): string {
  const metadata = JSON.parse(String(call.metadata)) as { event_type: string; event_payload: { id: string } };
  expect(metadata.event_type).toBe('mirrors_reply');
  return metadata.event_payload.id;
}

/** chat.postMessage whose first call breaks after Slack may have posted it; later calls succeed. */
function postBreaksOnce(): ApiCall[] {
  const calls: ApiCall[] = [];
  nock(SLACK_API)
    .post('/api/chat.postMessage', (body) => calls.push(Object.fromEntries(new URLSearchParams(body))) > 0)
    .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
    .post('/api/chat.postMessage', (body) => calls.push(Object.fromEntries(new URLSearchParams(body))) > 0)
    .times(3)
    .reply(200, { ok: true, ts: '1732600300.000001' });
  return calls;
}

describe('posts in a thread', () => {
  it('finds its post by its marker after a broken connection and does not post it twice', async () => {
    oneSession('thread-once');
    const posts = postBreaksOnce();
    const replies = watchApi('conversations.replies', (call) => ({
      ok: true,
      messages: [
        { ts: THREAD, text: 'parent' },
        {
          ts: '1732600300.000001',
          text: 'the list',
          metadata: { event_type: 'mirrors_reply', event_payload: { id: markerOf(posts[0] ?? {}) } },
        },
      ],
      ...(call.ts === THREAD ? {} : { ok: false, error: 'thread_not_found' }),
    }));
    await bot.event(mention('<@U0BOT> cn-hongkong'));
    await expect.poll(() => bot.lines.some((l) => l.includes('not posting it twice'))).toBe(true);
    expect(replies.calls).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });

  it('posts again, once, when the marker is not in the thread', async () => {
    oneSession('thread-again');
    const posts = postBreaksOnce();
    watchApi('conversations.replies', () => ({ ok: true, messages: [{ ts: THREAD, text: 'parent' }] }));
    await bot.event(mention('<@U0BOT> cn-hongkong'));
    await expect.poll(() => posts.length).toBe(2);
    expect(markerOf(posts[1] ?? {})).toBe(markerOf(posts[0] ?? {}));
    expect(String(posts[1]?.blocks)).toContain('thread-again');
  });
});

describe('rate limits', () => {
  it('a 429 with Retry-After 30 on chat.postMessage delays neither a response_url reply nor views.open', async () => {
    oneSession('limited-thread');
    let limited = 0;
    nock(SLACK_API)
      .post('/api/chat.postMessage')
      .times(5)
      .reply(() => {
        limited += 1;
        return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '30' }];
      });
    // The asker still hears at once, privately in the thread.
    const whisper = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1.3' }));
    await bot.event(mention('<@U0BOT> cn-hongkong'));
    expect(textOf((await whisper.nth(1)) as { text?: string })).toContain('limited-thread');
    expect((await whisper.nth(1)).thread_ts).toBe(THREAD);

    const opened = watchApi('views.open', () => ({ ok: true, view: { id: 'V0DETAILS', hash: 'h1' } }));
    watchApi('views.update', () => ({ ok: true }));
    nock(HK)
      .get('/')
      .query(true)
      .times(2)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'other-user' })]));
    const reply = captureResponse('/commands/T0MIRRORS/9/cmd');
    await bot.click({
      actionId: ActionId.Details,
      value: bot.details('cn-hongkong', 'tms-j6cdetails000001'),
      responseUrl: `${HOOKS}/actions/T0MIRRORS/3/click`,
    });
    await bot.command('cn-hongkong', `${HOOKS}/commands/T0MIRRORS/9/cmd`);
    await opened.nth(1);
    expect(textOf(await reply)).toContain('other-user');
    // Both went through while chat.postMessage was still paused: it was asked once and not again.
    expect(limited).toBe(1);
  });
});
