import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageBody, rawSession } from '../cloud/helpers';
import { type Bot, captureResponse, HK, HOOKS, startBot, textOf } from './harness';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

describe('Slack hiccups', () => {
  it('tries the response_url again after a 503, so the answer still arrives', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'survives-503' })]));
    nock(HOOKS).post('/commands/T0MIRRORS/1/cmd').reply(503, 'upstream busy');
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    expect(textOf(await reply)).toContain('survives-503');
  });

  it('does not hammer an expired response_url, and logs it without the URL', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([rawSession()]));
    let calls = 0;
    nock(HOOKS)
      .post('/commands/T0MIRRORS/1/cmd')
      .times(5)
      .reply(() => {
        calls += 1;
        return [404, 'expired_url'];
      });
    const ack = await bot.command('cn-hongkong');
    expect(ack.status).toBe(200);
    await expect
      .poll(() => bot.lines.some((l) => l.includes('could not answer on response_url')), { timeout: 5_000 })
      .toBe(true);
    expect(calls).toBe(1);
    expect(bot.lines.join('\n')).not.toContain('hooks.slack.com/commands');
  });
});
