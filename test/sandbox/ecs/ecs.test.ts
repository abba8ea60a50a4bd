import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECS_WELL_KNOWN, startVpcStandIn, type VpcStandIn, WELL_KNOWN } from '../../../src/sandbox/vpc';
import { type ErrorResponse, KEY, rejection, statusOf, UPPER_UUID } from '../vpc/helpers';
import { type EniResponse, type InstanceResponse, officialEcs, popEcs } from './helpers';

let standIn: VpcStandIn;
const E = ECS_WELL_KNOWN;

beforeAll(async () => {
  standIn = await startVpcStandIn({ keys: [KEY] });
});
afterAll(async () => {
  await standIn.close();
});

type Params = Record<string, string | number | string[]>;
const enis = (params: Params, method: 'GET' | 'POST' = 'GET'): Promise<EniResponse> =>
  popEcs(standIn.url).request<EniResponse>(
    'DescribeNetworkInterfaces',
    { RegionId: 'cn-hongkong', ...params },
    method === 'POST' ? { method: 'POST' } : {},
  );
const instances = (params: Params): Promise<InstanceResponse> =>
  popEcs(standIn.url).request<InstanceResponse>('DescribeInstances', { RegionId: 'cn-hongkong', ...params });
const idsOf = (r: EniResponse): string[] => r.NetworkInterfaceSets.NetworkInterfaceSet.map((e) => e.NetworkInterfaceId);

describe('DescribeNetworkInterfaces through pop-core', () => {
  it('finds the ENI holding an IP, primary or secondary, in the wrapped shape', async () => {
    const body = await enis({ MaxResults: 10, PrivateIpAddress: [E.DEMO_IP] });
    expect(body.RequestId).toMatch(UPPER_UUID);
    expect(body.NextToken).toBe('');
    const [eni, ...rest] = body.NetworkInterfaceSets.NetworkInterfaceSet;
    expect(rest).toEqual([]);
    expect(eni).toMatchObject({
      NetworkInterfaceId: WELL_KNOWN.FINANCE_SOURCE_ENI,
      InstanceId: E.FINANCE_INSTANCE,
      Type: 'Primary',
      Status: 'InUse',
      PrivateIpAddress: E.DEMO_IP,
      VpcId: E.vpcId,
      PrivateIpSets: {
        PrivateIpSet: [
          { PrivateIpAddress: E.DEMO_IP, Primary: true },
          { PrivateIpAddress: E.FINANCE_SECONDARY_IP, Primary: false },
        ],
      },
    });
    expect(idsOf(await enis({ PrivateIpAddress: [E.FINANCE_SECONDARY_IP] }))).toEqual([WELL_KNOWN.FINANCE_SOURCE_ENI]);
    // PrimaryIpAddress matches the primary only.
    expect(idsOf(await enis({ PrimaryIpAddress: E.FINANCE_SECONDARY_IP }))).toEqual([]);
    expect(idsOf(await enis({ PrimaryIpAddress: E.DEMO_IP }))).toEqual([WELL_KNOWN.FINANCE_SOURCE_ENI]);
  });

  it('answers an IP nobody holds, and a deleted ENI, with an empty list', async () => {
    const none = await enis({ PrivateIpAddress: [E.UNKNOWN_IP] });
    expect(none.NetworkInterfaceSets).toEqual({ NetworkInterfaceSet: [] });
    expect(idsOf(await enis({ NetworkInterfaceId: [E.DELETED_ENI] }))).toEqual([]);
  });

  it('lists both ENIs of an instance, by InstanceId (GET or POST)', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const body = await enis({ InstanceId: E.FINANCE_INSTANCE }, method);
      expect(body.NetworkInterfaceSets.NetworkInterfaceSet.map((e) => [e.NetworkInterfaceId, e.Type])).toEqual([
        [WELL_KNOWN.FINANCE_SOURCE_ENI, 'Primary'],
        [WELL_KNOWN.SHARED_SOURCE_ENI, 'Secondary'],
      ]);
    }
  });

  it('filters by NetworkInterfaceId.N, VpcId and VSwitchId, combined with AND', async () => {
    const wanted = [WELL_KNOWN.COLLECTOR_ENI, WELL_KNOWN.PAYMENTS_SOURCE_ENI, E.BASTION_ENI];
    expect(idsOf(await enis({ NetworkInterfaceId: wanted })).sort()).toEqual([...wanted].sort());
    const bastion = (await enis({ NetworkInterfaceId: [E.BASTION_ENI] })).NetworkInterfaceSets.NetworkInterfaceSet[0];
    const inVsw = idsOf(await enis({ NetworkInterfaceId: wanted, VSwitchId: bastion?.VSwitchId ?? '' }));
    expect(inVsw).toEqual([E.BASTION_ENI]);
    expect(idsOf(await enis({ NetworkInterfaceId: wanted, VpcId: 'vpc-elsewhere' }))).toEqual([]);
    expect(idsOf(await enis({ NetworkInterfaceId: wanted, VpcId: E.vpcId }))).toHaveLength(3);
  });

  it('pages by MaxResults and NextToken to the end, each ENI once', async () => {
    const expected = standIn.dataset.inventory?.regions['cn-shanghai']?.enis.length ?? 0;
    expect(expected).toBeGreaterThan(100);
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const params: Params = { RegionId: 'cn-shanghai', MaxResults: 50 };
      if (token) params.NextToken = token;
      const body = await enis(params);
      expect(body.NetworkInterfaceSets.NetworkInterfaceSet.length).toBeLessThanOrEqual(50);
      seen.push(...idsOf(body));
      token = body.NextToken ?? '';
      pages += 1;
    } while (token && pages < 20);
    expect(pages).toBe(Math.ceil(expected / 50));
    expect(new Set(seen).size).toBe(expected);
  });

  it('clamps MaxResults to 10..500 as documented', async () => {
    expect(
      (await enis({ RegionId: 'cn-shanghai', MaxResults: 1 })).NetworkInterfaceSets.NetworkInterfaceSet,
    ).toHaveLength(10);
    const big = await enis({ RegionId: 'cn-shanghai', MaxResults: 9999 });
    expect(big.NextToken).toBe('');
  });

  it('pages the old way by PageNumber and PageSize, with TotalCount', async () => {
    const first = await enis({ RegionId: 'cn-shanghai', PageSize: 100 });
    const second = await enis({ RegionId: 'cn-shanghai', PageSize: 100, PageNumber: 2 });
    const total = standIn.dataset.inventory?.regions['cn-shanghai']?.enis.length ?? 0;
    expect([first.PageNumber, first.PageSize, first.TotalCount]).toEqual([1, 100, total]);
    expect(idsOf(first)).toHaveLength(100);
    expect(idsOf(second)).toHaveLength(total - 100);
    expect(idsOf(first).filter((id) => idsOf(second).includes(id))).toEqual([]);
  });

  it('refuses a forged NextToken, one from another question, and a bad PageSize', async () => {
    const page = await enis({ RegionId: 'cn-shanghai', MaxResults: 10 });
    const other = await rejection(
      enis({ RegionId: 'cn-shanghai', MaxResults: 10, NextToken: page.NextToken ?? '', InstanceId: 'i-x' }),
    );
    expect([other.code, statusOf(other)]).toEqual(['InvalidParameter', 400]);
    const forged = await rejection(enis({ MaxResults: 10, NextToken: 'AAAAAdDWBF2' }));
    expect(forged.code).toBe('InvalidParameter');
    const size = await rejection(enis({ PageSize: 0 }));
    expect(size.data?.Message).toMatch(/PageSize/);
  });

  it('needs a known RegionId, with ECS codes and host', async () => {
    const missing = await rejection(popEcs(standIn.url).request('DescribeNetworkInterfaces', {}));
    expect([missing.code, statusOf(missing)]).toEqual(['MissingParameter.RegionId', 400]);
    const unknown = await rejection(enis({ RegionId: 'mars-north-1' }));
    expect(unknown.code).toBe('InvalidRegionId.NotFound');
    expect((unknown.data as ErrorResponse).HostId).toBe('ecs.mars-north-1.aliyuncs.com');
  });
});

