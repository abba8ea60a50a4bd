import { ClientError } from '@alicloud/openapi-core';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateDataset,
  RESOURCE_GROUPS,
  startVpcStandIn,
  type VpcStandIn,
  WELL_KNOWN,
  type WireTrafficMirrorSession,
} from '../../../src/sandbox/vpc';
import {
  ids,
  KEY,
  type ListResponse,
  officialClient,
  type Params,
  popClient,
  popList,
  rejection,
  SESSION_FIELDS,
  statusOf,
  UPPER_UUID,
} from './helpers';

let standIn: VpcStandIn;
const dataset = generateDataset(2024);
const hk = dataset.regions['cn-hongkong'] ?? [];
const sh = dataset.regions['cn-shanghai'] ?? [];

beforeAll(async () => {
  standIn = await startVpcStandIn({ keys: [KEY], dataset });
});
afterAll(async () => {
  await standIn.close();
});

function expected(
  sessions: readonly WireTrafficMirrorSession[],
  predicate: (s: WireTrafficMirrorSession) => boolean,
): string[] {
  return ids(sessions.filter(predicate));
}

const hasTag = (s: WireTrafficMirrorSession, key: string, value?: string): boolean =>
  s.Tags.some((t) => t.Key === key && (value === undefined || t.Value === value));

/** Every page of one query, following NextToken. */
async function listAll(
  params: Params,
  method: 'GET' | 'POST',
): Promise<{ sessions: WireTrafficMirrorSession[]; pages: ListResponse[] }> {
  const client = popClient(standIn.url);
  const pages: ListResponse[] = [];
  let token = '';
  do {
    const page = await popList(client, token === '' ? params : { ...params, NextToken: token }, method);
    pages.push(page);
    token = page.NextToken;
  } while (token !== '' && pages.length < 1000);
  return { sessions: pages.flatMap((p) => p.TrafficMirrorSessions), pages };
}

