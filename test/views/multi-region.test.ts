import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import type { MirrorQuery } from '../../src/query/types';
import { ActionId, REGION_MORE_PATTERN } from '../../src/views/action-ids';
import { allRegionsCliScript } from '../../src/views/cli';
import { MESSAGE_BLOCKS_MAX, MESSAGE_TEXT_BUDGET } from '../../src/views/limits';
import {
  chooseOverviewLayout,
  type MultiRegionInput,
  multiRegionMessage,
  type RegionResult,
  type RegionSessions,
} from '../../src/views/multi-region';
import { countText, validateMessage } from '../../src/views/validate';
import { allText, session, worstSession } from './fixtures';

const allQuery = (limit = 10, extra: Partial<MirrorQuery> = {}): MirrorQuery => ({
  scope: { kind: 'all' },
  filters: { tags: [{ key: 'FinanceDept' }], sessionIds: [] },
  limit,
  ...extra,
});

function ok(region: string, count: number, overrides: Partial<RegionSessions> = {}): RegionSessions {
  return {
    region,
    ok: true,
    sessions: Array.from({ length: count }, (_, i) => session({ name: `${region}-${i}` }, i)),
    hasNextPage: false,
    totalCount: count,
    more: { firstPage: `${region}:page1`, nextPage: `${region}:page2` },
    ...overrides,
  };
}

const failed = (region: string, code: CloudErrorCode, details = {}): RegionResult => ({
  region,
  ok: false,
  error: new CloudError(code, 'x', { region, ...details }),
});

function input(results: RegionResult[], overrides: Partial<MultiRegionInput> = {}): MultiRegionInput {
  return { query: allQuery(), results, buttons: {}, ...overrides };
}

function sectionOf(blocks: KnownBlock[], region: string): SectionBlock | undefined {
  return blocks.find((b): b is SectionBlock => b.type === 'section' && (b.text?.text ?? '').startsWith(`*${region}*`));
}

function buttons(blocks: KnownBlock[]): Button[] {
  const out: Button[] = [];
  for (const b of blocks) {
    if (b.type === 'section' && b.accessory?.type === 'button') out.push(b.accessory);
    if (b.type === 'actions') for (const e of b.elements) if (e.type === 'button') out.push(e);
  }
  return out;
}