describe('DescribeInstances through pop-core', () => {
  it('takes InstanceIds as a JSON array string and returns names, IPs and both ENIs', async () => {
    const body = await instances({
      InstanceIds: JSON.stringify([E.FINANCE_INSTANCE, E.BASTION_INSTANCE, 'i-j6cdoesnotexist0000']),
    });
    const found = body.Instances.Instance;
    expect(found.map((i) => [i.InstanceId, i.InstanceName]).sort()).toEqual(
      [
        [E.FINANCE_INSTANCE, E.FINANCE_INSTANCE_NAME],
        [E.BASTION_INSTANCE, E.BASTION_INSTANCE_NAME],
      ].sort(),
    );
    const finance = found.find((i) => i.InstanceId === E.FINANCE_INSTANCE);
    expect(finance?.Status).toBe('Running');
    expect(finance?.VpcAttributes.PrivateIpAddress.IpAddress).toEqual([E.DEMO_IP]);
    expect(finance?.VpcAttributes.VpcId).toBe(E.vpcId);
    expect(
      finance?.NetworkInterfaces.NetworkInterface.map((n) => [n.NetworkInterfaceId, n.Type, n.PrimaryIpAddress]),
    ).toEqual([
      [WELL_KNOWN.FINANCE_SOURCE_ENI, 'Primary', E.DEMO_IP],
      [WELL_KNOWN.SHARED_SOURCE_ENI, 'Secondary', E.SHARED_SOURCE_IP],
    ]);
  });

  it('answers InvalidInstanceIds.Malformed for anything but a JSON array of up to 100 strings', async () => {
    const tooMany = JSON.stringify(Array.from({ length: 101 }, (_, i) => `i-${i}`));
    for (const bad of [E.FINANCE_INSTANCE, '["i-a",', '{"a":1}', '[1,2]', tooMany]) {
      const error = await rejection(instances({ InstanceIds: bad }));
      expect([error.code, statusOf(error)], bad.slice(0, 20)).toEqual(['InvalidInstanceIds.Malformed', 400]);
    }
  });

  it('pages every instance of a region by NextToken (MaxResults at most 100)', async () => {
    const expected = standIn.dataset.inventory?.regions['cn-shanghai']?.instances.length ?? 0;
    const seen = new Set<string>();
    let token = '';
    let pages = 0;
    do {
      const params: Params = { RegionId: 'cn-shanghai', MaxResults: 500 };
      if (token) params.NextToken = token;
      const body = await instances(params);
      expect(body.Instances.Instance.length).toBeLessThanOrEqual(100);
      for (const i of body.Instances.Instance) seen.add(i.InstanceId);
      token = body.NextToken ?? '';
      pages += 1;
    } while (token && pages < 10);
    expect(seen.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 100));
  });
});

