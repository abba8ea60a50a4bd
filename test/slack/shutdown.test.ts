import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { pageBody, rawSession } from '../cloud/helpers';
import { captureResponse, HK, startBot, textOf } from './harness';

describe('graceful shutdown', () => {
  it('lets a reply that is still on its way arrive before stop() resolves', async () => {
    const bot = await startBot();
    nock(HK)
      .get('/')
      .query(true)
      .delay(800)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'arrived-during-shutdown' })]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    const ack = await bot.command('cn-hongkong');
    expect(ack.status).toBe(200);
    let delivered = false;
    void reply.then(() => (delivered = true));
    await bot.stop();
    expect(delivered).toBe(true);
    expect(textOf(await reply)).toContain('arrived-during-shutdown');
  });
});