describe.each(['GET', 'POST'] as const)('ListTrafficMirrorSessions over pop-core %s', (method) => {
  const list = (params: Params): Promise<ListResponse> => popList(popClient(standIn.url), params, method);

  it('answers the documented shape: first page of 10, TotalCount a number, a NextToken', async () => {
    const page = await list({ RegionId: 'cn-hongkong' });
    expect(Object.keys(page)).toEqual(['NextToken', 'RequestId', 'TotalCount', 'TrafficMirrorSessions']);
    expect(page.TotalCount).toBe(40);
    expect(page.TrafficMirrorSessions).toHaveLength(10);
    expect(page.NextToken).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(page.RequestId).toMatch(UPPER_UUID);
    for (const s of page.TrafficMirrorSessions) {
      expect(Object.keys(s)).toEqual(SESSION_FIELDS);
      for (const t of s.Tags) expect(Object.keys(t)).toEqual(['Key', 'Value']);
    }
    expect(page.TrafficMirrorSessions).toEqual(hk.slice(0, 10));
    expect(standIn.requests.at(-1)?.method).toBe(method);
  });

  it('gives every response a fresh RequestId', async () => {
    const a = await list({ RegionId: 'cn-hongkong', MaxResults: 1 });
    const b = await list({ RegionId: 'cn-hongkong', MaxResults: 1 });
    expect(a.RequestId).not.toBe(b.RequestId);
  });

  it('filters by TrafficMirrorSessionIds.N', async () => {
    const page = await list({
      RegionId: 'cn-hongkong',
      TrafficMirrorSessionIds: [WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.PAYMENTS_SLB, 'tms-j6cdoesnotexist00000'],
    });
    expect(ids(page.TrafficMirrorSessions)).toEqual([WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.PAYMENTS_SLB].sort());
    expect(page.TotalCount).toBe(2);
    expect(page.NextToken).toBe('');
  });

  it('filters by exact TrafficMirrorSessionName', async () => {
    expect(
      ids(
        (await list({ RegionId: 'cn-hongkong', TrafficMirrorSessionName: WELL_KNOWN.FINANCE_TAP_NAME }))
          .TrafficMirrorSessions,
      ),
    ).toEqual([WELL_KNOWN.FINANCE_TAP]);
    expect((await list({ RegionId: 'cn-hongkong', TrafficMirrorSessionName: 'finance-ids' })).TotalCount).toBe(0);
    expect((await list({ RegionId: 'cn-hongkong', TrafficMirrorSessionName: 'FINANCE-IDS-TAP' })).TotalCount).toBe(0);
  });

  it('filters by TrafficMirrorSourceId: sessions whose sources contain it', async () => {
    const page = await list({ RegionId: 'cn-hongkong', TrafficMirrorSourceId: WELL_KNOWN.SHARED_SOURCE_ENI });
    expect(ids(page.TrafficMirrorSessions)).toEqual(
      [WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.FINANCE_TAP_STANDBY, WELL_KNOWN.PAYMENTS_SLB].sort(),
    );
    const eni = sh[5]?.TrafficMirrorSourceIds[0] ?? '';
    const all = await listAll({ RegionId: 'cn-shanghai', TrafficMirrorSourceId: eni, MaxResults: 100 }, method);
    expect(ids(all.sessions)).toEqual(expected(sh, (s) => s.TrafficMirrorSourceIds.includes(eni)));
  });

  it('filters by TrafficMirrorTargetId (ENI and SLB)', async () => {
    const eni = await list({ RegionId: 'cn-hongkong', TrafficMirrorTargetId: WELL_KNOWN.COLLECTOR_ENI });
    expect(ids(eni.TrafficMirrorSessions)).toEqual(
      [WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.FINANCE_TAP_STANDBY, WELL_KNOWN.LEGACY_UNTAGGED].sort(),
    );
    const slb = await list({
      RegionId: 'cn-hongkong',
      TrafficMirrorTargetId: WELL_KNOWN.PAYMENTS_SLB_TARGET,
      MaxResults: 100,
    });
    expect(ids(slb.TrafficMirrorSessions)).toEqual(
      expected(hk, (s) => s.TrafficMirrorTargetId === WELL_KNOWN.PAYMENTS_SLB_TARGET),
    );
    expect(slb.TrafficMirrorSessions.every((s) => s.TrafficMirrorTargetType === 'SLB')).toBe(true);
  });

  it('filters by TrafficMirrorFilterId', async () => {
    const page = await list({
      RegionId: 'cn-hongkong',
      TrafficMirrorFilterId: WELL_KNOWN.FINANCE_FILTER,
      MaxResults: 100,
    });
    expect(ids(page.TrafficMirrorSessions)).toEqual(
      expected(hk, (s) => s.TrafficMirrorFilterId === WELL_KNOWN.FINANCE_FILTER),
    );
    expect(page.TotalCount).toBeGreaterThanOrEqual(3);
  });

  it('filters by VirtualNetworkId and Priority', async () => {
    const vni = await list({ RegionId: 'cn-hongkong', VirtualNetworkId: 10, MaxResults: 100 });
    expect(ids(vni.TrafficMirrorSessions)).toEqual(expected(hk, (s) => s.VirtualNetworkId === 10));
    expect(ids(vni.TrafficMirrorSessions)).toContain(WELL_KNOWN.FINANCE_TAP);
    const prio = await list({ RegionId: 'cn-hongkong', Priority: 1 });
    expect(ids(prio.TrafficMirrorSessions)).toEqual([WELL_KNOWN.FINANCE_TAP]);
    expect((await list({ RegionId: 'cn-hongkong', Priority: 32766 })).TotalCount).toBe(0);
  });

  it('filters by Enabled, and returns everything when Enabled is left out', async () => {
    const on = await listAll({ RegionId: 'cn-shanghai', Enabled: true, MaxResults: 100 }, method);
    const off = await listAll({ RegionId: 'cn-shanghai', Enabled: false, MaxResults: 100 }, method);
    expect(ids(on.sessions)).toEqual(expected(sh, (s) => s.Enabled));
    expect(ids(off.sessions)).toEqual(expected(sh, (s) => !s.Enabled));
    expect(on.sessions.length + off.sessions.length).toBe(350);
    expect(on.sessions.length).toBeGreaterThan(0);
    expect(off.sessions.length).toBeGreaterThan(0);
  });

  it('filters by ResourceGroupId', async () => {
    const all = await listAll(
      { RegionId: 'cn-shanghai', ResourceGroupId: RESOURCE_GROUPS.finance, MaxResults: 50 },
      method,
    );
    expect(ids(all.sessions)).toEqual(expected(sh, (s) => s.ResourceGroupId === RESOURCE_GROUPS.finance));
    expect(all.sessions.length).toBeGreaterThan(0);
  });

  it('filters by tag key alone, by key and value, and by key with an empty value', async () => {
    const key = await list({ RegionId: 'cn-hongkong', Tags: [{ Key: 'FinanceDept' }], MaxResults: 100 });
    expect(ids(key.TrafficMirrorSessions)).toEqual(expected(hk, (s) => hasTag(s, 'FinanceDept')));
    const kv = await listAll(
      { RegionId: 'cn-shanghai', Tags: [{ Key: 'FinanceDept', Value: 'FinanceJoshua' }], MaxResults: 100 },
      method,
    );
    expect(ids(kv.sessions)).toEqual(expected(sh, (s) => hasTag(s, 'FinanceDept', 'FinanceJoshua')));
    expect(kv.sessions.length).toBeGreaterThan(0);
    expect(kv.sessions.length).toBeLessThan(expected(sh, (s) => hasTag(s, 'FinanceDept')).length);
    const empty = await listAll(
      { RegionId: 'cn-shanghai', Tags: [{ Key: 'pii', Value: '' }], MaxResults: 100 },
      method,
    );
    expect(ids(empty.sessions)).toEqual(expected(sh, (s) => hasTag(s, 'pii', '')));
    expect(empty.sessions.length).toBeGreaterThan(0);
    expect((await list({ RegionId: 'cn-shanghai', Tags: [{ Key: 'env', Value: '' }] })).TotalCount).toBe(0);
    expect((await list({ RegionId: 'cn-shanghai', Tags: [{ Key: 'no-such-key' }] })).TotalCount).toBe(0);
  });

  it('combines several tags with AND', async () => {
    const both = await listAll(
      {
        RegionId: 'cn-shanghai',
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'netops' },
        ],
        MaxResults: 100,
      },
      method,
    );
    expect(ids(both.sessions)).toEqual(expected(sh, (s) => hasTag(s, 'env', 'prod') && hasTag(s, 'team', 'netops')));
    expect(both.sessions.length).toBeGreaterThan(0);
    expect(both.sessions.length).toBeLessThan(expected(sh, (s) => hasTag(s, 'env', 'prod')).length);
    expect(
      (
        await list({
          RegionId: 'cn-shanghai',
          Tags: [
            { Key: 'env', Value: 'prod' },
            { Key: 'env', Value: 'dev' },
          ],
        })
      ).TotalCount,
    ).toBe(0);
  });

  it('combines different filters with AND', async () => {
    const standby = await list({
      RegionId: 'cn-hongkong',
      TrafficMirrorSourceId: WELL_KNOWN.SHARED_SOURCE_ENI,
      Enabled: false,
    });
    expect(ids(standby.TrafficMirrorSessions)).toEqual([WELL_KNOWN.FINANCE_TAP_STANDBY]);
    const finance = await list({
      RegionId: 'cn-hongkong',
      Tags: [{ Key: 'FinanceDept', Value: 'FinanceJoshua' }],
      Enabled: true,
      TrafficMirrorTargetId: WELL_KNOWN.COLLECTOR_ENI,
      TrafficMirrorFilterId: WELL_KNOWN.FINANCE_FILTER,
      ResourceGroupId: RESOURCE_GROUPS.finance,
      VirtualNetworkId: 10,
      Priority: 1,
      TrafficMirrorSessionName: WELL_KNOWN.FINANCE_TAP_NAME,
      TrafficMirrorSessionIds: [WELL_KNOWN.FINANCE_TAP, WELL_KNOWN.FINANCE_TAP_STANDBY],
    });
    expect(ids(finance.TrafficMirrorSessions)).toEqual([WELL_KNOWN.FINANCE_TAP]);
    const none = await list({
      RegionId: 'cn-hongkong',
      TrafficMirrorSessionIds: [WELL_KNOWN.FINANCE_TAP],
      Enabled: false,
    });
    expect(none.TotalCount).toBe(0);
    const rg = await listAll(
      {
        RegionId: 'cn-shanghai',
        ResourceGroupId: RESOURCE_GROUPS.default,
        Enabled: true,
        Tags: [{ Key: 'env' }],
        MaxResults: 100,
      },
      method,
    );
    expect(ids(rg.sessions)).toEqual(
      expected(sh, (s) => s.ResourceGroupId === RESOURCE_GROUPS.default && s.Enabled && hasTag(s, 'env')),
    );
  });

  it('pages through a region of hundreds to the end', async () => {
    for (const size of [100, 37]) {
      const { sessions, pages } = await listAll({ RegionId: 'cn-shanghai', MaxResults: size }, method);
      const seen = sessions.map((s) => s.TrafficMirrorSessionId);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(350);
      for (const p of pages) expect(p.TotalCount).toBe(350);
      expect(pages).toHaveLength(Math.ceil(350 / size));
      expect(pages.at(-1)?.NextToken).toBe('');
      expect(pages.slice(0, -1).every((p) => p.NextToken !== '' && p.TrafficMirrorSessions.length === size)).toBe(true);
      expect(sessions).toEqual(sh);
    }
  });

  it('pages with the default page size and ends exactly on a full page', async () => {
    const { pages } = await listAll({ RegionId: 'cn-hongkong' }, method);
    expect(pages.map((p) => p.TrafficMirrorSessions.length)).toEqual([10, 10, 10, 10]);
    expect(pages.at(-1)?.NextToken).toBe('');
  });

  it('pages through a filtered query', async () => {
    const { sessions, pages } = await listAll(
      { RegionId: 'cn-shanghai', Tags: [{ Key: 'env', Value: 'prod' }], MaxResults: 7 },
      method,
    );
    const want = expected(sh, (s) => hasTag(s, 'env', 'prod'));
    expect(ids(sessions)).toEqual(want);
    expect(pages[0]?.TotalCount).toBe(want.length);
    expect(want.length).toBeGreaterThan(7);
  });

  it('answers an empty region with an empty list', async () => {
    const page = await list({ RegionId: 'eu-central-1' });
    expect(page).toEqual({ NextToken: '', RequestId: page.RequestId, TotalCount: 0, TrafficMirrorSessions: [] });
  });

  it('binds a NextToken to its query', async () => {
    const first = await list({ RegionId: 'cn-shanghai', MaxResults: 20 });
    const token = first.NextToken;
    // Same question, parameters in another order and another page size: accepted.
    const again = await list({ MaxResults: 30, NextToken: token, RegionId: 'cn-shanghai' });
    expect(again.TrafficMirrorSessions[0]).toEqual(sh[20]);
    const others: Params[] = [
      { RegionId: 'cn-shanghai', Tags: [{ Key: 'env' }] },
      { RegionId: 'cn-shanghai', Enabled: true },
      { RegionId: 'cn-hongkong' },
      { RegionId: 'cn-shanghai', TrafficMirrorSessionIds: [sh[0]?.TrafficMirrorSessionId ?? ''] },
    ];
    for (const other of others) {
      const error = await rejection(list({ ...other, NextToken: token }));
      expect(error.code).toBe('IllegalParam.NextToken');
      expect(error.data?.Message).toBe('The specified NextToken is invalid.');
      expect(statusOf(error)).toBe(400);
    }
  });

  it('refuses tampered and made-up tokens', async () => {
    const { NextToken: token } = await list({ RegionId: 'cn-shanghai' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const first = token[0] === 'A' ? 'B' : 'A';
    for (const bad of [
      token.slice(0, -1) + last,
      first + token.slice(1),
      `${token}A`,
      'FFmyTO70tTpLG6I3FmYAXGKPd****',
      'garbage',
      '0',
      '10',
    ]) {
      const error = await rejection(list({ RegionId: 'cn-shanghai', NextToken: bad }));
      expect(error.code, bad).toBe('IllegalParam.NextToken');
    }
  });

  it('refuses a token issued by another stand-in', async () => {
    const other = await startVpcStandIn({ keys: [KEY], dataset });
    try {
      const { NextToken: token } = await popList(popClient(other.url), { RegionId: 'cn-shanghai' }, method);
      expect((await rejection(list({ RegionId: 'cn-shanghai', NextToken: token }))).code).toBe(
        'IllegalParam.NextToken',
      );
    } finally {
      await other.close();
    }
  });
});