describe('the official ECS SDK (@alicloud/ecs20140526), signature V1', () => {
  it('parses DescribeNetworkInterfaces into its models', async () => {
    const client = officialEcs(standIn.port);
    const response = await client.describeNetworkInterfaces(
      new $Ecs.DescribeNetworkInterfacesRequest({
        regionId: 'cn-hongkong',
        privateIpAddress: [E.SHARED_SOURCE_IP],
        maxResults: 10,
      }),
    );
    expect(response.statusCode).toBe(200);
    const set = response.body?.networkInterfaceSets?.networkInterfaceSet ?? [];
    expect(set.map((e) => [e.networkInterfaceId, e.instanceId, e.type, e.vSwitchId])).toEqual([
      [WELL_KNOWN.SHARED_SOURCE_ENI, E.FINANCE_INSTANCE, 'Secondary', 'vsw-j6c2kq8v0x5m1n7b4r01'],
    ]);
    expect(set[0]?.privateIpSets?.privateIpSet?.map((p) => [p.privateIpAddress, p.primary])).toEqual([
      [E.SHARED_SOURCE_IP, true],
    ]);
    expect(response.body?.nextToken).toBe('');
  });

  it('sends NetworkInterfaceId.N and pages by NextToken', async () => {
    const client = officialEcs(standIn.port, 'cn-shanghai');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const request = new $Ecs.DescribeNetworkInterfacesRequest({ regionId: 'cn-shanghai', maxResults: 100 });
      if (token) request.nextToken = token;
      const body = (await client.describeNetworkInterfaces(request)).body;
      for (const e of body?.networkInterfaceSets?.networkInterfaceSet ?? []) seen.push(e.networkInterfaceId ?? '');
      token = body?.nextToken;
      pages += 1;
    } while (token && pages < 10);
    expect(new Set(seen).size).toBe(standIn.dataset.inventory?.regions['cn-shanghai']?.enis.length);
    const two = seen.slice(0, 2);
    const picked = await client.describeNetworkInterfaces(
      new $Ecs.DescribeNetworkInterfacesRequest({ regionId: 'cn-shanghai', networkInterfaceId: two }),
    );
    expect(picked.body?.networkInterfaceSets?.networkInterfaceSet?.map((e) => e.networkInterfaceId)).toEqual(two);
    expect(standIn.requests.at(-1)?.params).toMatchObject({
      'NetworkInterfaceId.1': two[0],
      'NetworkInterfaceId.2': two[1],
    });
  });

  it('parses DescribeInstances into its models', async () => {
    const client = officialEcs(standIn.port);
    const response = await client.describeInstances(
      new $Ecs.DescribeInstancesRequest({
        regionId: 'cn-hongkong',
        instanceIds: JSON.stringify([E.FINANCE_INSTANCE]),
      }),
    );
    const [instance] = response.body?.instances?.instance ?? [];
    expect(instance?.instanceName).toBe(E.FINANCE_INSTANCE_NAME);
    expect(instance?.vpcAttributes?.privateIpAddress?.ipAddress).toEqual([E.DEMO_IP]);
    expect(instance?.vpcAttributes?.vSwitchId).toBe('vsw-j6c2kq8v0x5m1n7b4r01');
    expect(instance?.networkInterfaces?.networkInterface?.map((n) => n.networkInterfaceId)).toEqual([
      WELL_KNOWN.FINANCE_SOURCE_ENI,
      WELL_KNOWN.SHARED_SOURCE_ENI,
    ]);
    expect(response.body?.totalCount).toBe(1);
    expect(response.body?.pageNumber).toBe(1);
  });
});
