/**
 * Every button is checked for the person who clicks, when they click: a list made for someone allowed and
 * forwarded to someone who is not gets a refusal, and nothing reaches the cloud or STS.
 */
import { describe, expect, it } from 'vitest';
import { firstState, nextState } from '../../src/paging';
import type { MirrorQuery } from '../../src/query/types';
import { sealDetails, sealHomeList } from '../../src/slack/guard/button-values';
import { inTeam } from '../../src/slack/guard/team-scope';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { watchApi } from '../helpers/signed-views';
import { accountsWorld, command, INTERN, ONCALL, vpc } from './accounts-world';
import { buttonsOf, captureResponse, HOOKS, TEAM_ID, textOf } from './harness';

const world = accountsWorld();

const FINANCE_HK: MirrorQuery = {
  scope: { kind: 'region', region: 'cn-hongkong' },
  filters: { tags: [], sessionIds: [] },
  limit: 10,
  account: 'finance',
};

let clicks = 0;
async function click(actionId: string, value: string, userId: string) {
  clicks += 1;
  const path = `/actions/T0MIRRORS/acc${clicks}/btn`;
  const reply = captureResponse(path);
  const response = await world.bot.click({ actionId, value, responseUrl: `${HOOKS}${path}`, userId });
  expect(response.status).toBe(200);
  return reply;
}

/** ONCALL's finance list, as the bot sent it: its buttons are the ones that get forwarded. */
async function oncallsFinanceList() {
  vpc(world);
  const { path, ack } = command(world, 'account:finance cn-hongkong');
  const reply = captureResponse(path);
  await ack;
  const buttons = buttonsOf(await reply);
  world.vpcCalls.length = 0;
  world.bot.audit.length = 0;
  return buttons;
}

