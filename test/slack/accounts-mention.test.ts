/** `@mirrors account:…` in a thread: the same rules as /mirrors, a refusal whispered to the asker alone. */
import { describe, expect, it } from 'vitest';
import { watchApi } from '../helpers/signed-views';
import { accountsWorld, INTERN, ONCALL, vpc } from './accounts-world';

const world = accountsWorld();

let eventTs = 0;
function mention(text: string, user: string, channel = 'C0INCIDENT'): Record<string, unknown> {
  eventTs += 1;
  const ts = `1732600100.${String(eventTs).padStart(6, '0')}`;
  return { type: 'app_mention', user, text, channel, ts, event_ts: ts, thread_ts: '1732600000.000001' };
}

describe('account: in mentions', () => {
  it('answers in the thread from the named account, naming it', async () => {
    vpc(world);
    const posted = watchApi('chat.postMessage', () => ({ ok: true, channel: 'C0INCIDENT', ts: '1732600200.000100' }));
    await world.bot.event(mention('<@U0BOT> account:finance cn-hongkong', ONCALL));
    const message = JSON.stringify(await posted.nth(1));
    expect(message).toContain('finance-tap');
    expect(message).toContain('Account `finance`');
    expect(world.vpcCalls).toMatchObject([{ account: 'finance' }]);
    expect(world.bot.audit).toEqual([
      expect.objectContaining({ surface: 'mention', outcome: 'ok', account: 'finance' }),
    ]);
  });

  it('refuses someone no rule admits with an ephemeral whisper, posts nothing in the thread, calls nothing', async () => {
    vpc(world);
    const whisper = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1732600300.000100' }));
    const posted = watchApi('chat.postMessage', () => ({ ok: true }));
    await world.bot.event(mention('<@U0BOT> account:finance cn-hongkong', INTERN));
    const sent = await whisper.nth(1);
    expect(sent.user).toBe(INTERN);
    expect(JSON.stringify(sent)).toContain('`finance` / `cn-hongkong`');
    expect(posted.calls).toEqual([]);
    expect(world.vpcCalls).toEqual([]);
    expect(world.bot.audit).toEqual([
      expect.objectContaining({ surface: 'mention', outcome: 'denied', user: INTERN, channel: 'C0INCIDENT' }),
    ]);
  });

  it('a mistyped account gets "did you mean" and an invalid audit line', async () => {
    const whisper = watchApi('chat.postEphemeral', () => ({ ok: true, message_ts: '1732600300.000100' }));
    await world.bot.event(mention('<@U0BOT> account:finanse cn-hongkong', ONCALL));
    expect(JSON.stringify(await whisper.nth(1))).toContain('account:finance');
    expect(world.bot.audit).toEqual([expect.objectContaining({ surface: 'mention', outcome: 'invalid' })]);
  });
});
