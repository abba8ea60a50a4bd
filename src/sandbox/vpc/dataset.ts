/**
 * A generated, realistic set of traffic mirror sessions, in the wire shape ListTrafficMirrorSessions returns.
 *
 * Seeded (mulberry32), so one seed always yields the same data. A handful of well-known sessions (WELL_KNOWN) are
 * the same for every seed; tests and demos may rely on them.
 */
import type { Inventory } from './inventory';

type TrafficMirrorTargetType = 'NetworkInterface' | 'SLB';
type TrafficMirrorSessionStatus = 'Creating' | 'Created' | 'Modifying' | 'Deleting';
type TrafficMirrorSessionBusinessStatus = 'Normal' | 'FinancialLocked';

export interface WireTag {
  Key: string;
  Value: string;
}

/** One session exactly as the API puts it on the wire (field names and JSON types). */
export interface WireTrafficMirrorSession {
  TrafficMirrorTargetId: string;
  TrafficMirrorSessionId: string;
  Priority: number;
  TrafficMirrorTargetType: TrafficMirrorTargetType;
  PacketLength: number;
  TrafficMirrorSessionDescription: string;
  TrafficMirrorSessionStatus: TrafficMirrorSessionStatus;
  Enabled: boolean;
  TrafficMirrorSessionBusinessStatus: TrafficMirrorSessionBusinessStatus;
  VirtualNetworkId: number;
  TrafficMirrorFilterId: string;
  TrafficMirrorSessionName: string;
  TrafficMirrorSourceIds: string[];
  ResourceGroupId: string;
  Tags: WireTag[];
  CreationTime: string;
}

export interface Dataset {
  /** The seed it was generated from (informational). */
  readonly seed: number;
  /** Sessions per region, in the order the API lists them (newest first). A region absent here does not exist. */
  readonly regions: Record<string, WireTrafficMirrorSession[]>;
  /** Send TotalCount as a JSON string (as the SDK's model types it) instead of a number (as the doc's example shows). */
  totalCountAsString?: boolean;
  /**
   * The ECS instances, ENIs and traffic mirror filters behind the sessions. The stand-in fills it in with
   * generateInventory(seed, regions) when absent; set it to shape what DescribeNetworkInterfaces, DescribeInstances
   * and ListTrafficMirrorFilters answer.
   */
  inventory?: Inventory;
}

export interface DatasetRegion {
  readonly regionId: string;
  /** The 3-character zone prefix Alibaba puts at the start of resource ids created there. */
  readonly prefix: string;
  readonly sessions: number;
}

/** The regions the generated data set holds; eu-central-1 exists but has no sessions. */
export const DATASET_REGIONS: readonly DatasetRegion[] = [
  { regionId: 'cn-hongkong', prefix: 'j6c', sessions: 40 },
  { regionId: 'cn-shanghai', prefix: 'uf6', sessions: 350 },
  { regionId: 'ap-southeast-1', prefix: 't4n', sessions: 15 },
  { regionId: 'eu-central-1', prefix: 'gw8', sessions: 0 },
  { regionId: 'cn-hangzhou', prefix: 'bp1', sessions: 25 },
];

const DEFAULT_DATASET_SEED = 20230905;

/** CreationTime values fall in the two years before this instant unless generateDataset is given another `now`. */
export const DEFAULT_DATASET_NOW = Date.UTC(2026, 10, 1, 0, 0);

/** Account-wide resource groups, shared by every region and every seed. */
export const RESOURCE_GROUPS = {
  default: 'rg-acfmy7bs5zyrmsq',
  finance: 'rg-acfmxazb4ph6aiy',
  netops: 'rg-acfmzw2jz2z3rsa',
  platform: 'rg-aek2x4ovrfkm7mi',
} as const;

