/**
 * What the sessions point at: the ECS instances and ENIs behind their sources and targets, and the traffic mirror
 * filters they name. Derived from the sessions with its own seeded generator, so the sessions (and every test that
 * counts them) are the same with or without it.
 *
 * Invariants: every ENI a session names belongs to an instance, except DELETED_ENI (released, as if someone
 * deleted the host); every ENI has a primary private IP; some instances have two ENIs; every filter a session names
 * exists and has rules, except EMPTY_FILTER.
 */
import { createRng, DATASET_REGIONS, WELL_KNOWN, type WireTrafficMirrorSession } from './dataset';

type EniType = 'Primary' | 'Secondary';
type InstanceStatus = 'Running' | 'Stopped';
type FilterRuleAction = 'accept' | 'drop';
type FilterRuleProtocol = 'ALL' | 'ICMP' | 'TCP' | 'UDP';
type MirrorStatus = 'Creating' | 'Created' | 'Modifying' | 'Deleting';

export interface EniRecord {
  id: string;
  name: string;
  instanceId: string;
  type: EniType;
  /** The first is the primary private IP. */
  ips: string[];
  vSwitchId: string;
  zoneId: string;
  mac: string;
  securityGroupId: string;
  resourceGroupId: string;
  /** `YYYY-MM-DDTHH:mm:ssZ`, as ECS formats an ENI's CreationTime. */
  created: string;
}

export interface InstanceRecord {
  id: string;
  name: string;
  status: InstanceStatus;
  zoneId: string;
  vSwitchId: string;
  instanceType: string;
  resourceGroupId: string;
  /** `YYYY-MM-DDTHH:mmZ`, as ECS formats an instance's CreationTime. */
  created: string;
  tags: Array<{ TagKey: string; TagValue: string }>;
}

/** One rule exactly as ListTrafficMirrorFilters puts it on the wire. */
interface WireTrafficMirrorFilterRule {
  TrafficMirrorFilterRuleId: string;
  TrafficMirrorFilterId: string;
  TrafficDirection: 'ingress' | 'egress';
  Priority: number;
  Action: FilterRuleAction;
  Protocol: FilterRuleProtocol;
  SourceCidrBlock: string;
  DestinationCidrBlock: string;
  /** `from/to`; `-1/-1` for ALL and ICMP. */
  SourcePortRange: string;
  DestinationPortRange: string;
  IpVersion: 'IPv4';
  TrafficMirrorFilterRuleStatus: MirrorStatus;
}

/** One filter exactly as ListTrafficMirrorFilters puts it on the wire (flat arrays, unlike ECS). */
export interface WireTrafficMirrorFilter {
  TrafficMirrorFilterId: string;
  TrafficMirrorFilterName: string;
  TrafficMirrorFilterDescription: string;
  TrafficMirrorFilterStatus: MirrorStatus;
  ResourceGroupId: string;
  CreationTime: string;
  Tags: Array<{ Key: string; Value: string }>;
  IngressRules: WireTrafficMirrorFilterRule[];
  EgressRules: WireTrafficMirrorFilterRule[];
}

export interface RegionInventory {
  vpcId: string;
  vSwitches: Array<{ id: string; zoneId: string; cidr: string }>;
  instances: InstanceRecord[];
  enis: EniRecord[];
  filters: WireTrafficMirrorFilter[];
}

export interface Inventory {
  regions: Record<string, RegionInventory>;
}

/**
 * Demo and test fixtures that hold for every seed (cn-hongkong). `/mirrors cn-hongkong 10.20.1.15` and
 * `/mirrors i-j6cb7v2fin0ledgr0001` find sessions out of the box.
 */