function expectValid(blocks: KnownBlock[]): void {
  expect(validateMessage(blocks, 'message')).toEqual([]);
  expect(countText(blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
}

describe('multiRegionMessage', () => {
  it('groups sessions by region, one section each, and says what it looked for', () => {
    const msg = multiRegionMessage(
      input([ok('cn-hongkong', 3, { totalCount: 37, hasNextPage: true }), ok('cn-shanghai', 2), ok('us-west-1', 0)]),
    );
    expectValid(msg.blocks);
    expect(allText(msg.blocks[0])).toContain('Traffic mirror sessions · all 3 regions');
    expect(allText(msg.blocks[1])).toContain('`tag:FinanceDept`');
    expect(allText(msg.blocks[1])).toContain('3 regions: 2 with sessions · 1 empty · 0 failed');
    const hk = sectionOf(msg.blocks, 'cn-hongkong')!;
    expect(hk.text?.text).toContain('*cn-hongkong* · 37 sessions · first 3 shown');
    for (let i = 0; i < 3; i += 1) expect(hk.text?.text).toContain(`*cn-hongkong-${i}*`);
    expect(sectionOf(msg.blocks, 'cn-shanghai')?.text?.text).toMatch(/^\*cn-shanghai\* · 2 sessions\n/);
    expect(allText(msg.blocks)).toContain('No matching sessions in `us-west-1`.');
    expect(msg.text).toBe('Traffic mirror sessions across 3 regions: 2 with sessions, 1 empty, 0 failed');
  });

  it('offers "More in …" only where there is more: page 2 when page 1 is all shown', () => {
    const msg = multiRegionMessage(input([ok('cn-hongkong', 3, { hasNextPage: true }), ok('cn-shanghai', 2)]));
    const more = buttons(msg.blocks).filter((b) => REGION_MORE_PATTERN.test(b.action_id ?? ''));
    expect(more.map((b) => [b.text.text, b.value])).toEqual([['More in cn-hongkong', 'cn-hongkong:page2']]);
  });

  it('opens page 1 of a region whose sessions the overview had to cut', () => {
    // 30 regions of 100 sessions cannot all be shown: each region is cut and its button leads to its own page 1.
    const results = Array.from({ length: 30 }, (_, i) =>
      ok(`cn-region-${i}`, 100, { totalCount: 500, hasNextPage: true }),
    );
    const { layout, blocks } = chooseOverviewLayout(input(results, { query: allQuery(100) }));
    expect(layout.cap).toBeLessThan(100);
    expectValid(blocks);
    const more = buttons(blocks).filter((b) => REGION_MORE_PATTERN.test(b.action_id ?? ''));
    expect(more).toHaveLength(30);
    for (const b of more) expect(b.value).toMatch(/:page1$/);
    expect(allText(blocks)).toContain(`500 sessions · first ${layout.cap} shown`);
  });

  it('lists failed regions with a short reason each, escaped', () => {
    const msg = multiRegionMessage(
      input([
        ok('cn-hongkong', 1),
        failed('cn-shanghai', CloudErrorCode.PermissionDenied, { action: 'vpc:<List>&' }),
        failed('eu-central-1', CloudErrorCode.Timeout),
        failed('ap-south-1', CloudErrorCode.Unavailable),
      ]),
    );
    expectValid(msg.blocks);
    const text = allText(msg.blocks);
    expect(text).toContain(':warning: *Could not list 3 regions:*');
    expect(text).toContain('• `cn-shanghai`: permission denied (`vpc:&lt;List&gt;&amp;`)');
    expect(text).toContain('• `eu-central-1`: VPC API timed out');
    expect(text).toContain('• `ap-south-1`: VPC API unavailable');
    expect(msg.text).toContain('1 with sessions, 0 empty, 3 failed');
    // At the top, right under the summary: not after every region's rows.
    expect(allText(msg.blocks[2])).toContain('Could not list 3 regions');
    expect(text.indexOf('Could not list')).toBeLessThan(text.indexOf('*cn-hongkong*'));
  });

  it('has one legend, above the rows, and no button beside any row', () => {
    const msg = multiRegionMessage(input([ok('cn-hongkong', 3, { hasNextPage: true }), ok('cn-shanghai', 2)]));
    expectValid(msg.blocks);
    const legends = msg.blocks.filter((b) => allText(b).includes('🟢 mirroring'));
    expect(legends).toHaveLength(1);
    expect(msg.blocks.indexOf(legends[0]!)).toBeLessThan(
      msg.blocks.findIndex((b) => allText(b).includes('*cn-hongkong*')),
    );
    for (const b of msg.blocks) if (b.type === 'section') expect(b.accessory).toBeUndefined();
  });

  it('says so when every region failed, without a legend for sessions it does not show', () => {
    const msg = multiRegionMessage(
      input([failed('a-1', CloudErrorCode.Network), failed('b-1', CloudErrorCode.Throttled)]),
    );
    expectValid(msg.blocks);
    expect(allText(msg.blocks)).toContain('Could not list 2 regions');
    expect(allText(msg.blocks)).not.toContain('🟢 mirroring');
  });

  it('marks the role of the ENI in each region', () => {
    const eni = 'eni-0000j6cmulti00000001';
    const hk = ok('cn-hongkong', 2, {
      eni: {
        roles: new Map([
          [session({}, 0).id, 'source' as const],
          [session({}, 1).id, 'target' as const],
        ]),
        sourceTotal: 1,
        targetTotal: 1,
      },
    });
    const msg = multiRegionMessage(input([hk, ok('cn-shanghai', 0)], { query: allQuery(10, { eni }) }));
    expectValid(msg.blocks);
    const text = allText(msg.blocks);
    expect(allText(msg.blocks[0])).toContain(`Sessions from or to ${eni} · all 2 regions`);
    expect(text).toContain(`Sessions that mirror from or to \`${eni}\``);
    expect(sectionOf(msg.blocks, 'cn-hongkong')?.text?.text).toContain('1 as source · 1 as target');
    expect(text).toContain('_from_ 🟢 *cn-hongkong-0*');
    expect(text).toContain('_to_ 🟢 *cn-hongkong-1*');
    expect(text).toContain(`Not mirrored from or to \`${eni}\` in \`cn-shanghai\`.`);
    expect(text).not.toContain('(source or target)');
  });

  it('shows the CLI loop as small print, or a button when it is long', () => {
    const q = allQuery();
    const short = multiRegionMessage(
      input([ok('cn-hongkong', 1)], {
        cli: { script: allRegionsCliScript(q, ['cn-hongkong', 'cn-shanghai']) },
        buttons: { share: 's' },
      }),
    );
    expect(allText(short.blocks)).toContain(
      '`for r in cn-hongkong cn-shanghai; do aliyun vpc ListTrafficMirrorSessions --region "$r" --RegionId="$r" --Tags.1.Key=FinanceDept --MaxResults=10 --pager path=TrafficMirrorSessions; done`',
    );
    expect(buttons(short.blocks).map((b) => b.action_id)).toEqual([ActionId.Share]);
    const ids = Array.from({ length: 100 }, (_, i) => `tms-${i}`);
    const longQuery = { ...q, filters: { ...q.filters, sessionIds: ids } };
    const long = multiRegionMessage(
      input([ok('cn-hongkong', 1)], {
        query: longQuery,
        cli: { script: allRegionsCliScript(longQuery, ['cn-hongkong']), buttonValue: 'cli' },
      }),
    );
    expect(allText(long.blocks)).not.toContain('for r in');
    expect(buttons(long.blocks).find((b) => b.action_id === ActionId.ShowCli)?.value).toBe('cli');
  });
});

describe("multiRegionMessage: worst cases stay within Slack's limits", () => {
  const worstQuery = allQuery(100, {
    filters: {
      tags: Array.from({ length: 20 }, (_, i) => ({ key: `<k${i}>&`.padEnd(64, 'k'), value: 'v'.repeat(128) })),
      sessionIds: Array.from({ length: 100 }, (_, i) => `tms-${i}`),
      name: '<n>&'.padEnd(128, 'n'),
    },
  });
  const longButtons = { share: 's'.repeat(2000) };
  const cli = (regions: string[]) => ({
    script: allRegionsCliScript(worstQuery, regions),
    buttonValue: 'c'.repeat(2000),
  });
  const worstRegion = (region: string, n: number): RegionSessions => ({
    region,
    ok: true,
    sessions: Array.from({ length: n }, (_, i) => worstSession(i)),
    hasNextPage: true,
    totalCount: 100_000,
    more: { firstPage: 'f'.repeat(2000), nextPage: 'n'.repeat(2000) },
  });

  it.each([1, 5, 10, 30, 44, 45, 60])('%i regions of 100 worst-case sessions', (count) => {
    const regions = Array.from({ length: count }, (_, i) => `cn-worst-region-${i}`);
    const results = regions.map((r) => worstRegion(r, 100));
    const msg = multiRegionMessage({ query: worstQuery, results, buttons: longButtons, cli: cli(regions) });
    expectValid(msg.blocks);
    expect(msg.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX);
    // Every region is named, with or without its own button.
    const text = allText(msg.blocks);
    for (const r of regions) expect(text).toContain(`*${r}*`);
    expect(text).not.toContain('<n>');
  });

  it('an ENI in 30 regions, 200 sessions each (100 per stream)', () => {
    const regions = Array.from({ length: 30 }, (_, i) => `cn-worst-region-${i}`);
    const results = regions.map((r): RegionSessions => {
      const base = worstRegion(r, 200);
      return {
        ...base,
        eni: {
          roles: new Map(base.sessions.map((s, i) => [s.id, i % 2 ? ('target' as const) : ('source' as const)])),
          sourceTotal: 100,
          targetTotal: 100,
        },
      };
    });
    const msg = multiRegionMessage({
      query: { ...worstQuery, eni: 'eni-000000000000000worst' },
      results,
      buttons: longButtons,
      cli: cli(regions),
    });
    expectValid(msg.blocks);
  });

  it('30 regions that all failed, and a mix of everything', () => {
    const regions = Array.from({ length: 30 }, (_, i) => `cn-worst-region-${i}`);
    const allFailed = regions.map((r) =>
      failed(r, CloudErrorCode.PermissionDenied, { action: 'vpc:'.padEnd(200, 'x') }),
    );
    expectValid(
      multiRegionMessage({ query: worstQuery, results: allFailed, buttons: longButtons, cli: cli(regions) }).blocks,
    );
    const mixed = regions.map((r, i) =>
      i % 3 === 0 ? failed(r, CloudErrorCode.Timeout) : i % 3 === 1 ? ok(r, 0) : worstRegion(r, 100),
    );
    expectValid(
      multiRegionMessage({ query: worstQuery, results: mixed, buttons: longButtons, cli: cli(regions) }).blocks,
    );
  });
});

describe('multiRegionMessage: many empty regions', () => {
  it('names as many as fit one section and counts the rest', () => {
    const results = Array.from({ length: 200 }, (_, i) => ok(`cn-empty-region-${String(i).padStart(3, '0')}`, 0));
    const msg = multiRegionMessage(input(results));
    expectValid(msg.blocks);
    expect(allText(msg.blocks)).toMatch(/\+\d+ more\./);
  });
});
