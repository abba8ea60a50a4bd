import { describe, expect, it } from 'vitest';
import {
  DATASET_REGIONS,
  ECS_WELL_KNOWN,
  generateDataset,
  generateInventory,
  WELL_KNOWN,
} from '../../../src/sandbox/vpc';

const dataset = generateDataset();
const inventory = generateInventory(dataset.seed, dataset.regions);

describe('generateInventory', () => {
  it('repeats for a seed, and leaves the sessions exactly as they were', () => {
    expect(generateInventory(dataset.seed, dataset.regions)).toEqual(inventory);
    expect(generateInventory(7, generateDataset(7).regions)).not.toEqual(inventory);
    // Sessions (and the counts other tests rely on) do not move.
    expect(generateDataset()).toEqual(dataset);
    for (const r of DATASET_REGIONS) expect(dataset.regions[r.regionId]).toHaveLength(r.sessions);
  });

  it.each([20230905, 1, 42])(
    'seed %i: every ENI a session names belongs to an instance, but the deleted one',
    (seed) => {
      const d = generateDataset(seed);
      const inv = generateInventory(seed, d.regions);
      for (const [region, sessions] of Object.entries(d.regions)) {
        const ri = inv.regions[region];
        if (ri === undefined) throw new Error(`no inventory for ${region}`);
        const enis = new Map(ri.enis.map((e) => [e.id, e]));
        const instances = new Set(ri.instances.map((i) => i.id));
        for (const s of sessions) {
          const named = [...s.TrafficMirrorSourceIds];
          if (s.TrafficMirrorTargetType === 'NetworkInterface') named.push(s.TrafficMirrorTargetId);
          for (const id of named) {
            if (id === ECS_WELL_KNOWN.DELETED_ENI) {
              expect(enis.has(id)).toBe(false);
              continue;
            }
            const eni = enis.get(id);
            expect(eni, `${region} ${s.TrafficMirrorSessionId} ${id}`).toBeDefined();
            expect(instances.has(eni?.instanceId ?? '')).toBe(true);
          }
          const filter = ri.filters.find((f) => f.TrafficMirrorFilterId === s.TrafficMirrorFilterId);
          expect(filter, s.TrafficMirrorFilterId).toBeDefined();
          const rules = (filter?.IngressRules.length ?? 0) + (filter?.EgressRules.length ?? 0);
          if (s.TrafficMirrorFilterId === ECS_WELL_KNOWN.EMPTY_FILTER) expect(rules).toBe(0);
          else expect(rules).toBeGreaterThan(0);
        }
        // Every instance has one primary ENI; every ENI has a primary IP; no IP is held twice.
        for (const i of ri.instances)
          expect(ri.enis.filter((e) => e.instanceId === i.id && e.type === 'Primary')).toHaveLength(1);
        for (const e of ri.enis) expect(e.ips[0]).toMatch(/^10\.\d+\.\d+\.\d+$/);
        const ips = ri.enis.flatMap((e) => e.ips);
        expect(new Set(ips).size).toBe(ips.length);
        expect(ips).not.toContain(ECS_WELL_KNOWN.UNKNOWN_IP);
      }
    },
  );

  it('has instances with two ENIs and ENIs with secondary IPs', () => {
    const all = Object.values(inventory.regions);
    const twoEnis = all.flatMap((ri) =>
      ri.instances.filter((i) => ri.enis.filter((e) => e.instanceId === i.id).length === 2),
    );
    expect(twoEnis.length).toBeGreaterThan(5);
    expect(all.flatMap((ri) => ri.enis).filter((e) => e.ips.length > 1).length).toBeGreaterThan(5);
  });

  it('holds the demo fixtures in cn-hongkong whatever the seed', () => {
    for (const seed of [dataset.seed, 99]) {
      const hk = generateInventory(seed, generateDataset(seed).regions).regions['cn-hongkong'];
      const finance = hk?.enis.filter((e) => e.instanceId === ECS_WELL_KNOWN.FINANCE_INSTANCE);
      expect(finance?.map((e) => [e.id, e.type, e.ips])).toEqual([
        [WELL_KNOWN.FINANCE_SOURCE_ENI, 'Primary', [ECS_WELL_KNOWN.DEMO_IP, ECS_WELL_KNOWN.FINANCE_SECONDARY_IP]],
        [WELL_KNOWN.SHARED_SOURCE_ENI, 'Secondary', [ECS_WELL_KNOWN.SHARED_SOURCE_IP]],
      ]);
      expect(hk?.instances.find((i) => i.id === ECS_WELL_KNOWN.FINANCE_INSTANCE)?.name).toBe('finance-ledger-01');
      expect(hk?.enis.find((e) => e.ips.includes(ECS_WELL_KNOWN.BASTION_IP))?.instanceId).toBe(
        ECS_WELL_KNOWN.BASTION_INSTANCE,
      );
    }
    // The demo IP's ENI is a source of the FinanceDept session; legacy-untagged-tap mirrors nothing.
    const hkSessions = dataset.regions['cn-hongkong'] ?? [];
    const finance = hkSessions.find((s) => s.TrafficMirrorSourceIds.includes(WELL_KNOWN.FINANCE_SOURCE_ENI));
    expect(finance?.Tags).toContainEqual(WELL_KNOWN.FINANCE_TAG);
    const legacy = hkSessions.find((s) => s.TrafficMirrorSessionId === WELL_KNOWN.LEGACY_UNTAGGED);
    expect(legacy?.TrafficMirrorSourceIds).toEqual([ECS_WELL_KNOWN.DELETED_ENI]);
    expect(legacy?.TrafficMirrorFilterId).toBe(ECS_WELL_KNOWN.EMPTY_FILTER);
  });
});
