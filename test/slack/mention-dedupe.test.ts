import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/slack/deps';
import { appMention } from '../../src/slack/listeners/events/app-mention';
import { type Bot, startBot } from './harness';

type MentionArgs = Parameters<ReturnType<typeof appMention>>[0];

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

/** The mention listener on its own, with a clock the test moves; answers are counted per message ts. */
function mentionListener(deps: AppDeps) {
  const answers = new Map<string, number>();
  const listener = appMention(deps);
  const answer = async ({ thread_ts }: { thread_ts: string }) => {
    answers.set(thread_ts, (answers.get(thread_ts) ?? 0) + 1);
    return { ok: true };
  };
  // A bare mention is answered with a whisper (postEphemeral); a query in the thread (postMessage).
  const client = { chat: { postMessage: answer, postEphemeral: answer } };
  const deliver = (ts: string) =>
    listener({
      event: { type: 'app_mention', user: 'U0ONCALL', text: '<@U0BOT>', channel: 'C0INCIDENT', ts, event_ts: ts },
      client,
      context: { botUserId: 'U0BOT' },
    } as unknown as MentionArgs);
  return { answers, deliver };
}

const tsOf = (n: number) => `1732600100.${String(n).padStart(6, '0')}`;

describe('a mention that Slack delivers again', () => {
  it('is answered once, even after a thousand other mentions in between', async () => {
    const { answers, deliver } = mentionListener(bot.deps);
    for (let n = 1; n <= 1_001; n++) await deliver(tsOf(n));
    await deliver(tsOf(1));
    expect(answers.size).toBe(1_001);
    expect(answers.get(tsOf(1))).toBe(1);
  });

  it('is answered again once ten minutes have passed: the memory is bounded by time', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { answers, deliver } = mentionListener({ ...bot.deps, now: () => new Date(now) });
    await deliver(tsOf(1));
    now += 9 * 60_000;
    await deliver(tsOf(1));
    expect(answers.get(tsOf(1))).toBe(1);
    now += 2 * 60_000;
    await deliver(tsOf(1));
    expect(answers.get(tsOf(1))).toBe(2);
  });
});
