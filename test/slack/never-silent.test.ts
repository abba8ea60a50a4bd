/**
 * Never silent: a slow answer shows a placeholder first and then replaces it in place; a fast one comes alone; a
 * failure a retry could fix carries Retry, which re-runs the same query and replaces the failure.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { watchApi } from '../helpers/signed-views';
import { type Bot, buttonsOf, captureResponse, HK, HOOKS, type SlackMessageBody, startBot, textOf } from './harness';

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const SH = 'https://vpc.cn-shanghai.aliyuncs.com';
const NAMED = rawSession({ TrafficMirrorSessionName: 'finance-ids-tap' });

function apiError(code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { RequestId: 'AB12CD34-0000-1111-2222-333344445555', Code: code, Message: `message for ${code}`, ...extra };
}

/** Every POST to a response_url path, in order, for asserting how many messages the user saw. */
function everyResponse(path: string): SlackMessageBody[] {
  const seen: SlackMessageBody[] = [];
  nock(HOOKS)
    .post(path)
    .times(5)
    .reply(200, (_uri, body) => {
      seen.push(body as SlackMessageBody);
      return { ok: true };
    });
  return seen;
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a slash command', () => {
  it('shows "Looking up cn-hongkong…" while the API is slow, then the list below it, as Slack does on a command', async () => {
    bot = await startBot({ placeholderAfterMs: 100 });
    nock(HK)
      .get('/')
      .query(true)
      .delay(1_500)
      .reply(200, pageBody([NAMED]));
    const seen = everyResponse('/commands/T0MIRRORS/1/cmd');
    const started = Date.now();
    await bot.command('cn-hongkong tag:FinanceDept');
    await until(() => seen.length >= 1);
    const firstAt = Date.now() - started;
    await until(() => seen.length >= 2);
    const [placeholder, answer] = seen as [SlackMessageBody, SlackMessageBody];
    expect(firstAt).toBeLessThan(1_200);
    expect(placeholder.response_type).toBe('ephemeral');
    expect(textOf(placeholder)).toContain('Looking up cn-hongkong');
    expect(textOf(placeholder)).toContain('/mirrors cn-hongkong tag:FinanceDept');
    // Slack posts a command's later answers anew, so the placeholder must not promise to be replaced, and the
    // answer must not claim to replace it (delivery would then think a resend harmless).
    expect(textOf(placeholder)).toContain('the answer will follow below');
    expect(textOf(placeholder)).not.toContain('will be replaced');
    expect(answer.replace_original).toBeUndefined();
    expect(textOf(answer)).toContain('finance-ids-tap');
    expect(validateMessage(placeholder.blocks as never, 'message')).toEqual([]);
    expect(validateMessage(answer.blocks as never, 'message')).toEqual([]);
  });

  it('sends a fast answer alone: no placeholder, no flicker', async () => {
    bot = await startBot({ placeholderAfterMs: 800 });
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([NAMED]));
    const seen = everyResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    await until(() => seen.length >= 1);
    // Past the placeholder's moment: had one been due, it would have come by now.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(seen).toHaveLength(1);
    expect(textOf(seen[0] ?? {})).toContain('finance-ids-tap');
    expect(seen[0]?.replace_original).toBeUndefined();
  });
});