/**
 * Ids that exist in every generated data set, whatever the seed.
 *
 * cn-hongkong:
 * - FINANCE_TAP `finance-ids-tap`: tags FinanceDept=FinanceJoshua, env=prod, team=secops; enabled; Created/Normal;
 *   priority 1, VNI 10; ENI target COLLECTOR_ENI; sources SHARED_SOURCE_ENI and FINANCE_SOURCE_ENI; filter
 *   FINANCE_FILTER; resource group finance.
 * - FINANCE_TAP_STANDBY `finance-ids-tap-standby`: FinanceDept=FinanceJoshua, env=staging; disabled; FinancialLocked.
 * - PAYMENTS_SLB `payments-slb-mirror`: SLB target PAYMENTS_SLB_TARGET; Modifying; team=netops, env=prod.
 * - LEGACY_UNTAGGED `legacy-untagged-tap`: no tags, empty description; disabled; Creating.
 * - SHARED_SOURCE_ENI is a source of FINANCE_TAP, FINANCE_TAP_STANDBY and PAYMENTS_SLB (and of no other session).
 * - COLLECTOR_ENI is the target of FINANCE_TAP, FINANCE_TAP_STANDBY and LEGACY_UNTAGGED (and of no other session).
 * cn-shanghai:
 * - PROD_DB_MIRROR `prod-db-mirror-03` (the only session with that name there).
 */
export const WELL_KNOWN = {
  region: 'cn-hongkong',
  emptyRegion: 'eu-central-1',
  bigRegion: 'cn-shanghai',
  FINANCE_TAP: 'tms-j6cla50buc44ap8tu001',
  FINANCE_TAP_NAME: 'finance-ids-tap',
  FINANCE_TAP_STANDBY: 'tms-j6cla50buc44ap8tu002',
  PAYMENTS_SLB: 'tms-j6cla50buc44ap8tu003',
  LEGACY_UNTAGGED: 'tms-j6cla50buc44ap8tu004',
  SHARED_SOURCE_ENI: 'eni-j6c8znm5l1yt4sox0001',
  FINANCE_SOURCE_ENI: 'eni-j6c8znm5l1yt4sox0002',
  PAYMENTS_SOURCE_ENI: 'eni-j6c8znm5l1yt4sox0003',
  LEGACY_SOURCE_ENI: 'eni-j6c8znm5l1yt4sox0004',
  COLLECTOR_ENI: 'eni-j6c2fp57q8rr47rp0001',
  PAYMENTS_SLB_TARGET: 'lb-j6cq5cd0xkh7k0ih0001',
  FINANCE_FILTER: 'tmf-j6cmls82xnc86vtpe001',
  FINANCE_TAG: { Key: 'FinanceDept', Value: 'FinanceJoshua' },
  PROD_DB_MIRROR: 'tms-uf6b3q9zk2m7x4d1v003',
  PROD_DB_MIRROR_NAME: 'prod-db-mirror-03',
  PROD_DB_MIRROR_REGION: 'cn-shanghai',
} as const;

/** mulberry32: a tiny, fast, seedable PRNG. Returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  constructor(private readonly rng: () => number) {}
  float(): number {
    return this.rng();
  }
  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.rng() * (maxInclusive - minInclusive + 1));
  }
  chance(p: number): boolean {
    return this.rng() < p;
  }
  one<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.rng() * items.length)];
    if (item === undefined) throw new Error('Picker.one: empty list');
    return item;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.rng() * total;
    for (const [item, w] of items) {
      roll -= w;
      if (roll < 0) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('Picker.weighted: empty list');
    return last[0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, n);
  }
  alnum(length: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.rng() * alphabet.length)];
    return out;
  }
}

/** `YYYY-MM-DDTHH:mmZ`: minutes, no seconds, as the API formats CreationTime. */
function formatCreationTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

const TWO_YEARS_MS = 2 * 365 * 24 * 60 * 60 * 1000;

