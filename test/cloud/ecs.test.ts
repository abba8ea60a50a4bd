import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eniParams, instanceParams, parseInstances, parseNetworkInterfaces } from '../../src/cloud/ecs';
import { ECS_ENDPOINT_MAP, ECS_ENDPOINTS, hostNamesRegion, productEndpoint } from '../../src/cloud/endpoint';
import { filterParams, parseFilters } from '../../src/cloud/mirror-filters';

const WRAPPED_ENI = {
  NetworkInterfaceId: 'eni-j6c8znm5l1yt4sox0002',
  NetworkInterfaceName: 'ledger-primary',
  InstanceId: 'i-j6cb7v2fin0ledgr0001',
  Type: 'Primary',
  Status: 'InUse',
  PrivateIpAddress: '10.20.1.15',
  VSwitchId: 'vsw-j6c1',
  VpcId: 'vpc-j6c1',
  PrivateIpSets: {
    PrivateIpSet: [
      { PrivateIpAddress: '10.20.1.16', Primary: false },
      { PrivateIpAddress: '10.20.1.15', Primary: true },
    ],
  },
};

describe('ECS endpoints', () => {
  it('follow the official SDK: regional, with ecs-cn-hangzhou for the central regions', () => {
    expect(productEndpoint(ECS_ENDPOINTS, 'cn-hongkong')).toBe('https://ecs.cn-hongkong.aliyuncs.com');
    expect(productEndpoint(ECS_ENDPOINTS, 'cn-hangzhou')).toBe('https://ecs-cn-hangzhou.aliyuncs.com');
    expect(productEndpoint(ECS_ENDPOINTS, 'cn-shanghai-finance-1')).toBe('https://ecs-cn-hangzhou.aliyuncs.com');
    expect(productEndpoint(ECS_ENDPOINTS, 'cn-wuhan')).toBe('https://ecs.aliyuncs.com');
    expect(hostNamesRegion('cn-hangzhou', undefined, ECS_ENDPOINTS)).toBe(false);
    expect(hostNamesRegion('cn-hongkong', undefined, ECS_ENDPOINTS)).toBe(true);
  });

  it('is the table of the installed @alicloud/ecs20140526, entry for entry', () => {
    const source = readFileSync(require.resolve('@alicloud/ecs20140526/dist/client.js'), 'utf8');
    const map = /_endpointMap = \{([^}]*)\}/.exec(source)?.[1] ?? '';
    const entries = [...map.matchAll(/'([a-z0-9-]+)': "([a-z0-9.-]+)"/g)].map((m) => [m[1], m[2]]);
    expect(entries.length).toBeGreaterThan(10);
    expect(Object.fromEntries(entries)).toEqual(ECS_ENDPOINT_MAP);
  });

  it('ALIBABA_CLOUD_ECS_ENDPOINT overrides, with {region} or as a full URL', () => {
    expect(productEndpoint(ECS_ENDPOINTS, 'cn-hongkong', 'ecs-vpc.{region}.aliyuncs.com')).toBe(
      'https://ecs-vpc.cn-hongkong.aliyuncs.com',
    );
    expect(productEndpoint(ECS_ENDPOINTS, 'cn-hangzhou', 'http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000');
    expect(() => productEndpoint(ECS_ENDPOINTS, 'cn-hongkong', 'ftp://x')).toThrow(/ALIBABA_CLOUD_ECS_ENDPOINT/);
  });
});

