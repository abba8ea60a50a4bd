/**
 * ECS DescribeNetworkInterfaces and DescribeInstances (RPC API 2014-05-26), in their real JSON shape: ECS wraps
 * every list in an object named after its items (`NetworkInterfaceSets.NetworkInterfaceSet[]`,
 * `PrivateIpSets.PrivateIpSet[]`, `Instances.Instance[]`, `IpAddress[]`), unlike VPC's flat arrays.
 */
import type { ApiErrorSpec } from './errors';
import { invalidParameter } from './errors';
import type { EniRecord, InstanceRecord, RegionInventory } from './inventory';
import type { PageTokens, Parsed } from './list';
import { digestOf, ecsPaging, indexedList, MAX_LIST_ITEMS, optional, tokenPage } from './params';

export const ECS_API_VERSION = '2014-05-26';
/** The account that owns everything in the data set (OwnerId on the wire). */
export const OWNER_ID = '1234567890123456';

export interface ActionInput {
  action: string;
  region: string;
  inventory: RegionInventory;
  params: ReadonlyMap<string, string>;
  tokens: PageTokens;
}

export type ActionResult = Parsed<Record<string, unknown>>;

const ECS_NEXT_TOKEN: ApiErrorSpec = invalidParameter('The specified parameter NextToken is not valid.');
const INSTANCE_IDS_MALFORMED: ApiErrorSpec = {
  status: 400,
  code: 'InvalidInstanceIds.Malformed',
  message: 'The specified InstanceIds is not valid.',
};

function privateIpSets(eni: EniRecord): { PrivateIpSet: Array<{ PrivateIpAddress: string; Primary: boolean }> } {
  return { PrivateIpSet: eni.ips.map((ip, i) => ({ PrivateIpAddress: ip, Primary: i === 0 })) };
}

function wireNetworkInterface(eni: EniRecord, inventory: RegionInventory): Record<string, unknown> {
  return {
    NetworkInterfaceId: eni.id,
    NetworkInterfaceName: eni.name,
    Description: '',
    Type: eni.type,
    Status: 'InUse',
    InstanceId: eni.instanceId,
    PrivateIpAddress: eni.ips[0] ?? '',
    MacAddress: eni.mac,
    VpcId: inventory.vpcId,
    VSwitchId: eni.vSwitchId,
    ZoneId: eni.zoneId,
    ResourceGroupId: eni.resourceGroupId,
    CreationTime: eni.created,
    OwnerId: OWNER_ID,
    ServiceManaged: false,
    DeleteOnRelease: eni.type === 'Primary',
    NetworkInterfaceTrafficMode: 'Standard',
    QueueNumber: 2,
    SecurityGroupIds: { SecurityGroupId: [eni.securityGroupId] },
    PrivateIpSets: privateIpSets(eni),
    Ipv6Sets: { Ipv6Set: [] },
    Ipv4PrefixSets: { Ipv4PrefixSet: [] },
    Ipv6PrefixSets: { Ipv6PrefixSet: [] },
    Tags: { Tag: [] },
  };
}

interface EniQuestion {
  ids?: string[];
  ips?: string[];
  primaryIp?: string;
  instanceId?: string;
  vpcId?: string;
  vSwitchId?: string;
  type?: string;
  name?: string;
}

function eniMatches(eni: EniRecord, q: EniQuestion, inventory: RegionInventory): boolean {
  if (q.ids !== undefined && !q.ids.includes(eni.id)) return false;
  // PrivateIpAddress.N is documented as secondary IPs, yet the service finds an ENI by its primary IP too; the
  // stand-in matches either, and PrimaryIpAddress matches the primary only.
  if (q.ips !== undefined && !eni.ips.some((ip) => q.ips?.includes(ip))) return false;
  if (q.primaryIp !== undefined && eni.ips[0] !== q.primaryIp) return false;
  if (q.instanceId !== undefined && eni.instanceId !== q.instanceId) return false;
  if (q.vpcId !== undefined && inventory.vpcId !== q.vpcId) return false;
  if (q.vSwitchId !== undefined && eni.vSwitchId !== q.vSwitchId) return false;
  if (q.type !== undefined && eni.type !== q.type) return false;
  if (q.name !== undefined && eni.name !== q.name) return false;
  return true;
}

