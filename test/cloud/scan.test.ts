import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { listAllSessions, summarize } from '../../src/cloud/scan';
import type { MirrorSession, PageRequest, SessionPage, SessionSource } from '../../src/cloud/types';
import { HK, interceptOnce, noFilters, pageBody, rawSession, type SeenRequest, service } from './helpers';

function session(id: string, overrides: Partial<MirrorSession> = {}): MirrorSession {
  return {
    id,
    name: id,
    description: '',
    enabled: true,
    priority: 1,
    vni: 1,
    packetLength: 1500,
    targetId: 'eni-0000000000000000000t',
    targetType: 'NetworkInterface',
    filterId: 'tmf-0000000000000000000f',
    sourceIds: [],
    status: 'Created',
    businessStatus: 'Normal',
    resourceGroupId: '',
    tags: [],
    creationTimeRaw: '',
    createdAt: undefined,
    ...overrides,
  };
}

describe('listAllSessions', () => {
  it('scans every page with MaxResults=100, following NextToken', async () => {
    const seen: SeenRequest[] = [];
    interceptOnce(
      HK,
      200,
      pageBody(
        [
          rawSession({ TrafficMirrorSessionId: 'tms-00000000000000000001' }),
          rawSession({ TrafficMirrorSessionId: 'tms-00000000000000000002' }),
        ],
        {
          NextToken: 'page-2',
          TotalCount: '5',
        },
      ),
      seen,
    );
    interceptOnce(
      HK,
      200,
      pageBody(
        [
          rawSession({ TrafficMirrorSessionId: 'tms-00000000000000000003' }),
          rawSession({ TrafficMirrorSessionId: 'tms-00000000000000000004' }),
        ],
        {
          NextToken: 'page-3',
          TotalCount: '5',
        },
      ),
      seen,
    );
    interceptOnce(
      HK,
      200,
      pageBody([rawSession({ TrafficMirrorSessionId: 'tms-00000000000000000005' })], {
        NextToken: '',
        TotalCount: '5',
      }),
      seen,
    );
    const sessions = await service().listAll('cn-hongkong', { ...noFilters(), enabled: true });
    expect(sessions.map((s) => s.id)).toEqual([
      'tms-00000000000000000001',
      'tms-00000000000000000002',
      'tms-00000000000000000003',
      'tms-00000000000000000004',
      'tms-00000000000000000005',
    ]);
    expect(seen.map((r) => r.params.get('NextToken'))).toEqual([null, 'page-2', 'page-3']);
    expect(seen.every((r) => r.params.get('MaxResults') === '100' && r.params.get('Enabled') === 'true')).toBe(true);
    expect(nock.isDone()).toBe(true);
  });

  it('stops when the same token comes back (token loop guard)', async () => {
    const seen: SeenRequest[] = [];
    interceptOnce(
      HK,
      200,
      pageBody([rawSession({ TrafficMirrorSessionId: 'tms-00000000000000000001' })], { NextToken: 'loop' }),
      seen,
    );
    nock(HK)
      .get(/.*/)
      .times(50)
      .reply(
        200,
        pageBody([rawSession({ TrafficMirrorSessionId: 'tms-00000000000000000002' })], { NextToken: 'loop' }),
      );
    const sessions = await listAllSessions(service(), 'cn-hongkong', noFilters());
    expect(sessions.map((s) => s.id)).toEqual(['tms-00000000000000000001', 'tms-00000000000000000002']);
    expect(nock.pendingMocks()).toHaveLength(1); // the 50-times interceptor was used once, not 50 times
  });

  it('stops at the page limit and de-duplicates by id', async () => {
    let n = 0;
    const source: SessionSource = {
      async listPage(request: PageRequest): Promise<SessionPage> {
        n += 1;
        return {
          region: request.region,
          sessions: [session('tms-0000000000000000same')],
          totalCount: undefined,
          nextToken: `t${n}`,
          requestId: undefined,
        };
      },
    };
    const sessions = await listAllSessions(source, 'cn-hongkong', noFilters(), undefined, { maxPages: 7 });
    expect(n).toBe(7);
    expect(sessions).toHaveLength(1);
  });

  it('propagates a page failure as the CloudError', async () => {
    interceptOnce(HK, 200, pageBody([rawSession()], { NextToken: 'p2' }));
    interceptOnce(HK, 400, { RequestId: 'r', Code: 'IllegalParam.NextToken', Message: 'bad' });
    await expect(service().listAll('cn-hongkong', noFilters())).rejects.toMatchObject({ code: 'bad_next_token' });
  });
});

describe('summarize', () => {
  it('counts totals, enabled/disabled, statuses, financial locks and the newest five', () => {
    const at = (minute: number): Date => new Date(Date.UTC(2024, 0, 1, 0, minute));
    const sessions = [
      session('a', { createdAt: at(1) }),
      session('b', { enabled: false, status: 'Creating', createdAt: at(7) }),
      session('c', { businessStatus: 'FinancialLocked', createdAt: at(3) }),
      session('d', { enabled: false, status: '', createdAt: undefined }),
      session('e', { createdAt: at(5) }),
      session('f', { status: 'Deleting', createdAt: at(6) }),
      session('g', { createdAt: at(2) }),
    ];
    const now = new Date('2024-02-01T00:00:00Z');
    const overview = summarize('cn-hongkong', sessions, now);
    expect(overview).toMatchObject({
      region: 'cn-hongkong',
      ok: true,
      total: 7,
      enabled: 5,
      disabled: 2,
      byStatus: { Created: 4, Creating: 1, Deleting: 1, Unknown: 1 },
      scannedAt: now,
    });
    if (!overview.ok) throw new Error('expected ok');
    expect(overview.financialLocked.map((s) => s.id)).toEqual(['c']);
    expect(overview.newest.map((s) => s.id)).toEqual(['b', 'f', 'e', 'c', 'g']);
    expect(summarize('r', [], now)).toMatchObject({
      ok: true,
      total: 0,
      enabled: 0,
      disabled: 0,
      byStatus: {},
      newest: [],
      financialLocked: [],
    });
  });
});