describe('DescribeNetworkInterfaces parameters and answers', () => {
  it('asks by IP (secondary and primary), by instance and by ids', () => {
    expect(eniParams('cn-hongkong', { by: 'ip', ip: '10.0.1.5' })).toMatchObject({
      RegionId: 'cn-hongkong',
      PrivateIpAddress: ['10.0.1.5'],
    });
    expect(eniParams('cn-hongkong', { by: 'ip', ip: '10.0.1.5', primary: true })).toMatchObject({
      PrimaryIpAddress: '10.0.1.5',
    });
    expect(eniParams('cn-hongkong', { by: 'instance', instanceId: 'i-x' }, 'tok')).toMatchObject({
      InstanceId: 'i-x',
      NextToken: 'tok',
    });
    expect(eniParams('cn-hongkong', { by: 'ids', ids: ['eni-a', 'eni-b'] })).toMatchObject({
      NetworkInterfaceId: ['eni-a', 'eni-b'],
    });
  });

  it('reads the wrapped shape, primary IP first', () => {
    const page = parseNetworkInterfaces({
      RequestId: 'r',
      NextToken: '',
      NetworkInterfaceSets: { NetworkInterfaceSet: [WRAPPED_ENI] },
    });
    expect(page.nextToken).toBeUndefined();
    expect(page.items).toEqual([
      {
        id: 'eni-j6c8znm5l1yt4sox0002',
        name: 'ledger-primary',
        instanceId: 'i-j6cb7v2fin0ledgr0001',
        type: 'Primary',
        status: 'InUse',
        primaryIp: '10.20.1.15',
        privateIps: ['10.20.1.15', '10.20.1.16'],
        vSwitchId: 'vsw-j6c1',
        vpcId: 'vpc-j6c1',
      },
    ]);
  });

  it('reads the flat shape the same way, and skips what is not an ENI', () => {
    const flat = {
      ...WRAPPED_ENI,
      PrivateIpAddress: undefined,
      PrivateIpSets: WRAPPED_ENI.PrivateIpSets.PrivateIpSet,
    };
    const page = parseNetworkInterfaces({ NextToken: 'next', NetworkInterfaceSets: [flat, 'junk', null, {}] });
    expect(page.nextToken).toBe('next');
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.primaryIp).toBe('10.20.1.15');
    expect(page.items[0]?.privateIps).toEqual(['10.20.1.15', '10.20.1.16']);
  });

  it('survives a body with no list at all', () => {
    expect(parseNetworkInterfaces({}).items).toEqual([]);
    expect(parseNetworkInterfaces({ NetworkInterfaceSets: 'x' }).items).toEqual([]);
  });
});

describe('DescribeInstances', () => {
  it('sends InstanceIds as one JSON array string', () => {
    expect(instanceParams('cn-hongkong', ['i-a', 'i-b']).InstanceIds).toBe('["i-a","i-b"]');
  });

  it('reads Instances.Instance[] and a flat Instances[]', () => {
    const one = { InstanceId: 'i-a', InstanceName: 'web-01', Status: 'Running' };
    expect(parseInstances({ Instances: { Instance: [one] } }).items).toEqual([
      { id: 'i-a', name: 'web-01', status: 'Running' },
    ]);
    expect(parseInstances({ Instances: [one] }).items).toEqual([{ id: 'i-a', name: 'web-01', status: 'Running' }]);
  });
});

describe('ListTrafficMirrorFilters', () => {
  it('asks by TrafficMirrorFilterIds.N', () => {
    expect(filterParams('cn-hongkong', ['tmf-a'])).toMatchObject({ TrafficMirrorFilterIds: ['tmf-a'] });
  });

  it('reads ingress and egress rules, in priority order, flat or wrapped', () => {
    const rule = (priority: number | string, action: string) => ({
      TrafficMirrorFilterRuleId: `tmr-${priority}`,
      Action: action,
      Protocol: 'TCP',
      SourceCidrBlock: '10.0.0.0/8',
      DestinationCidrBlock: '0.0.0.0/0',
      SourcePortRange: '1/65535',
      DestinationPortRange: '443/443',
      Priority: priority,
    });
    const page = parseFilters({
      TotalCount: '1',
      TrafficMirrorFilters: [
        {
          TrafficMirrorFilterId: 'tmf-a',
          TrafficMirrorFilterName: 'web',
          IngressRules: [rule(20, 'drop'), rule('1', 'accept')],
          EgressRules: { TrafficMirrorFilterRule: [rule(5, 'accept')] },
        },
      ],
    });
    const filter = page.items[0];
    expect(filter?.ingress.map((r) => [r.priority, r.action])).toEqual([
      [1, 'accept'],
      [20, 'drop'],
    ]);
    expect(filter?.egress[0]).toMatchObject({ protocol: 'TCP', destinationPorts: '443/443', sourceCidr: '10.0.0.0/8' });
  });
});