function wellKnownSessions(): Record<string, WireTrafficMirrorSession[]> {
  const W = WELL_KNOWN;
  const hk: WireTrafficMirrorSession[] = [
    {
      TrafficMirrorTargetId: W.COLLECTOR_ENI,
      TrafficMirrorSessionId: W.FINANCE_TAP,
      Priority: 1,
      TrafficMirrorTargetType: 'NetworkInterface',
      PacketLength: 1500,
      TrafficMirrorSessionDescription: 'Copies finance subnet traffic to the IDS collector.',
      TrafficMirrorSessionStatus: 'Created',
      Enabled: true,
      TrafficMirrorSessionBusinessStatus: 'Normal',
      VirtualNetworkId: 10,
      TrafficMirrorFilterId: W.FINANCE_FILTER,
      TrafficMirrorSessionName: W.FINANCE_TAP_NAME,
      TrafficMirrorSourceIds: [W.SHARED_SOURCE_ENI, W.FINANCE_SOURCE_ENI],
      ResourceGroupId: RESOURCE_GROUPS.finance,
      Tags: [{ ...W.FINANCE_TAG }, { Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'secops' }],
      CreationTime: '2025-09-05T15:26Z',
    },
    {
      TrafficMirrorTargetId: W.COLLECTOR_ENI,
      TrafficMirrorSessionId: W.FINANCE_TAP_STANDBY,
      Priority: 2,
      TrafficMirrorTargetType: 'NetworkInterface',
      PacketLength: 1500,
      TrafficMirrorSessionDescription: 'Standby copy of finance-ids-tap; switched on during collector failover.',
      TrafficMirrorSessionStatus: 'Created',
      Enabled: false,
      TrafficMirrorSessionBusinessStatus: 'FinancialLocked',
      VirtualNetworkId: 11,
      TrafficMirrorFilterId: W.FINANCE_FILTER,
      TrafficMirrorSessionName: 'finance-ids-tap-standby',
      TrafficMirrorSourceIds: [W.SHARED_SOURCE_ENI],
      ResourceGroupId: RESOURCE_GROUPS.finance,
      Tags: [{ ...W.FINANCE_TAG }, { Key: 'env', Value: 'staging' }],
      CreationTime: '2025-09-06T09:02Z',
    },
    {
      TrafficMirrorTargetId: W.PAYMENTS_SLB_TARGET,
      TrafficMirrorSessionId: W.PAYMENTS_SLB,
      Priority: 3,
      TrafficMirrorTargetType: 'SLB',
      PacketLength: 1400,
      TrafficMirrorSessionDescription: 'Payments API traffic to the internal analyzer SLB.',
      TrafficMirrorSessionStatus: 'Modifying',
      Enabled: true,
      TrafficMirrorSessionBusinessStatus: 'Normal',
      VirtualNetworkId: 4096,
      TrafficMirrorFilterId: W.FINANCE_FILTER,
      TrafficMirrorSessionName: 'payments-slb-mirror',
      TrafficMirrorSourceIds: [W.SHARED_SOURCE_ENI, W.PAYMENTS_SOURCE_ENI],
      ResourceGroupId: RESOURCE_GROUPS.netops,
      Tags: [
        { Key: 'team', Value: 'netops' },
        { Key: 'env', Value: 'prod' },
      ],
      CreationTime: '2026-02-14T03:47Z',
    },
    {
      TrafficMirrorTargetId: W.COLLECTOR_ENI,
      TrafficMirrorSessionId: W.LEGACY_UNTAGGED,
      Priority: 4,
      TrafficMirrorTargetType: 'NetworkInterface',
      PacketLength: 1500,
      TrafficMirrorSessionDescription: '',
      TrafficMirrorSessionStatus: 'Creating',
      Enabled: false,
      TrafficMirrorSessionBusinessStatus: 'Normal',
      VirtualNetworkId: 0,
      TrafficMirrorFilterId: 'tmf-j6cmls82xnc86vtpe002',
      TrafficMirrorSessionName: 'legacy-untagged-tap',
      TrafficMirrorSourceIds: [W.LEGACY_SOURCE_ENI],
      ResourceGroupId: RESOURCE_GROUPS.default,
      Tags: [],
      CreationTime: '2026-10-30T22:10Z',
    },
  ];
  const sh: WireTrafficMirrorSession[] = [
    {
      TrafficMirrorTargetId: 'eni-uf6h2vbq8k1x9o3t0003',
      TrafficMirrorSessionId: W.PROD_DB_MIRROR,
      Priority: 1,
      TrafficMirrorTargetType: 'NetworkInterface',
      PacketLength: 1500,
      TrafficMirrorSessionDescription: 'Mirrors the primary database subnet (prod) to the packet broker.',
      TrafficMirrorSessionStatus: 'Created',
      Enabled: true,
      TrafficMirrorSessionBusinessStatus: 'Normal',
      VirtualNetworkId: 100,
      TrafficMirrorFilterId: 'tmf-uf6k8d1w3n5q7s9u0003',
      TrafficMirrorSessionName: W.PROD_DB_MIRROR_NAME,
      TrafficMirrorSourceIds: ['eni-uf6a1c3e5g7i9k1m0003', 'eni-uf6b2d4f6h8j0l2n0003'],
      ResourceGroupId: RESOURCE_GROUPS.platform,
      Tags: [
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'dba' },
      ],
      CreationTime: '2025-03-18T11:05Z',
    },
  ];
  return { 'cn-hongkong': hk, 'cn-shanghai': sh };
}

