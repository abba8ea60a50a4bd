/**
 * The real bot against the Slack and VPC stand-ins, with faults on the Slack side: every answer arrives, once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log';
import { type Sandbox, startSandbox } from '../../../src/sandbox/start';

let sandbox: Sandbox;
const lines: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox(
    {
      mode: 'sandbox',
      port: 0,
      vpcEndpoint: undefined,
      defaultRegion: undefined,
      regions: ['cn-hongkong'],
      logLevel: 'debug',
      cloudConcurrency: 16,
      userRate: undefined,
      watchIntervalSeconds: 300,
      dataDir: ':memory:',
    },
    createLogger('debug', (line) => lines.push(line)),
  );
});

afterAll(async () => {
  await sandbox.stop();
});

afterEach(() => {
  sandbox.slack.reset();
  lines.length = 0;
});

/** The bot's answers the default user can see, in #incidents. */
function answers(): number {
  const slack = sandbox.slack;
  return slack.messages({ fromBot: true, visibleTo: slack.defaultUserId }).filter((m) => m.text !== '').length;
}

const logged = (text: string) => lines.some((l) => l.includes(text));

describe('answers through the stand-in when Slack misbehaves', () => {
  it('a response_url that takes the list and then resets shows it once', async () => {
    sandbox.slack.injectFault('response_url', { kind: 'reset-after-delivery' });
    await sandbox.slack.sendCommand('cn-hongkong');
    await expect.poll(() => logged('not sending it twice'), { timeout: 15_000 }).toBe(true);
    expect(answers()).toBe(1);
  });

  it('a response_url that hangs: the list arrives, once', async () => {
    sandbox.slack.injectFault('response_url', { kind: 'hang' });
    await sandbox.slack.sendCommand('cn-hongkong');
    await expect.poll(answers, { timeout: 15_000 }).toBe(1);
  });

  it('a response_url that is spent: the list comes by chat.postEphemeral', async () => {
    sandbox.slack.injectFault('response_url', { kind: 'status', status: 404 });
    await sandbox.slack.sendCommand('cn-hongkong');
    const message = await sandbox.slack.waitForMessage((m) => m.via === 'chat.postEphemeral', 15_000);
    expect(message.ephemeralTo).toBe(sandbox.slack.defaultUserId);
    expect(answers()).toBe(1);
  });

  it('a thread post that lands and then resets is posted once', async () => {
    sandbox.slack.injectFault('chat.postMessage', { kind: 'reset-after-delivery' });
    const { message } = await sandbox.slack.sendMention('cn-hongkong');
    await expect.poll(() => logged('not posting it twice'), { timeout: 15_000 }).toBe(true);
    const inThread = sandbox.slack.messages({ threadTs: message.ts, fromBot: true });
    expect(inThread).toHaveLength(1);
  });

  it('a thread post lost to a reset is posted again, once', async () => {
    sandbox.slack.injectFault('chat.postMessage', { kind: 'reset' });
    const { message } = await sandbox.slack.sendMention('cn-hongkong');
    await expect
      .poll(() => sandbox.slack.messages({ threadTs: message.ts, fromBot: true }).length, { timeout: 15_000 })
      .toBe(1);
    expect(sandbox.slack.apiCalls('conversations.replies')).toHaveLength(1);
  });
});