export const ECS_WELL_KNOWN = {
  region: 'cn-hongkong',
  vpcId: 'vpc-j6c4tq2m9x0wyk7n3e01',
  /** finance-ledger-01: primary ENI FINANCE_SOURCE_ENI, secondary ENI SHARED_SOURCE_ENI. */
  FINANCE_INSTANCE: 'i-j6cb7v2fin0ledgr0001',
  FINANCE_INSTANCE_NAME: 'finance-ledger-01',
  /** The primary private IP of FINANCE_SOURCE_ENI: a source of finance-ids-tap. The README's demo IP. */
  DEMO_IP: '10.20.1.15',
  /** A secondary private IP of FINANCE_SOURCE_ENI. */
  FINANCE_SECONDARY_IP: '10.20.1.16',
  /** The primary private IP of SHARED_SOURCE_ENI (the finance instance's secondary ENI). */
  SHARED_SOURCE_IP: '10.20.2.21',
  PAYMENTS_INSTANCE: 'i-j6cp4ym8nts0api00001',
  PAYMENTS_INSTANCE_NAME: 'payments-api-01',
  PAYMENTS_SOURCE_IP: '10.20.3.7',
  COLLECTOR_INSTANCE: 'i-j6cid5c0llect0r00001',
  COLLECTOR_INSTANCE_NAME: 'ids-collector-01',
  COLLECTOR_IP: '10.20.8.10',
  /** An instance no session mirrors. */
  BASTION_INSTANCE: 'i-j6cb45t10nh0st000001',
  BASTION_INSTANCE_NAME: 'bastion-01',
  BASTION_ENI: 'eni-j6cb45t10nh0st000001',
  BASTION_IP: '10.20.9.5',
  /** An IP no ENI holds. */
  UNKNOWN_IP: '10.20.250.250',
  /** The only source of legacy-untagged-tap; released, so DescribeNetworkInterfaces no longer knows it. */
  DELETED_ENI: WELL_KNOWN.LEGACY_SOURCE_ENI,
  /** The filter of legacy-untagged-tap: it exists but has no rules. */
  EMPTY_FILTER: 'tmf-j6cmls82xnc86vtpe002',
  FINANCE_FILTER: WELL_KNOWN.FINANCE_FILTER,
} as const;

const INVENTORY_SALT = 0x5eedec5;
const FINANCE_SG = 'sg-j6c3fn8k2x0z9q1w0001';