const ENVS = ['prod', 'staging', 'dev'] as const;
const APPS = [
  'db',
  'web',
  'api',
  'payments',
  'orders',
  'kafka',
  'redis',
  'ldap',
  'vpn',
  'ingress',
  'billing',
  'search',
  'auth',
  'cache',
];
const KINDS = ['mirror', 'tap', 'ids-tap', 'capture', 'span'];
const TEAMS = ['netops', 'secops', 'dba', 'platform', 'payments'];
const SPECIAL_NAMES = [
  'finance-ids-tap',
  'secops-ndr-tap',
  'pci-cde-capture',
  'netops-debug-span',
  'soc-zeek-feed',
  'waf-bypass-audit',
];

function describe(pick: Picker, app: string, env: string, target: TrafficMirrorTargetType): string {
  return pick.weighted<string>([
    [`Mirrors ${app} traffic (${env}) to the ${target === 'SLB' ? 'analyzer SLB' : 'IDS collector'}.`, 5],
    [`Temporary capture for INC-${pick.int(1000, 9999)}; remove after review.`, 1],
    [`PCI scope: ${app} subnet to the NDR sensor.`, 1],
    [`Troubleshooting packet loss on ${app} nodes.`, 1],
    ['', 2],
  ]);
}

function generateRegion(
  pick: Picker,
  region: DatasetRegion,
  fixed: readonly WireTrafficMirrorSession[],
  now: number,
): WireTrafficMirrorSession[] {
  const count = region.sessions - fixed.length;
  if (region.sessions <= 0) return [];
  const p = region.prefix;
  const usedIds = new Set<string>(fixed.map((s) => s.TrafficMirrorSessionId));
  const uniqueId = (kind: string): string => {
    for (;;) {
      const id = `${kind}-${p}${pick.alnum(17)}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const sourcePool = Array.from({ length: Math.max(3, Math.ceil(region.sessions / 2.5)) }, () => uniqueId('eni'));
  const collectorPool = Array.from({ length: Math.max(2, Math.ceil(region.sessions / 12)) }, () => uniqueId('eni'));
  const slbPool = Array.from({ length: Math.max(1, Math.ceil(region.sessions / 40)) }, () => uniqueId('lb'));
  const filterPool = Array.from({ length: Math.max(2, Math.ceil(region.sessions / 10)) }, () => uniqueId('tmf'));

  const usedPriorities = new Set(fixed.map((s) => s.Priority));
  const priorities = pick
    .shuffle(Array.from({ length: count * 4 + 10 }, (_, i) => i + 1).filter((n) => !usedPriorities.has(n)))
    .slice(0, count);
  const usedNames = new Set(fixed.map((s) => s.TrafficMirrorSessionName));

  const out: WireTrafficMirrorSession[] = [
    ...fixed.map((s) => ({
      ...s,
      TrafficMirrorSourceIds: [...s.TrafficMirrorSourceIds],
      Tags: s.Tags.map((t) => ({ ...t })),
    })),
  ];
  for (let i = 0; i < count; i++) {
    const env = pick.weighted<string>([
      [ENVS[0], 5],
      [ENVS[1], 3],
      [ENVS[2], 2],
    ]);
    const app = pick.one(APPS);
    const team = pick.one(TEAMS);
    let name: string;
    if (pick.chance(0.1)) {
      name = pick.one(SPECIAL_NAMES);
    } else {
      name = `${env}-${app}-${pick.one(KINDS)}-${String(pick.int(1, 12)).padStart(2, '0')}`;
    }
    for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/-v\d+$/, '')}-v${n}`;
    usedNames.add(name);

    const targetType: TrafficMirrorTargetType = pick.chance(0.25) ? 'SLB' : 'NetworkInterface';
    const tags: WireTag[] = [];
    if (!pick.chance(0.2)) {
      tags.push({ Key: 'env', Value: env });
      if (pick.chance(0.7)) tags.push({ Key: 'team', Value: team });
      if (pick.chance(0.15))
        tags.push({
          Key: 'FinanceDept',
          Value: pick.weighted<string>([
            ['FinanceJoshua', 3],
            ['FinanceMaria', 1],
          ]),
        });
      if (pick.chance(0.2)) tags.push({ Key: 'CostCenter', Value: pick.one(['cc-1042', 'cc-2210', 'cc-3307']) });
      if (pick.chance(0.08)) tags.push({ Key: 'pii', Value: '' });
    }
    const created = now - Math.floor(pick.float() * TWO_YEARS_MS);
    out.push({
      TrafficMirrorTargetId: targetType === 'SLB' ? pick.one(slbPool) : pick.one(collectorPool),
      TrafficMirrorSessionId: uniqueId('tms'),
      Priority: priorities[i] ?? i + 1,
      TrafficMirrorTargetType: targetType,
      PacketLength: pick.chance(0.7) ? 1500 : pick.one([1450, 1400, 1380, 1024, 512, 256, 128]),
      TrafficMirrorSessionDescription: describe(pick, app, env, targetType),
      TrafficMirrorSessionStatus: pick.weighted<TrafficMirrorSessionStatus>([
        ['Created', 85],
        ['Creating', 5],
        ['Modifying', 5],
        ['Deleting', 5],
      ]),
      Enabled: pick.chance(0.7),
      TrafficMirrorSessionBusinessStatus: pick.chance(0.92) ? 'Normal' : 'FinancialLocked',
      VirtualNetworkId: pick.chance(0.4) ? pick.one([0, 1, 10, 100, 1000, 4096]) : pick.int(0, 16777215),
      TrafficMirrorFilterId: pick.one(filterPool),
      TrafficMirrorSessionName: name,
      TrafficMirrorSourceIds: pick.sample(
        sourcePool,
        pick.weighted<number>([
          [1, 5],
          [2, 3],
          [3, 2],
        ]),
      ),
      ResourceGroupId: pick.weighted<string>([
        [RESOURCE_GROUPS.default, 4],
        [RESOURCE_GROUPS.netops, 3],
        [RESOURCE_GROUPS.platform, 2],
        [RESOURCE_GROUPS.finance, 1],
      ]),
      Tags: tags,
      CreationTime: formatCreationTime(created),
    });
  }

  // Every status, both business statuses and both Enabled values appear in each region with room for them.
  const generated = out.slice(fixed.length);
  if (generated.length >= 5) {
    const [a, b, c, d, e] = pick.sample(generated, 5) as [
      WireTrafficMirrorSession,
      WireTrafficMirrorSession,
      WireTrafficMirrorSession,
      WireTrafficMirrorSession,
      WireTrafficMirrorSession,
    ];
    a.TrafficMirrorSessionStatus = 'Creating';
    b.TrafficMirrorSessionStatus = 'Modifying';
    c.TrafficMirrorSessionStatus = 'Deleting';
    d.TrafficMirrorSessionBusinessStatus = 'FinancialLocked';
    d.Enabled = false;
    e.TrafficMirrorSessionStatus = 'Created';
    e.TrafficMirrorSessionBusinessStatus = 'Normal';
    e.Enabled = true;
  }

  // Newest first, ties by id: the order pages are cut from.
  return out.sort((x, y) =>
    x.CreationTime === y.CreationTime
      ? x.TrafficMirrorSessionId < y.TrafficMirrorSessionId
        ? -1
        : 1
      : x.CreationTime < y.CreationTime
        ? 1
        : -1,
  );
}

export interface GenerateDatasetOptions {
  /** CreationTime values fall in the two years before this instant. Default DEFAULT_DATASET_NOW (fixed, so data repeats). */
  now?: number;
  regions?: readonly DatasetRegion[];
  totalCountAsString?: boolean;
}

export function generateDataset(seed: number = DEFAULT_DATASET_SEED, options: GenerateDatasetOptions = {}): Dataset {
  const pick = new Picker(createRng(seed));
  const now = options.now ?? DEFAULT_DATASET_NOW;
  const fixed = wellKnownSessions();
  const regions: Record<string, WireTrafficMirrorSession[]> = {};
  for (const region of options.regions ?? DATASET_REGIONS) {
    regions[region.regionId] = generateRegion(pick, region, fixed[region.regionId] ?? [], now);
  }
  const dataset: Dataset = { seed, regions };
  if (options.totalCountAsString) dataset.totalCountAsString = true;
  return dataset;
}
