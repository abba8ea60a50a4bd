import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { chooseMethod, toWireParams } from '../../src/cloud/client';
import { CloudErrorCode } from '../../src/cloud/errors';
import type { SessionFilters } from '../../src/query/types';
import { HK, interceptOnce, noFilters, pageBody, paramsOf, type SeenRequest, service } from './helpers';

async function sentFor(
  filters: Partial<SessionFilters>,
  extra: { nextToken?: string; maxResults?: number } = {},
): Promise<URLSearchParams> {
  const seen = interceptOnce(HK, 200, pageBody([]));
  await service().listPage({
    region: 'cn-hongkong',
    filters: { ...noFilters(), ...filters },
    maxResults: extra.maxResults ?? 10,
    ...extra,
  });
  expect(seen).toHaveLength(1);
  return seen[0]!.params;
}

describe('request parameters', () => {
  it('sends only the common parameters, RegionId and MaxResults when there are no filters', async () => {
    const params = await sentFor({});
    expect(params.get('Action')).toBe('ListTrafficMirrorSessions');
    expect(params.get('Version')).toBe('2016-04-28');
    expect(params.get('RegionId')).toBe('cn-hongkong');
    expect(params.get('MaxResults')).toBe('10');
    const names = [...params.keys()].sort();
    expect(names).toEqual(
      [
        'AccessKeyId',
        'Action',
        'Format',
        'MaxResults',
        'RegionId',
        'Signature',
        'SignatureMethod',
        'SignatureNonce',
        'SignatureVersion',
        'Timestamp',
        'Version',
      ].sort(),
    );
    for (const value of params.values()) expect(value).not.toBe('undefined');
  });

  it.each<[string, Partial<SessionFilters>, string, string]>([
    ['name', { name: 'db mirror' }, 'TrafficMirrorSessionName', 'db mirror'],
    ['source', { sourceId: 'eni-0000000000000000src1' }, 'TrafficMirrorSourceId', 'eni-0000000000000000src1'],
    ['target', { targetId: 'lb-0000tgt1' }, 'TrafficMirrorTargetId', 'lb-0000tgt1'],
    ['filter', { filterId: 'tmf-000000000000000000f1' }, 'TrafficMirrorFilterId', 'tmf-000000000000000000f1'],
    ['vni', { vni: 16777215 }, 'VirtualNetworkId', '16777215'],
    ['vni 0 is kept', { vni: 0 }, 'VirtualNetworkId', '0'],
    ['priority', { priority: 32766 }, 'Priority', '32766'],
    ['enabled true', { enabled: true }, 'Enabled', 'true'],
    ['enabled false is kept', { enabled: false }, 'Enabled', 'false'],
    ['resource group', { resourceGroupId: 'rg-000000000000abc' }, 'ResourceGroupId', 'rg-000000000000abc'],
  ])('%s → its wire parameter', async (_label, filters, wireName, wireValue) => {
    const params = await sentFor(filters);
    expect(params.get(wireName)).toBe(wireValue);
  });

  it('flattens session ids into TrafficMirrorSessionIds.N', async () => {
    const params = await sentFor({
      sessionIds: ['tms-00000000000000000001', 'tms-00000000000000000002', 'tms-00000000000000000003'],
    });
    expect(params.get('TrafficMirrorSessionIds.1')).toBe('tms-00000000000000000001');
    expect(params.get('TrafficMirrorSessionIds.2')).toBe('tms-00000000000000000002');
    expect(params.get('TrafficMirrorSessionIds.3')).toBe('tms-00000000000000000003');
    expect(params.has('TrafficMirrorSessionIds')).toBe(false);
  });

  it('flattens tags into Tags.N.Key / Tags.N.Value, leaving Value out for key-only filters', async () => {
    const params = await sentFor({
      tags: [{ key: 'FinanceDept', value: 'FinanceJoshua' }, { key: 'env' }, { key: 'empty', value: '' }],
    });
    expect(params.get('Tags.1.Key')).toBe('FinanceDept');
    expect(params.get('Tags.1.Value')).toBe('FinanceJoshua');
    expect(params.get('Tags.2.Key')).toBe('env');
    expect(params.has('Tags.2.Value')).toBe(false);
    expect(params.get('Tags.3.Key')).toBe('empty');
    expect(params.get('Tags.3.Value')).toBe('');
    expect(params.has('Tags.1.key')).toBe(false);
  });

  it('sends NextToken when paging and leaves undefined filters out', async () => {
    const params = await sentFor(
      { name: undefined, vni: undefined, enabled: undefined },
      { nextToken: 'FFmyTO70tTpLG6I3FmYAXGKPd' },
    );
    expect(params.get('NextToken')).toBe('FFmyTO70tTpLG6I3FmYAXGKPd');
    expect(params.has('TrafficMirrorSessionName')).toBe(false);
    expect(params.has('VirtualNetworkId')).toBe(false);
    expect(params.has('Enabled')).toBe(false);
    expect([...params.values()]).not.toContain('undefined');
  });

  it('rejects a page size outside 1-100 without calling the API', () => {
    for (const maxResults of [0, 101, 2.5, Number.NaN]) {
      expect(() => toWireParams({ region: 'cn-hongkong', filters: noFilters(), maxResults })).toThrow(
        expect.objectContaining({ code: CloudErrorCode.InvalidParameter }),
      );
    }
  });

  it('can POST the parameters as a form body, and picks POST automatically for very long queries', async () => {
    const seen: SeenRequest[] = [];
    nock(HK)
      .post('/')
      .reply(function (uri, body) {
        seen.push({ method: 'POST', params: paramsOf(uri, body) });
        expect(this.req.headers['content-type']).toBe('application/x-www-form-urlencoded');
        return [200, JSON.stringify(pageBody([]))];
      });
    await service({ method: 'POST' }).listPage({
      region: 'cn-hongkong',
      filters: { ...noFilters(), name: 'x' },
      maxResults: 5,
    });
    expect(seen[0]!.params.get('TrafficMirrorSessionName')).toBe('x');
    expect(seen[0]!.params.get('Signature')).toBeTruthy();

    const many = Array.from({ length: 100 }, (_, i) => `tms-${'x'.repeat(40)}${i}`);
    const tags = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(128) }));
    const long = toWireParams({
      region: 'cn-hongkong',
      filters: { ...noFilters(), sessionIds: many, tags },
      maxResults: 10,
    });
    expect(chooseMethod('auto', long)).toBe('POST');
    expect(chooseMethod('auto', toWireParams({ region: 'cn-hongkong', filters: noFilters(), maxResults: 10 }))).toBe(
      'GET',
    );
    expect(chooseMethod('GET', long)).toBe('GET');
  });
});