function fixedHongKong(regionOf: RegionInventory): void {
  const W = WELL_KNOWN;
  const E = ECS_WELL_KNOWN;
  const [vswA, vswB] = regionOf.vSwitches as [
    RegionInventory['vSwitches'][number],
    RegionInventory['vSwitches'][number],
  ];
  const instance = (
    id: string,
    name: string,
    tags: InstanceRecord['tags'],
    resourceGroupId: string,
  ): InstanceRecord => ({
    id,
    name,
    status: 'Running',
    zoneId: vswA.zoneId,
    vSwitchId: vswA.id,
    instanceType: 'ecs.g7.xlarge',
    resourceGroupId,
    created: '2025-08-20T03:15Z',
    tags,
  });
  const eni = (
    id: string,
    instanceId: string,
    type: EniType,
    ips: string[],
    vsw: RegionInventory['vSwitches'][number],
    resourceGroupId: string,
    mac: string,
  ): EniRecord => ({
    id,
    name: type === 'Primary' ? '' : `${instanceId}-secondary`,
    instanceId,
    type,
    ips,
    vSwitchId: vsw.id,
    zoneId: vsw.zoneId,
    mac,
    securityGroupId: FINANCE_SG,
    resourceGroupId,
    created: '2025-08-20T03:15:42Z',
  });
  const finance = 'rg-acfmxazb4ph6aiy';
  const netops = 'rg-acfmzw2jz2z3rsa';
  regionOf.instances.push(
    instance(
      E.FINANCE_INSTANCE,
      E.FINANCE_INSTANCE_NAME,
      [{ TagKey: 'FinanceDept', TagValue: 'FinanceJoshua' }],
      finance,
    ),
    instance(E.PAYMENTS_INSTANCE, E.PAYMENTS_INSTANCE_NAME, [{ TagKey: 'team', TagValue: 'payments' }], netops),
    instance(E.COLLECTOR_INSTANCE, E.COLLECTOR_INSTANCE_NAME, [{ TagKey: 'team', TagValue: 'secops' }], netops),
    instance(E.BASTION_INSTANCE, E.BASTION_INSTANCE_NAME, [], netops),
  );
  regionOf.enis.push(
    eni(
      W.FINANCE_SOURCE_ENI,
      E.FINANCE_INSTANCE,
      'Primary',
      [E.DEMO_IP, E.FINANCE_SECONDARY_IP],
      vswA,
      finance,
      '00:16:3e:0f:01:15',
    ),
    eni(W.SHARED_SOURCE_ENI, E.FINANCE_INSTANCE, 'Secondary', [E.SHARED_SOURCE_IP], vswA, finance, '00:16:3e:0f:02:21'),
    eni(
      W.PAYMENTS_SOURCE_ENI,
      E.PAYMENTS_INSTANCE,
      'Primary',
      [E.PAYMENTS_SOURCE_IP],
      vswA,
      netops,
      '00:16:3e:0f:03:07',
    ),
    eni(W.COLLECTOR_ENI, E.COLLECTOR_INSTANCE, 'Primary', [E.COLLECTOR_IP], vswA, netops, '00:16:3e:0f:08:10'),
    eni(E.BASTION_ENI, E.BASTION_INSTANCE, 'Primary', [E.BASTION_IP], vswB, netops, '00:16:3e:0f:09:05'),
  );
  const rule = (
    n: number,
    direction: 'ingress' | 'egress',
    priority: number,
    action: FilterRuleAction,
    protocol: FilterRuleProtocol,
    source: string,
    destination: string,
    ports: string,
  ): WireTrafficMirrorFilterRule => ({
    TrafficMirrorFilterRuleId: `tmr-j6cfin4nc3rul3s0000${n}`,
    TrafficMirrorFilterId: W.FINANCE_FILTER,
    TrafficDirection: direction,
    Priority: priority,
    Action: action,
    Protocol: protocol,
    SourceCidrBlock: source,
    DestinationCidrBlock: destination,
    SourcePortRange: protocol === 'TCP' || protocol === 'UDP' ? '1/65535' : '-1/-1',
    DestinationPortRange: protocol === 'TCP' || protocol === 'UDP' ? ports : '-1/-1',
    IpVersion: 'IPv4',
    TrafficMirrorFilterRuleStatus: 'Created',
  });
  regionOf.filters.push(
    {
      TrafficMirrorFilterId: W.FINANCE_FILTER,
      TrafficMirrorFilterName: 'finance-web-and-db',
      TrafficMirrorFilterDescription: 'HTTPS and PostgreSQL into the finance subnet; everything out.',
      TrafficMirrorFilterStatus: 'Created',
      ResourceGroupId: finance,
      CreationTime: '2025-09-05T15:20:11Z',
      Tags: [{ Key: 'FinanceDept', Value: 'FinanceJoshua' }],
      IngressRules: [
        rule(1, 'ingress', 1, 'accept', 'TCP', '0.0.0.0/0', '10.20.0.0/16', '443/443'),
        rule(2, 'ingress', 2, 'accept', 'TCP', '10.20.0.0/16', '10.20.1.0/24', '5432/5432'),
        rule(3, 'ingress', 3, 'drop', 'ALL', '0.0.0.0/0', '0.0.0.0/0', '-1/-1'),
      ],
      EgressRules: [rule(4, 'egress', 1, 'accept', 'ALL', '10.20.0.0/16', '0.0.0.0/0', '-1/-1')],
    },
    {
      TrafficMirrorFilterId: E.EMPTY_FILTER,
      TrafficMirrorFilterName: 'legacy-filter',
      TrafficMirrorFilterDescription: 'Rules removed during the 2026 clean-up.',
      TrafficMirrorFilterStatus: 'Created',
      ResourceGroupId: 'rg-acfmy7bs5zyrmsq',
      CreationTime: '2024-03-02T08:00:00Z',
      Tags: [],
      IngressRules: [],
      EgressRules: [],
    },
  );
}

const APPS = ['web', 'api', 'db', 'kafka', 'redis', 'auth', 'search', 'billing', 'orders', 'ingress'];
const TYPES = ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.c7.2xlarge', 'ecs.r7.large', 'ecs.g6.large'];
const GROUPS = ['rg-acfmy7bs5zyrmsq', 'rg-acfmzw2jz2z3rsa', 'rg-aek2x4ovrfkm7mi', 'rg-acfmxazb4ph6aiy'];

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The 3-character prefix Alibaba puts in ids created in this region, read off the sessions' own ids. */
function prefixOf(sessions: readonly WireTrafficMirrorSession[], regionId: string): string {
  const listed = DATASET_REGIONS.find((r) => r.regionId === regionId);
  if (listed !== undefined) return listed.prefix;
  const id = sessions[0]?.TrafficMirrorSessionId;
  const match = id === undefined ? null : /^tms-([a-z0-9]{3})/.exec(id);
  if (match?.[1] !== undefined) return match[1];
  const clean = regionId.replace(/[^a-z0-9]/g, '');
  return `${clean}zzz`.slice(0, 3);
}

