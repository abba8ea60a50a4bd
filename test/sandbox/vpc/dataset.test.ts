import { describe, expect, it } from 'vitest';
import {
  createRng,
  DATASET_REGIONS,
  DEFAULT_DATASET_NOW,
  generateDataset,
  WELL_KNOWN,
  type WireTrafficMirrorSession,
} from '../../../src/sandbox/vpc';

const dataset = generateDataset(42);
const all = (): WireTrafficMirrorSession[] => Object.values(dataset.regions).flat();
const region = (id: string): WireTrafficMirrorSession[] => dataset.regions[id] ?? [];

describe('generateDataset', () => {
  it('repeats for the same seed and differs for another', () => {
    expect(generateDataset(42)).toEqual(generateDataset(42));
    expect(generateDataset()).toEqual(generateDataset());
    const other = generateDataset(43);
    expect(other).not.toEqual(dataset);
    // The well-known sessions do not depend on the seed.
    const finance = (d: typeof dataset) =>
      d.regions['cn-hongkong']?.find((s) => s.TrafficMirrorSessionId === WELL_KNOWN.FINANCE_TAP);
    expect(finance(other)).toEqual(finance(dataset));
  });

  it('has the agreed regions and sizes, one of them empty', () => {
    expect(Object.keys(dataset.regions).sort()).toEqual([
      'ap-southeast-1',
      'cn-hangzhou',
      'cn-hongkong',
      'cn-shanghai',
      'eu-central-1',
    ]);
    for (const r of DATASET_REGIONS) expect(region(r.regionId)).toHaveLength(r.sessions);
    expect(region('cn-shanghai').length).toBeGreaterThanOrEqual(300);
    expect(region('eu-central-1')).toEqual([]);
  });

  it('uses realistic, region-specific ids', () => {
    for (const r of DATASET_REGIONS) {
      for (const s of region(r.regionId)) {
        const p = r.prefix;
        expect(s.TrafficMirrorSessionId).toMatch(new RegExp(`^tms-${p}[a-z0-9]{17}$`));
        expect(s.TrafficMirrorFilterId).toMatch(new RegExp(`^tmf-${p}[a-z0-9]{17}$`));
        for (const src of s.TrafficMirrorSourceIds) expect(src).toMatch(new RegExp(`^eni-${p}[a-z0-9]{17}$`));
        expect(s.TrafficMirrorSourceIds.length).toBeGreaterThanOrEqual(1);
        expect(s.TrafficMirrorSourceIds.length).toBeLessThanOrEqual(3);
        expect(new Set(s.TrafficMirrorSourceIds).size).toBe(s.TrafficMirrorSourceIds.length);
        if (s.TrafficMirrorTargetType === 'SLB')
          expect(s.TrafficMirrorTargetId).toMatch(new RegExp(`^lb-${p}[a-z0-9]{17}$`));
        else expect(s.TrafficMirrorTargetId).toMatch(new RegExp(`^eni-${p}[a-z0-9]{17}$`));
        expect(s.ResourceGroupId).toMatch(/^rg-[a-z0-9]{15}$/);
      }
    }
    const sessionIds = all().map((s) => s.TrafficMirrorSessionId);
    expect(new Set(sessionIds).size).toBe(sessionIds.length);
  });

  it('keeps every field in its documented range', () => {
    const twoYearsAgo = DEFAULT_DATASET_NOW - 2 * 366 * 24 * 3600 * 1000;
    for (const s of all()) {
      expect(s.Priority).toBeGreaterThanOrEqual(1);
      expect(s.Priority).toBeLessThanOrEqual(32766);
      expect(s.VirtualNetworkId).toBeGreaterThanOrEqual(0);
      expect(s.VirtualNetworkId).toBeLessThanOrEqual(16777215);
      expect(s.PacketLength).toBeGreaterThan(0);
      expect(s.PacketLength).toBeLessThanOrEqual(1500);
      expect(s.CreationTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
      const created = Date.parse(s.CreationTime.replace('Z', ':00Z'));
      expect(created).toBeGreaterThanOrEqual(twoYearsAgo);
      expect(created).toBeLessThanOrEqual(DEFAULT_DATASET_NOW);
      expect(s.TrafficMirrorSessionName.length).toBeGreaterThan(0);
      expect(s.TrafficMirrorSessionName.length).toBeLessThanOrEqual(128);
      expect(typeof s.Enabled).toBe('boolean');
    }
  });

  it('has unique priorities and names per region, listed newest first', () => {
    for (const r of DATASET_REGIONS) {
      const sessions = region(r.regionId);
      expect(new Set(sessions.map((s) => s.Priority)).size).toBe(sessions.length);
      expect(new Set(sessions.map((s) => s.TrafficMirrorSessionName)).size).toBe(sessions.length);
      const times = sessions.map((s) => s.CreationTime);
      expect([...times].sort().reverse()).toEqual(times);
    }
  });

  it('covers every status, business status, target type, enabled value, and tagged and untagged sessions', () => {
    for (const id of ['cn-hongkong', 'cn-shanghai', 'cn-hangzhou', 'ap-southeast-1']) {
      const sessions = region(id);
      expect(new Set(sessions.map((s) => s.TrafficMirrorSessionStatus))).toEqual(
        new Set(['Creating', 'Created', 'Modifying', 'Deleting']),
      );
      expect(new Set(sessions.map((s) => s.TrafficMirrorSessionBusinessStatus))).toEqual(
        new Set(['Normal', 'FinancialLocked']),
      );
      expect(new Set(sessions.map((s) => s.Enabled))).toEqual(new Set([true, false]));
    }
    const sh = region('cn-shanghai');
    expect(new Set(sh.map((s) => s.TrafficMirrorTargetType))).toEqual(new Set(['SLB', 'NetworkInterface']));
    expect(sh.some((s) => s.Tags.length === 0)).toBe(true);
    expect(sh.some((s) => s.Tags.some((t) => t.Key === 'FinanceDept' && t.Value === 'FinanceJoshua'))).toBe(true);
    expect(sh.some((s) => s.Tags.some((t) => t.Key === 'team' && t.Value === 'netops'))).toBe(true);
    expect(sh.some((s) => s.TrafficMirrorSessionDescription === '')).toBe(true);
    // Shared ENIs, filters and resource groups: an ENI lookup finds several sessions.
    const sourceUse = new Map<string, number>();
    for (const s of sh) for (const e of s.TrafficMirrorSourceIds) sourceUse.set(e, (sourceUse.get(e) ?? 0) + 1);
    expect(Math.max(...sourceUse.values())).toBeGreaterThanOrEqual(3);
    expect(new Set(sh.map((s) => s.TrafficMirrorFilterId)).size).toBeLessThan(sh.length / 5);
  });

  it('holds the well-known sessions tests and demos rely on', () => {
    const hk = region(WELL_KNOWN.region);
    const finance = hk.find((s) => s.TrafficMirrorSessionId === WELL_KNOWN.FINANCE_TAP);
    expect(finance).toMatchObject({
      TrafficMirrorSessionName: WELL_KNOWN.FINANCE_TAP_NAME,
      Enabled: true,
      Priority: 1,
      TrafficMirrorTargetId: WELL_KNOWN.COLLECTOR_ENI,
      TrafficMirrorTargetType: 'NetworkInterface',
      TrafficMirrorFilterId: WELL_KNOWN.FINANCE_FILTER,
    });
    expect(finance?.Tags).toContainEqual(WELL_KNOWN.FINANCE_TAG);
    expect(hk.filter((s) => s.TrafficMirrorSessionName === WELL_KNOWN.FINANCE_TAP_NAME)).toHaveLength(1);
    expect(
      hk
        .filter((s) => s.TrafficMirrorSourceIds.includes(WELL_KNOWN.SHARED_SOURCE_ENI))
        .map((s) => s.TrafficMirrorSessionId)
        .sort(),
    ).toEqual([WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.FINANCE_TAP_STANDBY, WELL_KNOWN.PAYMENTS_SLB].sort());
    expect(
      hk
        .filter((s) => s.TrafficMirrorTargetId === WELL_KNOWN.COLLECTOR_ENI)
        .map((s) => s.TrafficMirrorSessionId)
        .sort(),
    ).toEqual([WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.FINANCE_TAP_STANDBY, WELL_KNOWN.LEGACY_UNTAGGED].sort());
    expect(hk.find((s) => s.TrafficMirrorSessionId === WELL_KNOWN.PAYMENTS_SLB)?.TrafficMirrorTargetType).toBe('SLB');
    expect(hk.find((s) => s.TrafficMirrorSessionId === WELL_KNOWN.LEGACY_UNTAGGED)?.Tags).toEqual([]);
    const sh = region(WELL_KNOWN.PROD_DB_MIRROR_REGION);
    expect(
      sh
        .filter((s) => s.TrafficMirrorSessionName === WELL_KNOWN.PROD_DB_MIRROR_NAME)
        .map((s) => s.TrafficMirrorSessionId),
    ).toEqual([WELL_KNOWN.PROD_DB_MIRROR]);
  });

  it('can flag TotalCount as a string', () => {
    expect(generateDataset(1, { totalCountAsString: true }).totalCountAsString).toBe(true);
    expect(generateDataset(1).totalCountAsString).toBeUndefined();
  });
});

describe('createRng', () => {
  it('is a repeatable stream in [0, 1)', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
    expect(createRng(8)()).not.toBe(createRng(7)());
  });
});
