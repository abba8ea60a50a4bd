import * as $Ecs from '@alicloud/ecs20140526';
import { ClientError } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ECS_WELL_KNOWN, startVpcStandIn, type VpcStandIn } from '../../../src/sandbox/vpc';
import { type ErrorResponse, json, KEY, rawRequest, rejection, statusOf } from '../vpc/helpers';
import { type EniResponse, type FilterResponse, officialEcs, officialVpc, popEcs, popVpc } from './helpers';

let standIn: VpcStandIn;
const E = ECS_WELL_KNOWN;

beforeAll(async () => {
  standIn = await startVpcStandIn({ keys: [KEY] });
});
afterEach(() => {
  standIn.faults.clear();
});
afterAll(async () => {
  await standIn.close();
});

type Params = Record<string, string | number | string[]>;
const filters = (params: Params): Promise<FilterResponse> =>
  popVpc(standIn.url).request<FilterResponse>('ListTrafficMirrorFilters', { RegionId: 'cn-hongkong', ...params });
const enis = (params: Params = {}): Promise<EniResponse> =>
  popEcs(standIn.url).request<EniResponse>('DescribeNetworkInterfaces', { RegionId: 'cn-hongkong', ...params });
const sessions = (): Promise<{ TotalCount: number }> =>
  popVpc(standIn.url).request('ListTrafficMirrorSessions', { RegionId: 'cn-hongkong' });

describe('ListTrafficMirrorFilters', () => {
  it('returns a session filter with its ingress and egress rules, flat arrays', async () => {
    const body = await filters({ TrafficMirrorFilterIds: [E.FINANCE_FILTER, E.EMPTY_FILTER] });
    expect(body.TotalCount).toBe(2);
    expect(body.NextToken).toBe('');
    const finance = body.TrafficMirrorFilters.find((f) => f.TrafficMirrorFilterId === E.FINANCE_FILTER);
    expect(
      finance?.IngressRules.map((r) => [r.Priority, r.Action, r.Protocol, r.SourceCidrBlock, r.DestinationPortRange]),
    ).toEqual([
      [1, 'accept', 'TCP', '0.0.0.0/0', '443/443'],
      [2, 'accept', 'TCP', '10.20.0.0/16', '5432/5432'],
      [3, 'drop', 'ALL', '0.0.0.0/0', '-1/-1'],
    ]);
    expect(finance?.EgressRules).toEqual([
      expect.objectContaining({
        TrafficDirection: 'egress',
        Action: 'accept',
        Protocol: 'ALL',
        DestinationCidrBlock: '0.0.0.0/0',
        TrafficMirrorFilterRuleStatus: 'Created',
      }),
    ]);
    const empty = body.TrafficMirrorFilters.find((f) => f.TrafficMirrorFilterId === E.EMPTY_FILTER);
    expect([empty?.IngressRules, empty?.EgressRules]).toEqual([[], []]);
  });

  it('filters by name and pages by NextToken within MaxResults 1..100', async () => {
    expect(
      (await filters({ TrafficMirrorFilterName: 'finance-web-and-db' })).TrafficMirrorFilters.map(
        (f) => f.TrafficMirrorFilterId,
      ),
    ).toEqual([E.FINANCE_FILTER]);
    const total = standIn.dataset.inventory?.regions['cn-hongkong']?.filters.length ?? 0;
    const seen: string[] = [];
    let token = '';
    do {
      const body = await filters(token ? { MaxResults: 2, NextToken: token } : { MaxResults: 2 });
      expect(body.TrafficMirrorFilters.length).toBeLessThanOrEqual(2);
      seen.push(...body.TrafficMirrorFilters.map((f) => f.TrafficMirrorFilterId));
      token = body.NextToken;
    } while (token && seen.length <= total);
    expect(new Set(seen).size).toBe(total);
    const bad = await rejection(filters({ MaxResults: 101 }));
    expect([bad.code, statusOf(bad)]).toEqual(['IllegalParam.MaxResults', 400]);
    const forged = await rejection(filters({ NextToken: 'FFmyTO70tTpLG6I3FmYAXGKPd' }));
    expect(forged.code).toBe('IllegalParam.NextToken');
  });

  it('parses in the official VPC SDK (@alicloud/vpc20160428)', async () => {
    const response = await officialVpc(standIn.port).listTrafficMirrorFilters(
      new $Vpc.ListTrafficMirrorFiltersRequest({ regionId: 'cn-hongkong', trafficMirrorFilterIds: [E.FINANCE_FILTER] }),
    );
    const [filter] = response.body?.trafficMirrorFilters ?? [];
    expect(filter?.trafficMirrorFilterName).toBe('finance-web-and-db');
    expect(filter?.ingressRules?.map((r) => [r.action, r.protocol, r.destinationPortRange, r.priority])).toEqual([
      ['accept', 'TCP', '443/443', 1],
      ['accept', 'TCP', '5432/5432', 2],
      ['drop', 'ALL', '-1/-1', 3],
    ]);
    expect(filter?.egressRules?.[0]?.trafficDirection).toBe('egress');
    expect(response.body?.totalCount).toBe('1');
    expect(standIn.requests.at(-1)?.params).toMatchObject({ 'TrafficMirrorFilterIds.1': E.FINANCE_FILTER });
  });
});

