/** What a person sees when STS refuses the account's role: the admin's fix in words, never a key. */
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, accountsWorld, command, vpc } from './accounts-world';
import { captureResponse, textOf } from './harness';

const MISSING_ROLE = 'acs:ram::1111222233334444:role/not-there';
const LOCKED_ROLE = 'acs:ram::5555666677778888:role/locked';
const world = accountsWorld(
  {
    ...ACCOUNTS,
    accounts: [
      ...ACCOUNTS.accounts.map((a) => (a.name === 'finance' ? { ...a, roleArn: MISSING_ROLE } : a)),
      { name: 'locked', roleArn: LOCKED_ROLE, regions: ['cn-hongkong'], default: false },
    ],
    rules: undefined,
  },
  [{ arn: LOCKED_ROLE, trusts: [] }],
);

describe('STS errors', () => {
  it('a role STS does not know: says so, names the role and role_arn, and asks no VPC call', async () => {
    vpc(world);
    const { path, ack } = command(world, 'account:finance cn-hongkong');
    const reply = captureResponse(path);
    await ack;
    const text = textOf(await reply);
    expect(text).toContain(MISSING_ROLE);
    expect(text).toMatch(/does not exist/);
    expect(text).not.toMatch(/AccessKeySecret|SecurityToken/);
    expect(world.vpcCalls).toEqual([]);
    expect(world.bot.audit.at(-1)).toEqual(expect.objectContaining({ outcome: 'error', account: 'finance' }));
  });

  it('a role that does not trust the bot: names sts:AssumeRole and the trust policy', async () => {
    vpc(world);
    const { path, ack } = command(world, 'account:locked cn-hongkong');
    const reply = captureResponse(path);
    await ack;
    const text = textOf(await reply);
    expect(text).toContain('sts:AssumeRole');
    expect(text).toContain('trust policy');
    expect(text).toContain(LOCKED_ROLE);
    expect(world.vpcCalls).toEqual([]);
  });
});
