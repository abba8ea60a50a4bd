/**
 * ECS DescribeNetworkInterfaces and DescribeInstances (RPC, 2014-05-26): wire parameters and parsing. ECS wraps its
 * lists (`NetworkInterfaceSets.NetworkInterfaceSet[]`, `PrivateIpSets.PrivateIpSet[]`, `Instances.Instance[]`);
 * some gateways and SDK versions flatten them, so both shapes are read, with runtime guards only.
 */
import { isRecord } from '../guards';
import { asBoolean, asList, asText } from './parse';
import type { PopParamValue } from './pop-client';

export const ECS_API_VERSION = '2014-05-26';
export const DESCRIBE_ENIS = 'DescribeNetworkInterfaces';
export const DESCRIBE_INSTANCES = 'DescribeInstances';
/** Up to 500 ENIs a page with MaxResults; the ids list takes 100. */
const ENI_PAGE_SIZE = 100;
export const INSTANCE_IDS_MAX = 100;

/** One ENI, in our words. */
export interface NetworkInterface {
  id: string;
  name: string;
  /** '' when the ENI is attached to nothing. */
  instanceId: string;
  /** Primary | Secondary */
  type: string;
  status: string;
  primaryIp: string;
  /** Every private IPv4, the primary first. */
  privateIps: string[];
  vSwitchId: string;
  vpcId: string;
}

export interface Instance {
  id: string;
  name: string;
  status: string;
}

/** What DescribeNetworkInterfaces is asked: ENIs by IP, by instance, or by id. */
export type EniQuery =
  | { by: 'ip'; ip: string; primary?: boolean }
  | { by: 'instance'; instanceId: string }
  | { by: 'ids'; ids: readonly string[] };

export function eniParams(region: string, query: EniQuery, nextToken?: string): Record<string, PopParamValue> {
  const params: Record<string, PopParamValue> = { RegionId: region, MaxResults: ENI_PAGE_SIZE };
  if (nextToken !== undefined) params.NextToken = nextToken;
  // PrivateIpAddress.N is documented as the secondary IPs and PrimaryIpAddress as the primary: asked both ways.
  if (query.by === 'ip') {
    if (query.primary) params.PrimaryIpAddress = query.ip;
    else params.PrivateIpAddress = [query.ip];
  } else if (query.by === 'instance') params.InstanceId = query.instanceId;
  else params.NetworkInterfaceId = [...query.ids];
  return params;
}

export function instanceParams(
  region: string,
  ids: readonly string[],
  nextToken?: string,
): Record<string, PopParamValue> {
  // InstanceIds is one parameter holding a JSON array, not InstanceIds.N.
  const params: Record<string, PopParamValue> = {
    RegionId: region,
    InstanceIds: JSON.stringify(ids),
    MaxResults: INSTANCE_IDS_MAX,
  };
  if (nextToken !== undefined) params.NextToken = nextToken;
  return params;
}

function parseEni(raw: Record<string, unknown>): NetworkInterface {
  const primaryIp = asText(raw.PrivateIpAddress);
  const ips: string[] = [];
  let primaryFromSet = '';
  for (const item of asList(raw.PrivateIpSets)) {
    if (!isRecord(item)) continue;
    const ip = asText(item.PrivateIpAddress);
    if (ip === '') continue;
    if (asBoolean(item.Primary)) primaryFromSet = ip;
    if (!ips.includes(ip)) ips.push(ip);
  }
  const primary = primaryIp || primaryFromSet || (ips[0] ?? '');
  const privateIps = primary === '' ? ips : [primary, ...ips.filter((ip) => ip !== primary)];
  return {
    id: asText(raw.NetworkInterfaceId),
    name: asText(raw.NetworkInterfaceName),
    instanceId: asText(raw.InstanceId),
    type: asText(raw.Type),
    status: asText(raw.Status),
    primaryIp: primary,
    privateIps,
    vSwitchId: asText(raw.VSwitchId),
    vpcId: asText(raw.VpcId),
  };
}

export interface Listed<T> {
  items: T[];
  nextToken: string | undefined;
}

function tokenOf(json: Record<string, unknown>): string | undefined {
  const token = asText(json.NextToken).trim();
  return token === '' ? undefined : token;
}

export function parseNetworkInterfaces(json: Record<string, unknown>): Listed<NetworkInterface> {
  const items = asList(json.NetworkInterfaceSets)
    .filter(isRecord)
    .map(parseEni)
    .filter((eni) => eni.id !== '');
  return { items, nextToken: tokenOf(json) };
}

export function parseInstances(json: Record<string, unknown>): Listed<Instance> {
  const items = asList(json.Instances)
    .filter(isRecord)
    .map((raw) => ({ id: asText(raw.InstanceId), name: asText(raw.InstanceName), status: asText(raw.Status) }))
    .filter((instance) => instance.id !== '');
  return { items, nextToken: tokenOf(json) };
}