describe('TotalCount as a string', () => {
  it('is sent as a string when asked', async () => {
    const stringy = await startVpcStandIn({ keys: [KEY], seed: 5, totalCountAsString: true });
    const flagged = await startVpcStandIn({ keys: [KEY], dataset: generateDataset(5, { totalCountAsString: true }) });
    try {
      expect((await popList(popClient(stringy.url), { RegionId: 'cn-hongkong' })).TotalCount).toBe('40');
      expect((await popList(popClient(flagged.url), { RegionId: 'eu-central-1' })).TotalCount).toBe('0');
    } finally {
      await stringy.close();
      await flagged.close();
    }
  });
});

describe('ListTrafficMirrorSessions over the official SDK (@alicloud/vpc20160428, signature V1)', () => {
  it('lists with filters, and the SDK model turns TotalCount into a string', async () => {
    const client = officialClient(standIn.port);
    const response = await client.listTrafficMirrorSessions(
      new $Vpc.ListTrafficMirrorSessionsRequest({
        regionId: 'cn-hongkong',
        trafficMirrorSourceId: WELL_KNOWN.SHARED_SOURCE_ENI,
        tags: [new $Vpc.ListTrafficMirrorSessionsRequestTags({ key: 'FinanceDept', value: 'FinanceJoshua' })],
        enabled: true,
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.body?.totalCount).toBe('1');
    expect(response.body?.nextToken).toBe('');
    expect(response.body?.requestId).toMatch(UPPER_UUID);
    const s = response.body?.trafficMirrorSessions?.[0];
    expect(s?.trafficMirrorSessionId).toBe(WELL_KNOWN.FINANCE_TAP);
    expect(s?.trafficMirrorSourceIds).toEqual([WELL_KNOWN.SHARED_SOURCE_ENI, WELL_KNOWN.FINANCE_SOURCE_ENI]);
    expect(s?.tags?.map((t) => [t.key, t.value])).toContainEqual(['FinanceDept', 'FinanceJoshua']);
    // The SDK sends everything in the query string of a POST, with Format=json in lower case.
    const seen = standIn.requests.at(-1);
    expect(seen?.method).toBe('POST');
    expect(seen?.params.Format).toBe('json');
  });

  it('pages through cn-shanghai by NextToken and lists session ids', async () => {
    const client = officialClient(standIn.port, KEY, 'cn-shanghai');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const request = new $Vpc.ListTrafficMirrorSessionsRequest({ regionId: 'cn-shanghai', maxResults: 100 });
      if (token) request.nextToken = token;
      const body = (await client.listTrafficMirrorSessions(request)).body;
      for (const s of body?.trafficMirrorSessions ?? []) seen.push(s.trafficMirrorSessionId ?? '');
      token = body?.nextToken;
      pages += 1;
    } while (token && pages < 100);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(350);
    const byId = await client.listTrafficMirrorSessions(
      new $Vpc.ListTrafficMirrorSessionsRequest({
        regionId: 'cn-shanghai',
        trafficMirrorSessionIds: seen.slice(0, 100),
        maxResults: 100,
      }),
    );
    expect(byId.body?.trafficMirrorSessions?.map((s) => s.trafficMirrorSessionId).sort()).toEqual(
      seen.slice(0, 100).sort(),
    );
  });

  it('gets the IllegalParam.NextToken error as a ClientError with status 400', async () => {
    const client = officialClient(standIn.port);
    const error = await rejection(
      client.listTrafficMirrorSessions(
        new $Vpc.ListTrafficMirrorSessionsRequest({ regionId: 'cn-hongkong', nextToken: 'not-a-token' }),
      ),
    );
    expect(error).toBeInstanceOf(ClientError);
    if (!(error instanceof ClientError)) return;
    expect(error.code).toBe('IllegalParam.NextToken');
    expect(error.statusCode).toBe(400);
  });
});
