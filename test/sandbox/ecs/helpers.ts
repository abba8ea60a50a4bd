/**
 * Clients for the stand-in's ECS and filter actions: pop-core with each product's API version, and the official
 * SDKs (@alicloud/ecs20140526, @alicloud/vpc20160428) in signature-V1 mode, so their own models parse the answers.
 */

import EcsClient from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import VpcClient from '@alicloud/vpc20160428';
import { KEY } from '../vpc/helpers';

const ECS_VERSION = '2014-05-26';
const VPC_VERSION = '2016-04-28';

export function popEcs(url: string): RPCClient {
  return new RPCClient({ endpoint: url, apiVersion: ECS_VERSION, ...KEY });
}

export function popVpc(url: string): RPCClient {
  return new RPCClient({ endpoint: url, apiVersion: VPC_VERSION, ...KEY });
}

/** See officialClient in ../vpc/helpers.ts: `signatureAlgorithm: 'v2'` makes the SDK sign V1 (HMAC-SHA1). */
function v1Config(port: number, regionId: string): $OpenApiUtil.Config {
  const config = new $OpenApiUtil.Config({
    accessKeyId: KEY.accessKeyId,
    accessKeySecret: KEY.accessKeySecret,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    regionId,
  });
  config.signatureAlgorithm = 'v2';
  return config;
}

export function officialEcs(port: number, regionId = 'cn-hongkong'): EcsClient {
  return new EcsClient(v1Config(port, regionId));
}

export function officialVpc(port: number, regionId = 'cn-hongkong'): VpcClient {
  return new VpcClient(v1Config(port, regionId));
}

interface WireEni {
  NetworkInterfaceId: string;
  NetworkInterfaceName: string;
  InstanceId: string;
  Type: string;
  Status: string;
  PrivateIpAddress: string;
  VpcId: string;
  VSwitchId: string;
  PrivateIpSets: { PrivateIpSet: Array<{ PrivateIpAddress: string; Primary: boolean }> };
}

export interface EniResponse {
  RequestId: string;
  NextToken?: string;
  TotalCount: number;
  PageNumber?: number;
  PageSize?: number;
  NetworkInterfaceSets: { NetworkInterfaceSet: WireEni[] };
}

interface WireInstance {
  InstanceId: string;
  InstanceName: string;
  Status: string;
  VpcAttributes: { VpcId: string; VSwitchId: string; PrivateIpAddress: { IpAddress: string[] } };
  NetworkInterfaces: {
    NetworkInterface: Array<{
      NetworkInterfaceId: string;
      Type: string;
      PrimaryIpAddress: string;
      PrivateIpSets: { PrivateIpSet: Array<{ PrivateIpAddress: string; Primary: boolean }> };
    }>;
  };
}

export interface InstanceResponse {
  RequestId: string;
  NextToken?: string;
  TotalCount: number;
  PageNumber?: number;
  PageSize?: number;
  Instances: { Instance: WireInstance[] };
}

interface WireRule {
  TrafficMirrorFilterRuleId: string;
  TrafficDirection: string;
  Priority: number;
  Action: string;
  Protocol: string;
  SourceCidrBlock: string;
  DestinationCidrBlock: string;
  SourcePortRange: string;
  DestinationPortRange: string;
  TrafficMirrorFilterRuleStatus: string;
}

export interface FilterResponse {
  RequestId: string;
  NextToken: string;
  TotalCount: number | string;
  TrafficMirrorFilters: Array<{
    TrafficMirrorFilterId: string;
    TrafficMirrorFilterName: string;
    IngressRules: WireRule[];
    EgressRules: WireRule[];
  }>;
}
