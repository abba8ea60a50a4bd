/** App Home of a bot with two accounts: one section per account the viewer may see, and nothing else scanned. */
import { describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids';
import { validateMessage } from '../../src/views/validate';
import { watchApi } from '../helpers/signed-views';
import { accountsWorld, INTERN, ONCALL, vpc } from './accounts-world';

const world = accountsWorld();
const SH = 'https://vpc.cn-shanghai.aliyuncs.com';

async function openHome(user: string): Promise<{ blocks: unknown[] }> {
  const published = watchApi('views.publish', () => ({ ok: true }), 2);
  await world.bot.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' });
  // "Scanning…" first, then the overviews.
  const last = await published.nth(2);
  return last.view as { blocks: unknown[] };
}

describe('App Home with accounts', () => {
  it('shows every account and region to someone the rules allow everywhere', async () => {
    vpc(world);
    vpc(world, SH);
    const view = await openHome(ONCALL);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Account prod');
    expect(text).toContain('Account finance');
    expect(text).toContain('cn-shanghai');
    expect(validateMessage(view.blocks as never, 'home')).toEqual([]);
    expect(new Set(world.vpcCalls.map((c) => `${c.account}/${c.region}`))).toEqual(
      new Set(['prod/cn-hongkong', 'finance/cn-hongkong', 'finance/cn-shanghai']),
    );
    const audited = world.bot.audit.map((a) => [a.surface, a.account, a.outcome]);
    expect(audited).toEqual([
      ['home', 'prod', 'ok'],
      ['home', 'finance', 'ok'],
    ]);
  });

  it('shows only what the viewer may see from Home, and never scans the rest', async () => {
    vpc(world);
    vpc(world, SH);
    const view = await openHome(INTERN);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Account prod');
    expect(text).not.toContain('finance');
    expect(world.vpcCalls.every((c) => c.account === 'prod')).toBe(true);
    expect(text).toContain(ActionId.HomeListRegion);
  });
});