describe('Retry', () => {
  it('is on a throttled answer, re-runs the same query and replaces the failure with the list', async () => {
    bot = await startBot({ cloudBudgetMs: 600 });
    nock(HK).get('/').query(true).times(20).reply(400, apiError('Throttling.User'));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong tag:FinanceDept');
    const failure = await reply;
    expect(textOf(failure)).toMatch(/throttling/i);
    const retry = buttonsOf(failure).get(ActionId.Retry);
    expect(retry).toBeDefined();
    expect(validateMessage(failure.blocks as never, 'message')).toEqual([]);

    nock.cleanAll();
    const seen: URLSearchParams[] = [];
    nock(HK)
      .get('/')
      .query(true)
      .reply((uri) => {
        seen.push(new URL(uri, HK).searchParams);
        return [200, JSON.stringify(pageBody([NAMED])), { 'content-type': 'application/json' }];
      });
    const again = captureResponse('/actions/retry/1');
    await bot.click({ actionId: ActionId.Retry, value: retry ?? '', responseUrl: `${HOOKS}/actions/retry/1` });
    const answer = await again;
    expect(answer.replace_original).toBe(true);
    expect(textOf(answer)).toContain('finance-ids-tap');
    // The same query: the same filter went to the API.
    expect(seen[0]?.get('Tags.1.Key')).toBe('FinanceDept');
  });

  it('a Retry that fails again replaces the failure with the new one (and its own Retry)', async () => {
    bot = await startBot({ cloudBudgetMs: 600 });
    nock(HK).get('/').query(true).times(40).reply(503, apiError('ServiceUnavailable'));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    const retry = buttonsOf(await reply).get(ActionId.Retry) ?? '';
    const again = captureResponse('/actions/retry/2');
    await bot.click({ actionId: ActionId.Retry, value: retry, responseUrl: `${HOOKS}/actions/retry/2` });
    const answer = await again;
    expect(answer.replace_original).toBe(true);
    expect(textOf(answer)).toMatch(/unavailable/i);
    expect(buttonsOf(answer).has(ActionId.Retry)).toBe(true);
  });

  it('is not offered where a retry cannot help: a RAM denial', async () => {
    bot = await startBot();
    nock(HK)
      .get('/')
      .query(true)
      .reply(403, apiError('Forbidden.RAM', { AccessDeniedDetail: { AuthAction: 'vpc:ListTrafficMirrorSessions' } }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    const failure = await reply;
    expect(textOf(failure)).toContain('vpc:ListTrafficMirrorSessions');
    expect(buttonsOf(failure).has(ActionId.Retry)).toBe(false);
  });

  it('`all` with a region that timed out offers Retry for the whole overview', async () => {
    bot = await startBot({ regions: ['cn-hongkong', 'cn-shanghai'], cloudBudgetMs: 600 });
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([NAMED]));
    nock(SH).get('/').query(true).times(20).reply(503, apiError('ServiceUnavailable'));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('all');
    const overview = await reply;
    expect(textOf(overview)).toContain('finance-ids-tap');
    expect(buttonsOf(overview).has(ActionId.Retry)).toBe(true);
    expect(validateMessage(overview.blocks as never, 'message')).toEqual([]);
  });
});

describe('a page turn', () => {
  it('replaces the list with "Looking up page 2…" while the API is slow, then with page 2', async () => {
    bot = await startBot({ placeholderAfterMs: 100 });
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([NAMED], { NextToken: 'TOKEN-2', TotalCount: 2 }));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong limit:1');
    const next = buttonsOf(await reply).get(ActionId.NextPage) ?? '';
    nock(HK)
      .get('/')
      .query((q) => q.NextToken === 'TOKEN-2')
      .delay(500)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'second-page-tap' })], { TotalCount: 2 }));
    const seen = everyResponse('/actions/page/1');
    await bot.click({ actionId: ActionId.NextPage, value: next, responseUrl: `${HOOKS}/actions/page/1` });
    await until(() => seen.length >= 2);
    const [placeholder, page] = seen as [SlackMessageBody, SlackMessageBody];
    expect(placeholder.replace_original).toBe(true);
    expect(textOf(placeholder)).toContain('Looking up page 2 of cn-hongkong');
    expect(page.replace_original).toBe(true);
    expect(textOf(page)).toContain('second-page-tap');
  });
});

describe('a mention', () => {
  it('posts a placeholder in the thread and then updates that same message with the answer', async () => {
    bot = await startBot({ placeholderAfterMs: 100 });
    nock(HK)
      .get('/')
      .query(true)
      .delay(500)
      .reply(200, pageBody([NAMED]));
    const post = watchApi('chat.postMessage', () => ({ ok: true, channel: 'C0INCIDENT', ts: '1732600200.000001' }));
    const update = watchApi('chat.update', () => ({ ok: true }));
    await bot.event({
      type: 'app_mention',
      user: 'U0ONCALL',
      text: '<@U0BOT> cn-hongkong',
      channel: 'C0INCIDENT',
      ts: '1732600100.000777',
      event_ts: '1732600100.000777',
      thread_ts: '1732600000.000100',
    });
    const placeholder = await post.nth(1);
    expect(placeholder.thread_ts).toBe('1732600000.000100');
    expect(String(placeholder.text)).toContain('Looking up cn-hongkong');
    const updated = await update.nth(1);
    expect(updated.ts).toBe('1732600200.000001');
    expect(updated.channel).toBe('C0INCIDENT');
    expect(JSON.stringify(updated.blocks)).toContain('finance-ids-tap');
    expect(post.calls).toHaveLength(1);
  });

  it('when the placeholder cannot be updated, posts the answer anew and takes the placeholder down: one answer', async () => {
    bot = await startBot({ placeholderAfterMs: 100 });
    nock(HK)
      .get('/')
      .query(true)
      .delay(500)
      .reply(200, pageBody([NAMED]));
    const post = watchApi(
      'chat.postMessage',
      (_call, i) => ({ ok: true, channel: 'C0INCIDENT', ts: `1732600200.00000${i + 1}` }),
      2,
    );
    // The update's answer never comes back (the update itself may have landed): every attempt is reset.
    nock('https://slack.com').post('/api/chat.update').times(3).replyWithError({ code: 'ECONNRESET' });
    const removed = watchApi('chat.delete', () => ({ ok: true }));
    await bot.event({
      type: 'app_mention',
      user: 'U0ONCALL',
      text: '<@U0BOT> cn-hongkong',
      channel: 'C0INCIDENT',
      ts: '1732600100.000778',
      event_ts: '1732600100.000778',
      thread_ts: '1732600000.000100',
    });
    const [placeholder, answer] = [await post.nth(1), await post.nth(2)];
    expect(String(placeholder.text)).toContain('Looking up cn-hongkong');
    expect(answer.thread_ts).toBe('1732600000.000100');
    expect(JSON.stringify(answer.blocks)).toContain('finance-ids-tap');
    await until(() => removed.calls.length === 1, 3_000);
    expect(removed.calls[0]).toMatchObject({ channel: 'C0INCIDENT', ts: '1732600200.000001' });
  });
});