function generateRegion(
  rng: () => number,
  regionId: string,
  index: number,
  sessions: readonly WireTrafficMirrorSession[],
): RegionInventory {
  const int = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const one = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const alnum = (n: number): string => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
    return out;
  };
  const p = prefixOf(sessions, regionId);
  const usedIds = new Set<string>();
  const uniqueId = (kind: string, length = 17): string => {
    for (;;) {
      const id = `${kind}-${p}${alnum(length)}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const hk = regionId === ECS_WELL_KNOWN.region;
  const second = 20 + ((index * 10) % 230);
  const zones = [`${regionId}-b`, `${regionId}-c`];
  const inv: RegionInventory = {
    vpcId: hk ? ECS_WELL_KNOWN.vpcId : uniqueId('vpc'),
    vSwitches: zones.map((zoneId, i) => ({
      id: hk && i === 0 ? 'vsw-j6c2kq8v0x5m1n7b4r01' : hk ? 'vsw-j6c9w3e5r7t1y3u5i7o2' : uniqueId('vsw'),
      zoneId,
      cidr: `10.${second}.${i * 16}.0/20`,
    })),
    instances: [],
    enis: [],
    filters: [],
  };
  if (hk) fixedHongKong(inv);

  const usedIps = new Set(inv.enis.flatMap((e) => e.ips));
  usedIps.add(ECS_WELL_KNOWN.UNKNOWN_IP);
  const nextIp = inv.vSwitches.map((v) => ipToInt(v.cidr.split('/')[0] ?? '0.0.0.0') + 10);
  const allocate = (vsw: number): string => {
    for (;;) {
      const ip = intToIp(nextIp[vsw] ?? 0);
      nextIp[vsw] = (nextIp[vsw] ?? 0) + 1;
      if (!usedIps.has(ip)) {
        usedIps.add(ip);
        return ip;
      }
    }
  };

  const known = new Set<string>([...inv.enis.map((e) => e.id), ECS_WELL_KNOWN.DELETED_ENI]);
  const sources: string[] = [];
  const targets: string[] = [];
  for (const s of sessions) {
    for (const id of s.TrafficMirrorSourceIds) if (!known.has(id) && !sources.includes(id)) sources.push(id);
    if (s.TrafficMirrorTargetType === 'NetworkInterface' && !known.has(s.TrafficMirrorTargetId)) {
      if (!targets.includes(s.TrafficMirrorTargetId)) targets.push(s.TrafficMirrorTargetId);
    }
  }
  const collectors = targets.filter((id) => !sources.includes(id));
  for (const id of [...sources, ...collectors]) usedIds.add(id);

  const counters = new Map<string, number>();
  const named = (base: string): string => {
    const n = (counters.get(base) ?? 0) + 1;
    counters.set(base, n);
    return `${base}-${String(n).padStart(2, '0')}`;
  };
  const makeInstance = (name: string, enis: string[]): void => {
    const vsw = int(0, inv.vSwitches.length - 1);
    const vSwitch = inv.vSwitches[vsw] ?? inv.vSwitches[0];
    if (vSwitch === undefined) return;
    const id = uniqueId('i');
    const resourceGroupId = one(GROUPS);
    const month = String(int(1, 12)).padStart(2, '0');
    const day = String(int(1, 28)).padStart(2, '0');
    const hour = String(int(0, 23)).padStart(2, '0');
    const minute = String(int(0, 59)).padStart(2, '0');
    const year = int(2024, 2025);
    inv.instances.push({
      id,
      name,
      status: rng() < 0.9 ? 'Running' : 'Stopped',
      zoneId: vSwitch.zoneId,
      vSwitchId: vSwitch.id,
      instanceType: one(TYPES),
      resourceGroupId,
      created: `${year}-${month}-${day}T${hour}:${minute}Z`,
      tags: [{ TagKey: 'app', TagValue: name.replace(/-\d+$/, '') }],
    });
    enis.forEach((eniId, i) => {
      const ips = [allocate(vsw)];
      // Some ENIs carry secondary private IPs (a VIP, a container range).
      if (rng() < 0.3) for (let k = int(1, 2); k > 0; k--) ips.push(allocate(vsw));
      inv.enis.push({
        id: eniId,
        name: i === 0 ? '' : `${name}-eni${i}`,
        instanceId: id,
        type: i === 0 ? 'Primary' : 'Secondary',
        ips,
        vSwitchId: vSwitch.id,
        zoneId: vSwitch.zoneId,
        mac: `00:16:3e:${[int(0, 255), int(0, 255), int(0, 255)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`,
        securityGroupId: `sg-${p}${alnum(17)}`,
        resourceGroupId,
        created: `${year}-${month}-${day}T${hour}:${minute}:${String(int(0, 59)).padStart(2, '0')}Z`,
      });
    });
  };

  // About one source instance in four holds two mirrored ENIs (a primary and a secondary).
  for (let i = 0; i < sources.length; ) {
    const first = sources[i] as string;
    const pairWith = sources[i + 1];
    const env = one(['prod', 'prod', 'staging', 'dev']);
    const name = named(`${env}-${one(APPS)}`);
    if (pairWith !== undefined && rng() < 0.25) {
      makeInstance(name, [first, pairWith]);
      i += 2;
    } else {
      makeInstance(name, [first]);
      i += 1;
    }
  }
  for (const id of collectors) makeInstance(named('ids-collector'), [id]);
  // Hosts nobody mirrors: an IP or instance lookup can resolve to an ENI with no sessions.
  for (let k = 0; k < 2; k++) makeInstance(named(one(['jump', 'build', 'monitor'])), [uniqueId('eni')]);

  const filterIds: string[] = [];
  for (const s of sessions) {
    const id = s.TrafficMirrorFilterId;
    if (!filterIds.includes(id) && !inv.filters.some((f) => f.TrafficMirrorFilterId === id)) filterIds.push(id);
  }
  for (const id of filterIds) usedIds.add(id);
  const cidr = `10.${second}.0.0/16`;
  const makeRule = (
    filterId: string,
    direction: 'ingress' | 'egress',
    priority: number,
  ): WireTrafficMirrorFilterRule => {
    const protocol = one<FilterRuleProtocol>(['TCP', 'TCP', 'UDP', 'ALL', 'ICMP']);
    const port = one([22, 53, 80, 443, 3306, 5432, 6379, 8080, 9092]);
    const ported = protocol === 'TCP' || protocol === 'UDP';
    return {
      TrafficMirrorFilterRuleId: uniqueId('tmr'),
      TrafficMirrorFilterId: filterId,
      TrafficDirection: direction,
      Priority: priority,
      Action: rng() < 0.8 ? 'accept' : 'drop',
      Protocol: protocol,
      SourceCidrBlock: direction === 'ingress' ? one(['0.0.0.0/0', cidr]) : cidr,
      DestinationCidrBlock: direction === 'ingress' ? cidr : one(['0.0.0.0/0', cidr]),
      SourcePortRange: ported ? '1/65535' : '-1/-1',
      DestinationPortRange: ported ? `${port}/${port}` : '-1/-1',
      IpVersion: 'IPv4',
      TrafficMirrorFilterRuleStatus: rng() < 0.95 ? 'Created' : 'Modifying',
    };
  };
  const makeFilter = (id: string): void => {
    const app = one(APPS);
    const ingress = int(1, 3);
    const egress = int(0, 2);
    inv.filters.push({
      TrafficMirrorFilterId: id,
      TrafficMirrorFilterName: `${app}-mirror-filter-${alnum(4)}`,
      TrafficMirrorFilterDescription: rng() < 0.5 ? `Traffic of interest for ${app}.` : '',
      TrafficMirrorFilterStatus: 'Created',
      ResourceGroupId: one(GROUPS),
      CreationTime: `${int(2024, 2025)}-0${int(1, 9)}-1${int(0, 9)}T0${int(0, 9)}:${int(10, 59)}:${int(10, 59)}Z`,
      Tags: [],
      IngressRules: Array.from({ length: ingress }, (_, i) => makeRule(id, 'ingress', i + 1)),
      EgressRules: Array.from({ length: egress }, (_, i) => makeRule(id, 'egress', i + 1)),
    });
  };
  for (const id of filterIds) makeFilter(id);
  // One filter no session uses yet, as an account accumulates.
  makeFilter(uniqueId('tmf'));
  return inv;
}

/** The instances, ENIs and filters behind a data set's sessions; one seed always yields the same inventory. */
export function generateInventory(
  seed: number,
  regions: Record<string, readonly WireTrafficMirrorSession[]>,
): Inventory {
  const rng = createRng((seed ^ INVENTORY_SALT) >>> 0);
  const out: Inventory = { regions: {} };
  Object.entries(regions).forEach(([regionId, sessions], index) => {
    out.regions[regionId] = generateRegion(rng, regionId, index, sessions);
  });
  return out;
}
