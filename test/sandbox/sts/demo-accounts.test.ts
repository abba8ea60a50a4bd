/**
 * The sandbox with its demo accounts: prod and finance behind the STS stand-in, and the demo policy. Alex (the
 * console's default user) sees finance; Sam, picked in "Viewing as", is refused it, and no AssumeRole is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log';
import { type Sandbox, startSandbox } from '../../../src/sandbox/start';
import { DEMO_ALLOWED_USER, DEMO_FINANCE_ROLE, DEMO_REFUSED_USER } from '../../../src/sandbox/sts';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox(
    {
      mode: 'sandbox',
      port: 0,
      vpcEndpoint: undefined,
      defaultRegion: undefined,
      regions: undefined,
      logLevel: 'warn',
      cloudConcurrency: 16,
      userRate: undefined,
      watchIntervalSeconds: 300,
      dataDir: ':memory:',
    },
    createLogger('warn', () => undefined),
    { demoAccounts: true },
  );
});
afterAll(async () => {
  await sandbox.stop();
});

const fromBotTo = (user: string) =>
  sandbox.slack.messages({ fromBot: true, visibleTo: user }).map((m) => JSON.stringify(m.blocks ?? m.text));

describe('sandbox demo accounts', () => {
  it('Alex lists finance through an assumed role whose session name names Alex', async () => {
    await sandbox.slack.sendCommand('account:finance cn-hongkong', { userId: DEMO_ALLOWED_USER });
    await expect
      .poll(() => fromBotTo(DEMO_ALLOWED_USER).some((t) => t.includes('Account `finance`')), { timeout: 15_000 })
      .toBe(true);
    expect(sandbox.sts?.calls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          roleArn: DEMO_FINANCE_ROLE,
          roleSessionName: `mirrors-${DEMO_ALLOWED_USER}`,
          status: 200,
        }),
      ]),
    );
  });

  it('Sam is refused finance, in words naming the account and region, and no role is assumed for Sam', async () => {
    await sandbox.slack.sendCommand('account:finance cn-hongkong', { userId: DEMO_REFUSED_USER });
    await expect
      .poll(() => fromBotTo(DEMO_REFUSED_USER).some((t) => t.includes('access rule')), { timeout: 15_000 })
      .toBe(true);
    expect(fromBotTo(DEMO_REFUSED_USER).find((t) => t.includes('access rule'))).toContain('`finance` / `cn-hongkong`');
    expect(sandbox.sts?.calls.some((c) => c.roleSessionName === `mirrors-${DEMO_REFUSED_USER}`)).toBe(false);
  });
});