export function describeNetworkInterfaces(input: ActionInput): ActionResult {
  const { params, inventory } = input;
  const ids = indexedList(params, 'NetworkInterfaceId');
  if (!ids.ok) return ids;
  const ips = indexedList(params, 'PrivateIpAddress');
  if (!ips.ok) return ips;
  const q: EniQuestion = {};
  if (ids.value !== undefined) q.ids = ids.value;
  if (ips.value !== undefined) q.ips = ips.value;
  const single = ['PrimaryIpAddress', 'InstanceId', 'VpcId', 'VSwitchId', 'Type', 'NetworkInterfaceName'] as const;
  const keys = {
    PrimaryIpAddress: 'primaryIp',
    InstanceId: 'instanceId',
    VpcId: 'vpcId',
    VSwitchId: 'vSwitchId',
    Type: 'type',
    NetworkInterfaceName: 'name',
  } as const;
  for (const name of single) {
    const value = optional(params, name);
    if (value !== undefined) q[keys[name]] = value;
  }
  if (q.type !== undefined && q.type !== 'Primary' && q.type !== 'Secondary')
    return {
      ok: false,
      error: invalidParameter('The specified parameter Type is not valid. Valid values: Primary, Secondary.'),
    };

  const paging = ecsPaging(params, 500, 1000);
  if (!paging.ok) return paging;
  const matching = inventory.enis.filter((e) => eniMatches(e, q, inventory));
  const render = (list: readonly EniRecord[]) => ({
    NetworkInterfaceSet: list.map((e) => wireNetworkInterface(e, inventory)),
  });
  if (paging.value.mode === 'page') {
    const { pageNumber, pageSize } = paging.value;
    const start = (pageNumber - 1) * pageSize;
    return {
      ok: true,
      value: {
        PageNumber: pageNumber,
        PageSize: pageSize,
        TotalCount: matching.length,
        NetworkInterfaceSets: render(matching.slice(start, start + pageSize)),
      },
    };
  }
  const digest = digestOf(input.action, input.region, { ...q });
  const page = tokenPage(
    matching,
    digest,
    paging.value.maxResults,
    paging.value.nextToken,
    input.tokens,
    ECS_NEXT_TOKEN,
  );
  if (!page.ok) return page;
  return {
    ok: true,
    value: {
      NextToken: page.value.nextToken,
      // The docs call TotalCount meaningless with MaxResults/NextToken; here it counts this page only, so a client
      // that totals by it instead of following NextToken shows up in tests.
      TotalCount: page.value.items.length,
      NetworkInterfaceSets: render(page.value.items),
    },
  };
}

const FAMILY = /^(ecs\.[a-z0-9]+)\./;
const SIZES: Record<string, { Cpu: number; Memory: number }> = {
  large: { Cpu: 2, Memory: 8192 },
  xlarge: { Cpu: 4, Memory: 16384 },
  '2xlarge': { Cpu: 8, Memory: 16384 },
};