describe('RAM denials, per action', () => {
  it('denies only the named action, in the real shape, and leaves the others working', async () => {
    standIn.faults.push({ kind: 'forbidden', action: 'DescribeNetworkInterfaces', times: 2 });
    expect((await sessions()).TotalCount).toBe(40);
    expect((await filters({})).TrafficMirrorFilters.length).toBeGreaterThan(0);
    const error = await rejection(enis());
    expect([error.code, statusOf(error)]).toEqual(['Forbidden.RAM', 403]);
    expect(error.data).toMatchObject({
      HostId: 'ecs.cn-hongkong.aliyuncs.com',
      AccessDeniedDetail: {
        AuthAction: 'ecs:DescribeNetworkInterfaces',
        NoPermissionType: 'ImplicitDeny',
        PolicyType: 'AccountLevelIdentityBasedPolicy',
        AuthPrincipalType: 'SubUser',
      },
    });
    expect((error.data as ErrorResponse).AccessDeniedDetail?.EncodedDiagnosticMessage).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect((await rejection(enis())).code).toBe('Forbidden.RAM');
    expect((await enis()).NetworkInterfaceSets.NetworkInterfaceSet.length).toBeGreaterThan(0);
  });

  it('names vpc:ListTrafficMirrorFilters, and tells explicit and control-policy denials apart', async () => {
    standIn.faults.push(
      { kind: 'forbidden', action: 'ListTrafficMirrorFilters', deny: 'explicit' },
      { kind: 'forbidden', action: 'DescribeInstances', deny: 'control-policy' },
    );
    const explicit = await rejection(filters({}));
    expect(explicit.data?.AccessDeniedDetail).toMatchObject({
      AuthAction: 'vpc:ListTrafficMirrorFilters',
      NoPermissionType: 'ExplicitDeny',
      PolicyType: 'AccountLevelIdentityBasedPolicy',
    });
    const control = await rejection(
      popEcs(standIn.url).request('DescribeInstances', { RegionId: 'cn-hongkong', InstanceIds: '[]' }),
    );
    expect(control.data?.AccessDeniedDetail).toMatchObject({
      AuthAction: 'ecs:DescribeInstances',
      NoPermissionType: 'ExplicitDeny',
      PolicyType: 'ControlPolicy',
    });
  });

  it('reaches the official ECS SDK as a ClientError with accessDeniedDetail', async () => {
    standIn.faults.push({ kind: 'forbidden', action: 'DescribeNetworkInterfaces' });
    const error = await rejection(
      officialEcs(standIn.port).describeNetworkInterfaces(
        new $Ecs.DescribeNetworkInterfacesRequest({ regionId: 'cn-hongkong', privateIpAddress: [E.DEMO_IP] }),
      ),
    );
    expect(error).toBeInstanceOf(ClientError);
    if (error instanceof ClientError) {
      expect([error.code, error.statusCode]).toEqual(['Forbidden.RAM', 403]);
      expect(error.accessDeniedDetail?.AuthAction).toBe('ecs:DescribeNetworkInterfaces');
    }
  });

  it('can be set over HTTP, and a bad action or deny is refused', async () => {
    const post = (body: unknown) =>
      rawRequest(`${standIn.url}/__faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({ kind: 'forbidden', action: 'DescribeInstances', times: 1000000 });
    expect(ok.status).toBe(200);
    expect(json<{ faults: unknown[] }>(ok).faults).toEqual([
      { kind: 'forbidden', remaining: 1000000, action: 'DescribeInstances' },
    ]);
    expect((await post({ kind: 'forbidden', action: 'ecs:Describe*' })).status).toBe(400);
    expect((await post({ kind: 'throttle', deny: 'explicit' })).status).toBe(400);
    expect((await post({ kind: 'forbidden', deny: 'sometimes' })).status).toBe(400);
  });
});

describe('dispatch by Action and Version', () => {
  it('answers an action it does not serve with InvalidAction.NotFound, whichever product', async () => {
    for (const client of [popEcs(standIn.url), popVpc(standIn.url)]) {
      const error = await rejection(client.request('DescribeSecurityGroups', { RegionId: 'cn-hongkong' }));
      expect([error.code, statusOf(error)]).toEqual(['InvalidAction.NotFound', 404]);
      expect(error.data?.Message).toBe('Specified api is not found, please check your url and method.');
    }
  });

  it('answers an ECS action with the VPC version (and the reverse) with InvalidVersion', async () => {
    const ecsAsVpc = await rejection(
      popVpc(standIn.url).request('DescribeNetworkInterfaces', { RegionId: 'cn-hongkong' }),
    );
    expect(ecsAsVpc.code).toBe('InvalidVersion');
    const vpcAsEcs = await rejection(
      popEcs(standIn.url).request('ListTrafficMirrorFilters', { RegionId: 'cn-hongkong' }),
    );
    expect(vpcAsEcs.code).toBe('InvalidVersion');
  });

  it('checks the signature of ECS calls like any other', async () => {
    const forged = new RPCClient({
      endpoint: standIn.url,
      apiVersion: '2014-05-26',
      accessKeyId: KEY.accessKeyId,
      accessKeySecret: 'not-the-secret',
    });
    const error = await rejection(forged.request('DescribeNetworkInterfaces', { RegionId: 'cn-hongkong' }));
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(standIn.requests.at(-1)).toMatchObject({ action: 'DescribeNetworkInterfaces', status: 400 });
  });

  it('keeps a RAM denial for one action from spending itself on another', async () => {
    standIn.faults.push({ kind: 'forbidden', action: 'DescribeInstances' });
    await enis({ PrivateIpAddress: [E.DEMO_IP] });
    await sessions();
    expect(standIn.faults.pending()).toEqual([{ kind: 'forbidden', remaining: 1, action: 'DescribeInstances' }]);
    expect(standIn.requests.slice(-2).map((r) => r.fault)).toEqual([undefined, undefined]);
  });
});
