/** The query builder of a bot with two accounts: an account picker, and the rules asked before any call. */
import { describe, expect, it } from 'vitest';
import { CallbackId } from '../../src/views/action-ids';
import { BUILDER_ACTION, BuilderBlock } from '../../src/views/query-builder';
import { option, postViewSubmission, type StateValue, watchApi } from '../helpers/signed-views';
import { accountsWorld, INTERN, ONCALL, vpc } from './accounts-world';
import { SIGNING_SECRET } from './harness';

const world = accountsWorld();

function values(account: string, region = 'cn-hongkong'): Record<string, Record<string, StateValue>> {
  return {
    [BuilderBlock.region]: { [BUILDER_ACTION]: { type: 'static_select', selected_option: option(region) } },
    [BuilderBlock.account]: { [BUILDER_ACTION]: { type: 'static_select', selected_option: option(account) } },
    [BuilderBlock.destination]: { [BUILDER_ACTION]: { type: 'radio_buttons', selected_option: option('dm') } },
  };
}

async function submit(userId: string, account: string) {
  const response = await postViewSubmission(world.bot.url, SIGNING_SECRET, {
    callbackId: CallbackId.QueryBuilderModal,
    values: values(account),
    userId,
  });
  return { status: response.status, body: await response.text() };
}

describe('query builder with accounts', () => {
  it('lists the picked account in the DM for someone allowed', async () => {
    vpc(world);
    const dm = watchApi('chat.postMessage', () => ({ ok: true, channel: 'D0DM', ts: '1.1' }));
    const answer = await submit(ONCALL, 'finance');
    expect(answer.status).toBe(200);
    const sent = JSON.stringify(await dm.nth(1));
    expect(sent).toContain('finance-tap');
    expect(world.vpcCalls).toMatchObject([{ account: 'finance' }]);
    expect(world.bot.audit).toEqual([
      expect.objectContaining({ surface: 'builder', account: 'finance', outcome: 'ok' }),
    ]);
  });

  it('keeps the form open with the refusal under Account, and calls nothing', async () => {
    vpc(world);
    const answer = await submit(INTERN, 'finance');
    const body = JSON.parse(answer.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors[BuilderBlock.account]).toMatch(/finance \/ cn-hongkong.*access rule forbids it/);
    expect(world.vpcCalls).toEqual([]);
    expect(world.bot.audit).toEqual([expect.objectContaining({ surface: 'builder', outcome: 'denied' })]);
  });

  it('refuses an account the form did not offer', async () => {
    const answer = await submit(ONCALL, 'payroll');
    const body = JSON.parse(answer.body) as { errors: Record<string, string> };
    expect(body.errors[BuilderBlock.account]).toContain('Pick an account');
    expect(world.vpcCalls).toEqual([]);
  });
});
