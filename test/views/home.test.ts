import type { Button, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import type { RegionOverview } from '../../src/cloud/types';
import { ActionId } from '../../src/views/action-ids';
import { homeView } from '../../src/views/home';
import { validateMessage, validateView } from '../../src/views/validate';
import { allText, NOW, session, worstSession } from './fixtures';

/** The view only places the value; signing it is the listener side's business (slack/guard/button-values.ts). */
const plainRegion = (region: string): string => region;

const TWO_MINUTES_AGO = new Date(NOW.getTime() - 2 * 60_000);

function buttons(blocks: KnownBlock[]): Button[] {
  const out: Button[] = [];
  for (const b of blocks) {
    if (b.type === 'section' && b.accessory?.type === 'button') out.push(b.accessory);
    if (b.type === 'actions') for (const e of b.elements) if (e.type === 'button') out.push(e);
  }
  return out;
}

function ok(region: string, overrides: Partial<Extract<RegionOverview, { ok: true }>> = {}): RegionOverview {
  return {
    region,
    ok: true,
    total: 37,
    enabled: 30,
    disabled: 7,
    byStatus: { Created: 33, Creating: 2, Deleting: 1, Modifying: 1 },
    financialLocked: [
      session({ name: 'locked-one', id: 'tms-0000000000000locked1', businessStatus: 'FinancialLocked' }),
    ],
    notCreated: [session({ name: 'creating-one', id: 'tms-00000000000creating1', status: 'Creating' })],
    newest: [
      session({ name: 'newest-one', id: 'tms-0000000000000newest1' }),
      session({ name: 'second', id: 'tms-00000000000000second' }),
    ],
    scannedAt: TWO_MINUTES_AGO,
    ...overrides,
  };
}

function failed(region: string, code: CloudErrorCode): RegionOverview {
  return {
    region,
    ok: false,
    error: new CloudError(code, 'https://vpc.aliyuncs.com/?AccessKeyId=LTAI5tSECRET', {
      region,
      action: 'vpc:ListTrafficMirrorSessions',
    }),
    scannedAt: TWO_MINUTES_AGO,
  };
}

describe('homeView', () => {
  it('shows totals, statuses, FinancialLocked and the newest sessions per region', () => {
    const view = homeView({
      listValue: plainRegion,
      overviews: [ok('cn-hongkong'), ok('ap-southeast-1', { financialLocked: [] })],
      now: NOW,
      refreshedAt: TWO_MINUTES_AGO,
    });
    expect(view.type).toBe('home');
    expect(validateView(view)).toEqual([]);
    const text = allText(view.blocks);
    expect(text).toContain('*cn-hongkong* — 37 sessions');
    expect(text).toContain('30 enabled');
    expect(text).toContain('7 disabled');
    expect(text).toContain(
      'Created 33 · :hourglass_flowing_sand: Creating 2 · :hourglass_flowing_sand: Modifying 1 · :wastebasket: Deleting 1',
    );
    // Locked sessions as a list, one a line, not a run-on sentence.
    expect(text).toContain(
      ':lock: *1 locked* (overdue payment, traffic not mirrored):\n• *locked-one* `tms-0000000000000locked1`',
    );
    expect(text).toContain('*newest-one* `tms-0000000000000newest1` 3 days ago');
    expect(text).toContain('Updated 2 minutes ago');
  });

  it('has Refresh and Build a query side by side at the top, and a List sessions button per region', () => {
    const view = homeView({
      listValue: plainRegion,
      overviews: [ok('cn-hongkong'), failed('cn-beijing', CloudErrorCode.PermissionDenied)],
      now: NOW,
    });
    expect(validateView(view)).toEqual([]);
    const all = buttons(view.blocks);
    expect(all.slice(0, 2).map((b) => b.action_id)).toEqual([ActionId.HomeRefresh, ActionId.OpenQueryBuilder]);
    const top = view.blocks.findIndex((b) => b.type === 'actions');
    expect(top).toBeLessThanOrEqual(2);
    const actions = view.blocks[top];
    expect(
      actions?.type === 'actions' ? actions.elements.map((e) => (e.type === 'button' ? e.text.text : e.type)) : [],
    ).toEqual(['Refresh', 'Build a query']);
    expect(all.filter((b) => b.action_id === ActionId.HomeListRegion).map((b) => b.value)).toEqual([
      'cn-hongkong',
      'cn-beijing',
    ]);
    expect(allText(view.blocks)).toContain('*Find mirror sessions* shortcut');
  });

  it('offers the attention lists of each region below it, each only when there is such a session', () => {
    const view = homeView({
      listValue: plainRegion,
      overviews: [
        ok('cn-hongkong'),
        ok('cn-shanghai', { financialLocked: [], disabled: 0, enabled: 37, notCreated: [] }),
        ok('eu-central-1', {
          total: 0,
          enabled: 0,
          disabled: 0,
          byStatus: {},
          financialLocked: [],
          notCreated: [],
          newest: [],
        }),
      ],
      now: NOW,
    });
    expect(validateView(view)).toEqual([]);
    const rows = view.blocks.filter((b) => b.type === 'actions').slice(1);
    const labels = rows.map((b) =>
      b.type === 'actions' ? b.elements.map((e) => (e.type === 'button' ? e.text.text : '')) : [],
    );
    expect(labels).toEqual([['List sessions', 'Locked (1)', 'Disabled (7)', 'Not Created (1)'], ['List sessions']]);
    const ids = buttons(view.blocks)
      .filter((b) => b.value === 'cn-hongkong')
      .map((b) => b.action_id);
    expect(ids).toEqual([
      ActionId.HomeListRegion,
      ActionId.HomeListLocked,
      ActionId.HomeListDisabled,
      ActionId.HomeListNotCreated,
    ]);
    // A region with no sessions: no green dot, no button.
    const text = allText(view.blocks);
    expect(text).toContain('*eu-central-1* — no sessions');
    expect(text).not.toMatch(/eu-central-1[^\n]*large_green_circle/);
    expect(buttons(view.blocks).filter((b) => b.value === 'eu-central-1')).toEqual([]);
    for (const b of view.blocks) if (b.type === 'section') expect(b.accessory).toBeUndefined();
  });

  it('says where the last list went, under the buttons', () => {
    const view = homeView({
      listValue: plainRegion,
      overviews: [ok('cn-hongkong')],
      now: NOW,
      notice: ':incoming_envelope: Sent to your DM',
    });
    const top = view.blocks.findIndex((b) => b.type === 'actions');
    expect(allText(view.blocks[top + 1])).toContain('Sent to your DM');
  });

  it('keeps Build a query with no regions configured', () => {
    const view = homeView({ listValue: plainRegion, overviews: [], now: NOW });
    expect(buttons(view.blocks).map((b) => b.action_id)).toEqual([ActionId.HomeRefresh, ActionId.OpenQueryBuilder]);
  });

  it('says why a region failed, briefly, without leaking the error message', () => {
    const view = homeView({
      listValue: plainRegion,
      overviews: [failed('cn-beijing', CloudErrorCode.PermissionDenied), failed('cn-x', CloudErrorCode.Throttled)],
      now: NOW,
    });
    const text = allText(view.blocks);
    expect(text).toContain("*cn-beijing* — couldn't scan: permission denied (`vpc:ListTrafficMirrorSessions`)");
    expect(text).toContain('throttled');
    expect(text).toContain('2 regions failed');
    expect(text).not.toContain('AccessKeyId');
    expect(text).not.toContain('https://');
    for (const code of Object.values(CloudErrorCode)) {
      expect(validateView(homeView({ listValue: plainRegion, overviews: [failed('r', code)], now: NOW }))).toEqual([]);
    }
  });

  it('uses the oldest scan time when refreshedAt is absent, and copes with no regions', () => {
    const older = ok('a', { scannedAt: new Date(NOW.getTime() - 5 * 60_000) });
    expect(allText(homeView({ listValue: plainRegion, overviews: [ok('b'), older], now: NOW }).blocks)).toContain(
      'Updated 5 minutes ago',
    );
    const empty = homeView({ listValue: plainRegion, overviews: [], now: NOW });
    expect(validateView(empty)).toEqual([]);
    expect(allText(empty.blocks)).toContain('No regions configured');
  });

  it('escapes cloud text', () => {
    const s = session({ name: '<script>&x', id: 'tms-00000000000000000001', businessStatus: 'FinancialLocked' });
    const text = allText(
      homeView({
        listValue: plainRegion,
        overviews: [ok('cn-hongkong', { financialLocked: [s], newest: [s], byStatus: { '<b>': 1 } })],
        now: NOW,
      }).blocks,
    );
    expect(text).toContain('&lt;script&gt;&amp;x');
    expect(text).toContain('&lt;b&gt; 1');
    expect(text).not.toContain('<script>');
  });

  it('stays within 100 blocks and every limit with many regions and worst-case data', () => {
    for (const count of [1, 12, 13, 20, 30, 60, 98, 150]) {
      const overviews = Array.from({ length: count }, (_, i) =>
        i % 5 === 4
          ? failed(`region-${i}`, CloudErrorCode.Timeout)
          : ok(`region-${i}`, {
              financialLocked: Array.from({ length: 200 }, (_, k) => worstSession(k)),
              newest: Array.from({ length: 5 }, (_, k) => worstSession(k)),
              byStatus: { Created: 1, Creating: 2, Deleting: 3, Modifying: 4, Weird: 5 },
            }),
      );
      const view = homeView({ listValue: plainRegion, overviews, now: NOW, refreshedAt: TWO_MINUTES_AGO });
      expect(validateMessage(view.blocks, 'home'), `regions=${count}`).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      const listButtons = buttons(view.blocks).filter((b) => b.action_id === ActionId.HomeListRegion);
      if (count <= 97) expect(listButtons).toHaveLength(count);
      else expect(allText(view.blocks)).toContain('more regions');
    }
  });

  it('has one List button per region with 20 regions', () => {
    const overviews = Array.from({ length: 20 }, (_, i) => ok(`region-${i}`));
    const view = homeView({ listValue: plainRegion, overviews, now: NOW });
    expect(buttons(view.blocks).filter((b) => b.action_id === ActionId.HomeListRegion)).toHaveLength(20);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