describe('buttons, for the person who clicks', () => {
  it('Next page: the owner gets page 2 of the same account; a button carries its account, signed', async () => {
    const buttons = await oncallsFinanceList();
    const next = buttons.get(ActionId.NextPage) ?? '';
    const message = await click(ActionId.NextPage, next, ONCALL);
    expect(textOf(message)).toContain('finance-tap');
    expect(textOf(message)).toContain('Account `finance`');
    expect(world.vpcCalls).toMatchObject([{ account: 'finance' }]);
    expect(world.bot.audit).toEqual([
      expect.objectContaining({ surface: 'button', user: ONCALL, account: 'finance', outcome: 'ok' }),
    ]);
  });

  it.each([ActionId.NextPage, ActionId.Retry, ActionId.StartOver, ActionId.Share, ActionId.ShowCli])(
    '%s forwarded to someone no rule admits: refused beside the message, no cloud call',
    async (actionId) => {
      await oncallsFinanceList();
      const value = inTeam(TEAM_ID, () =>
        world.bot.deps.codec.encode(nextState(firstState(FINANCE_HK, 'cn-hongkong'), 'tok-2')),
      );
      const stsBefore = world.sts.calls.length;
      const message = await click(actionId, value, INTERN);
      const text = textOf(message);
      expect(text).toContain('`finance` / `cn-hongkong`');
      expect(text).toContain('rule');
      expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
      expect(world.vpcCalls).toEqual([]);
      expect(world.sts.calls.length).toBe(stsBefore);
      expect(world.bot.audit).toEqual([
        expect.objectContaining({
          user: INTERN,
          surface: actionId === ActionId.Share ? 'share' : 'button',
          outcome: 'denied',
          account: 'finance',
        }),
      ]);
    },
  );

  it('an edited account in a button is tampering, not another account', async () => {
    const buttons = await oncallsFinanceList();
    const next = buttons.get(ActionId.NextPage) ?? '';
    const [version, exp, body, mac] = next.split('.');
    const state = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as { query: MirrorQuery };
    state.query.account = 'prod';
    const edited = [version, exp, Buffer.from(JSON.stringify(state)).toString('base64url'), mac].join('.');
    const message = await click(ActionId.NextPage, edited, ONCALL);
    expect(textOf(message)).not.toContain('prod-tap');
    expect(world.vpcCalls).toEqual([]);
  });

  it('Details: refused for someone the rules do not admit, answered for the owner from their account', async () => {
    const value = inTeam(TEAM_ID, () =>
      sealDetails(world.bot.deps.codec, 'cn-hongkong', 'tms-0000000j6cdetail0001', 'finance'),
    );
    const refused = await click(ActionId.Details, value, INTERN);
    expect(textOf(refused)).toContain('`finance` / `cn-hongkong`');
    expect(world.vpcCalls).toEqual([]);
    expect(world.bot.audit).toEqual([expect.objectContaining({ surface: 'details', outcome: 'denied' })]);

    vpc(world);
    const opened = watchApi('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));
    const answered = await click(ActionId.Details, value, ONCALL);
    expect(opened.calls).toHaveLength(1);
    expect(textOf(answered)).toContain('Account `finance`');
    expect(world.vpcCalls[0]).toMatchObject({ account: 'finance' });
  });

  it('Details in a modal names the account, and its command asks that account again', async () => {
    vpc(world);
    const found = inTeam(TEAM_ID, () =>
      sealDetails(world.bot.deps.codec, 'cn-hongkong', 'tms-6cla50buc44ap8tu0001', 'finance'),
    );
    watchApi('views.open', () => ({ ok: true, view: { id: 'V0DETAILS', hash: '1732600000.abcd' } }), 2);
    const updated = watchApi('views.update', (call) => ({ ok: true, view: { id: call.view_id } }), 2);
    await world.bot.click({ actionId: ActionId.Details, value: found, responseUrl: `${HOOKS}/unused`, userId: ONCALL });
    const modal = (await updated.nth(1)).view as { type: 'modal'; blocks: unknown[] };
    const text = JSON.stringify(modal.blocks);
    expect(text).toContain('finance-tap');
    expect(text).toContain('Account `finance`');
    expect(text).toContain('/mirrors account:finance cn-hongkong id:tms-6cla50buc44ap8tu0001');
    expect(validateMessage(modal.blocks as never, 'modal')).toEqual([]);

    // A session deleted since the list was drawn: the modal says of which account.
    const gone = inTeam(TEAM_ID, () =>
      sealDetails(world.bot.deps.codec, 'cn-hongkong', 'tms-0000000j6cdetail0001', 'finance'),
    );
    await world.bot.click({ actionId: ActionId.Details, value: gone, responseUrl: `${HOOKS}/unused`, userId: ONCALL });
    const goneText = JSON.stringify(((await updated.nth(2)).view as { blocks: unknown[] }).blocks);
    expect(goneText).toContain('of account `finance`');
    expect(goneText).toContain('/mirrors account:finance cn-hongkong');
  });

  it("a Details value naming an account the bot doesn't have is refused as tampered", async () => {
    const value = inTeam(TEAM_ID, () =>
      sealDetails(world.bot.deps.codec, 'cn-hongkong', 'tms-0000000j6cdetail0001', 'payroll'),
    );
    const refused = await click(ActionId.Details, value, ONCALL);
    expect(textOf(refused)).not.toContain('payroll-tap');
    expect(world.vpcCalls).toEqual([]);
  });

  it("Home's list button: refused in the DM for someone the rules do not admit", async () => {
    vpc(world);
    const dm = watchApi('chat.postMessage', () => ({ ok: true, channel: 'D0DM', ts: '1.2' }));
    const value = inTeam(TEAM_ID, () => sealHomeList(world.bot.deps.codec, 'cn-hongkong', 'finance'));
    const response = await world.bot.click({
      actionId: ActionId.HomeListRegion,
      value,
      responseUrl: '',
      userId: INTERN,
      container: 'home',
    });
    expect(response.status).toBe(200);
    const sent = await dm.nth(1);
    expect(sent.channel).toBe(INTERN);
    expect(JSON.stringify(sent)).toContain('finance');
    expect(world.vpcCalls).toEqual([]);
    expect(world.bot.audit).toEqual([expect.objectContaining({ surface: 'home', outcome: 'denied', channel: null })]);
  });
});