function wireInstance(instance: InstanceRecord, region: string, inventory: RegionInventory): Record<string, unknown> {
  const enis = inventory.enis.filter((e) => e.instanceId === instance.id);
  const primary = enis.find((e) => e.type === 'Primary') ?? enis[0];
  const size = SIZES[instance.instanceType.split('.').pop() ?? ''] ?? { Cpu: 2, Memory: 4096 };
  return {
    InstanceId: instance.id,
    InstanceName: instance.name,
    HostName: instance.name,
    Description: '',
    Status: instance.status,
    RegionId: region,
    ZoneId: instance.zoneId,
    InstanceType: instance.instanceType,
    InstanceTypeFamily: FAMILY.exec(instance.instanceType)?.[1] ?? '',
    Cpu: size.Cpu,
    Memory: size.Memory,
    OSType: 'linux',
    OSName: 'Alibaba Cloud Linux  3.2104 LTS 64位',
    OSNameEn: 'Alibaba Cloud Linux  3.2104 LTS 64 bit',
    ImageId: 'aliyun_3_x64_20G_alibase_20250629.vhd',
    InstanceNetworkType: 'vpc',
    InstanceChargeType: 'PostPaid',
    InternetChargeType: 'PayByTraffic',
    InternetMaxBandwidthIn: 0,
    InternetMaxBandwidthOut: 0,
    IoOptimized: true,
    DeletionProtection: false,
    StoppedMode: instance.status === 'Stopped' ? 'KeepCharging' : 'Not-applicable',
    CreationTime: instance.created,
    StartTime: instance.created,
    ExpiredTime: '2099-12-31T15:59Z',
    ResourceGroupId: instance.resourceGroupId,
    SerialNumber: `${instance.id.slice(2, 10)}-0000-4000-8000-${instance.id.slice(-12).padStart(12, '0')}`,
    VpcAttributes: {
      VpcId: inventory.vpcId,
      VSwitchId: instance.vSwitchId,
      NatIpAddress: '',
      PrivateIpAddress: { IpAddress: primary?.ips[0] === undefined ? [] : [primary.ips[0]] },
    },
    NetworkInterfaces: {
      NetworkInterface: enis.map((e) => ({
        NetworkInterfaceId: e.id,
        Type: e.type,
        MacAddress: e.mac,
        PrimaryIpAddress: e.ips[0] ?? '',
        PrivateIpSets: privateIpSets(e),
      })),
    },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: [] },
    RdmaIpAddress: { IpAddress: [] },
    EipAddress: { AllocationId: '', IpAddress: '', InternetChargeType: '' },
    SecurityGroupIds: { SecurityGroupId: [...new Set(enis.map((e) => e.securityGroupId))] },
    Tags: { Tag: instance.tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })) },
    OperationLocks: { LockReason: [] },
  };
}

/** InstanceIds is a JSON array string, as the real API takes it: `["i-a","i-b"]`. */
function parseInstanceIds(raw: string | undefined): Parsed<string[] | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, error: INSTANCE_IDS_MALFORMED };
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_LIST_ITEMS || !parsed.every((v) => typeof v === 'string'))
    return { ok: false, error: INSTANCE_IDS_MALFORMED };
  return { ok: true, value: parsed.length === 0 ? undefined : (parsed as string[]) };
}

export function describeInstances(input: ActionInput): ActionResult {
  const { params, inventory, region } = input;
  const ids = parseInstanceIds(optional(params, 'InstanceIds'));
  if (!ids.ok) return ids;
  const vpcId = optional(params, 'VpcId');
  const vSwitchId = optional(params, 'VSwitchId');
  const name = optional(params, 'InstanceName');
  const paging = ecsPaging(params, 100, 100);
  if (!paging.ok) return paging;
  const matching = inventory.instances.filter(
    (i) =>
      (ids.value === undefined || ids.value.includes(i.id)) &&
      (vpcId === undefined || vpcId === inventory.vpcId) &&
      (vSwitchId === undefined || vSwitchId === i.vSwitchId) &&
      (name === undefined || name === i.name),
  );
  const render = (list: readonly InstanceRecord[]) => ({
    Instance: list.map((i) => wireInstance(i, region, inventory)),
  });
  if (paging.value.mode === 'page') {
    const { pageNumber, pageSize } = paging.value;
    const start = (pageNumber - 1) * pageSize;
    return {
      ok: true,
      value: {
        PageNumber: pageNumber,
        PageSize: pageSize,
        TotalCount: matching.length,
        Instances: render(matching.slice(start, start + pageSize)),
      },
    };
  }
  const digest = digestOf(input.action, region, {
    ids: ids.value === undefined ? null : [...ids.value].sort(),
    vpcId: vpcId ?? null,
    vSwitchId: vSwitchId ?? null,
    name: name ?? null,
  });
  const page = tokenPage(
    matching,
    digest,
    paging.value.maxResults,
    paging.value.nextToken,
    input.tokens,
    ECS_NEXT_TOKEN,
  );
  if (!page.ok) return page;
  return {
    ok: true,
    value: {
      NextToken: page.value.nextToken,
      TotalCount: page.value.items.length,
      Instances: render(page.value.items),
    },
  };
}
