/** Accounts, access and audit on /mirrors, over signed requests (set-up in accounts-world.ts). */
import { describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/views/validate';
import { ACCOUNTS, accountsWorld, command, FINANCE_ROLE, INTERN, ONCALL, PROD_ROLE, vpc } from './accounts-world';
import { captureResponse, textOf } from './harness';

const world = accountsWorld(ACCOUNTS);

describe('account: in commands', () => {
  it("asks the named account with that account's role, names the account, and audits the request", async () => {
    vpc(world);
    const { path, ack } = command(world, 'account:finance cn-hongkong');
    const reply = captureResponse(path);
    expect((await ack).body).toBe('');
    const message = await reply;
    const text = textOf(message);
    expect(text).toContain('finance-tap');
    expect(text).not.toContain('prod-tap');
    expect(text).toContain('Account `finance`');
    // The CLI line can't know the reader's profile: it says whose sessions these were, and with which role.
    expect(text).toContain(`Same request with the aliyun CLI for account *finance*, role *${FINANCE_ROLE}*`);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    expect(world.vpcCalls).toMatchObject([{ account: 'finance', region: 'cn-hongkong' }]);
    expect(world.sts.calls.at(-1)?.roleArn).toBe(FINANCE_ROLE);
    expect(world.sts.calls.at(-1)?.roleSessionName).toBe(`mirrors-${ONCALL}`);
    expect(world.bot.audit).toEqual([
      expect.objectContaining({
        audit: true,
        user: ONCALL,
        channel: 'C0INCIDENT',
        team: 'T0MIRRORS',
        surface: 'command',
        account: 'finance',
        region: 'cn-hongkong',
        query: 'account:finance cn-hongkong',
        outcome: 'ok',
        count: 1,
      }),
    ]);
    expect(world.bot.audit[0]?.requestId).toEqual(expect.any(String));
  });

  it('uses the default account when none is named', async () => {
    vpc(world);
    const { path, ack } = command(world, 'cn-hongkong', INTERN);
    const reply = captureResponse(path);
    await ack;
    const text = textOf(await reply);
    expect(text).toContain('prod-tap');
    expect(text).toContain('Account `prod`');
    expect(world.vpcCalls).toMatchObject([{ account: 'prod', region: 'cn-hongkong' }]);
  });

  it('a cold request for an account adds one AssumeRole; a warm one adds none', async () => {
    vpc(world);
    const start = world.sts.calls.length;
    for (let i = 0; i < 3; i++) {
      const { path, ack } = command(world, 'account:finance cn-hongkong');
      const reply = captureResponse(path);
      await ack;
      await reply;
    }
    expect(world.sts.calls.slice(start)).toHaveLength(1);
    const before = world.sts.calls.length;
    const { path, ack } = command(world, 'account:prod cn-hongkong');
    const reply = captureResponse(path);
    await ack;
    await reply;
    expect(world.sts.calls.length - before).toBe(1);
    expect(world.sts.calls.slice(start).map((c) => [c.roleArn, c.roleSessionName])).toEqual([
      [FINANCE_ROLE, `mirrors-${ONCALL}`],
      [PROD_ROLE, `mirrors-${ONCALL}`],
    ]);
  });

  it('refuses a mistyped account with "did you mean", before any call, and audits it as invalid', async () => {
    vpc(world);
    const { ack } = command(world, 'account:fnance cn-hongkong');
    const answer = JSON.parse((await ack).body) as { text: string; blocks: unknown[] };
    expect(textOf(answer)).toContain('account:finance');
    expect(textOf(answer)).toContain('`prod`, `finance`');
    expect(world.vpcCalls).toEqual([]);
    expect(world.bot.audit).toEqual([
      expect.objectContaining({ outcome: 'invalid', account: null, surface: 'command' }),
    ]);
  });
});

describe('access rules on commands', () => {
  it('refuses a user no rule admits, ephemerally, naming account and region, with no cloud call at all', async () => {
    vpc(world);
    const stsBefore = world.sts.calls.length;
    const { ack } = command(world, 'account:finance cn-hongkong', INTERN);
    const answer = JSON.parse((await ack).body) as { response_type: string; text: string; blocks: unknown[] };
    expect(answer.response_type).toBe('ephemeral');
    const text = textOf(answer);
    expect(text).toContain('`finance` / `cn-hongkong`');
    expect(text).toContain('rule');
    expect(text).toContain('finance-hk-in-incidents');
    expect(validateMessage(answer.blocks as never, 'message')).toEqual([]);
    expect(world.vpcCalls).toEqual([]);
    expect(world.sts.calls.length).toBe(stsBefore);
    expect(world.bot.audit).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        user: INTERN,
        account: 'finance',
        region: 'cn-hongkong',
        count: null,
      }),
    ]);
  });

  it('admits the same user where a rule names the channel, and only for its region', async () => {
    vpc(world);
    const { path, ack } = command(world, 'account:finance cn-hongkong', INTERN, 'C0FINANCE');
    const reply = captureResponse(path);
    await ack;
    expect(textOf(await reply)).toContain('finance-tap');
    const other = command(world, 'account:finance cn-shanghai', INTERN, 'C0FINANCE');
    expect(textOf(JSON.parse((await other.ack).body))).toContain('`finance` / `cn-shanghai`');
    expect(world.vpcCalls).toMatchObject([{ account: 'finance', region: 'cn-hongkong' }]);
  });

  it('`all` runs only the regions the asker may see, and names what it skipped', async () => {
    vpc(world);
    const { path, ack } = command(world, 'account:finance all', INTERN, 'C0FINANCE');
    const reply = captureResponse(path);
    await ack;
    const message = await reply;
    const text = textOf(message);
    expect(text).toContain('finance-tap');
    expect(text).toMatch(/Not shown: `cn-shanghai`/);
    expect(world.vpcCalls).toMatchObject([{ account: 'finance', region: 'cn-hongkong' }]);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    expect(world.bot.audit.at(-1)).toEqual(
      expect.objectContaining({ outcome: 'ok', region: 'all', account: 'finance' }),
    );
  });

  it('`all` with nothing allowed is one refusal and no call', async () => {
    vpc(world);
    const { ack } = command(world, 'account:finance all', INTERN);
    expect(textOf(JSON.parse((await ack).body))).toContain('`finance`');
    expect(world.vpcCalls).toEqual([]);
  });
});
