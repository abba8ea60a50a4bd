import { describe, expect, it } from 'vitest';
import { parseCreationTime, parseSessionPage } from '../../src/cloud/parse';
import { HK, interceptOnce, noFilters, pageBody, rawSession, service } from './helpers';

async function pageFrom(body: string | Record<string, unknown>) {
  interceptOnce(HK, 200, body);
  return service().listPage({ region: 'cn-hongkong', filters: noFilters(), maxResults: 10 });
}

describe('response parsing', () => {
  it('maps every field of a session', async () => {
    const page = await pageFrom(pageBody([rawSession()], { NextToken: 'tok-2' }));
    expect(page).toEqual({
      region: 'cn-hongkong',
      totalCount: 1,
      nextToken: 'tok-2',
      requestId: '739CA01C-92EB-4C69-BCC0-280149C6F41E',
      sessions: [
        {
          id: 'tms-6cla50buc44ap8tu0001',
          name: 'abc',
          description: 'This is a session.',
          enabled: false,
          priority: 1,
          vni: 10,
          packetLength: 1500,
          targetId: 'eni-j6c2fp57q8rr47rp0001',
          targetType: 'NetworkInterface',
          filterId: 'tmf-6cmls82xnc86vtpe0001',
          sourceIds: ['eni-j6c8znm5l1yt4sox0001'],
          status: 'Created',
          businessStatus: 'Normal',
          resourceGroupId: 'rg-bp67acfmxazb4ph0001',
          tags: [{ key: 'FinanceDept', value: 'FinanceJoshua' }],
          creationTimeRaw: '2023-09-05T15:26Z',
          createdAt: new Date(Date.UTC(2023, 8, 5, 15, 26)),
        },
      ],
    });
  });

  it('accepts TotalCount as a number or a string', async () => {
    expect((await pageFrom(pageBody([], { TotalCount: 42 }))).totalCount).toBe(42);
    expect((await pageFrom(pageBody([], { TotalCount: '42' }))).totalCount).toBe(42);
    expect((await pageFrom(pageBody([], { TotalCount: 'many' }))).totalCount).toBeUndefined();
    expect((await pageFrom({ RequestId: 'r', TrafficMirrorSessions: [] })).totalCount).toBeUndefined();
  });

  it('treats an empty or absent NextToken as the last page', async () => {
    expect((await pageFrom(pageBody([], { NextToken: '' }))).nextToken).toBeUndefined();
    expect((await pageFrom(pageBody([]))).nextToken).toBeUndefined();
    expect((await pageFrom(pageBody([], { NextToken: 'abc' }))).nextToken).toBe('abc');
  });

  it('normalises json-bigint values (null-prototype objects, BigNumber for long integers)', async () => {
    const text =
      '{"RequestId":"r1","TotalCount":12345678901234567890,"NextToken":"t","TrafficMirrorSessions":[' +
      '{"TrafficMirrorSessionId":"tms-00000000000000000big","TrafficMirrorSessionName":123456789012345678901234,' +
      '"VirtualNetworkId":1234567890123456,"Priority":"7","Enabled":"true","Tags":[{"Key":"k"}]}]}';
    const page = await pageFrom(text);
    expect(page.totalCount).toBe(Number('12345678901234567890'));
    expect(page.sessions[0]).toMatchObject({
      id: 'tms-00000000000000000big',
      name: '123456789012345678901234',
      vni: 1234567890123456,
      priority: 7,
      enabled: true,
      tags: [{ key: 'k', value: '' }],
    });
  });

  it('tolerates missing fields and odd shapes', () => {
    const page = parseSessionPage(
      {
        TrafficMirrorSessions: [
          {},
          'junk',
          {
            TrafficMirrorSessionId: 'tms-0000000000000000000x',
            TrafficMirrorSourceIds: { TrafficMirrorSourceId: ['eni-00000000000000000001'] },
            Tags: null,
          },
        ],
      },
      'cn-hongkong',
      'from-header',
    );
    expect(page.requestId).toBe('from-header');
    expect(page.sessions).toHaveLength(2);
    expect(page.sessions[0]).toMatchObject({
      id: '',
      name: '',
      enabled: false,
      priority: undefined,
      sourceIds: [],
      tags: [],
      createdAt: undefined,
    });
    expect(page.sessions[1]).toMatchObject({ id: 'tms-0000000000000000000x', sourceIds: ['eni-00000000000000000001'] });
    expect(
      parseSessionPage({ TrafficMirrorSessions: { TrafficMirrorSession: [rawSession()] } }, 'r').sessions,
    ).toHaveLength(1);
    expect(parseSessionPage({}, 'r')).toEqual({
      region: 'r',
      sessions: [],
      totalCount: undefined,
      nextToken: undefined,
      requestId: undefined,
    });
  });

  it('parses CreationTime in UTC, with a fallback to undefined', () => {
    expect(parseCreationTime('2023-09-05T15:26Z')?.toISOString()).toBe('2023-09-05T15:26:00.000Z');
    expect(parseCreationTime('2023-09-05T15:26:07Z')?.toISOString()).toBe('2023-09-05T15:26:07.000Z');
    expect(parseCreationTime('2023-09-05T15:26:07.5Z')?.toISOString()).toBe('2023-09-05T15:26:07.500Z');
    expect(parseCreationTime('2023-09-05T23:26+08:00')?.toISOString()).toBe('2023-09-05T15:26:00.000Z');
    expect(parseCreationTime('2023-02-30T10:00Z')).toBeUndefined();
    // Zoneless text is UTC, whatever the server's own time zone.
    expect(parseCreationTime('2023-09-05 15:26')?.toISOString()).toBe('2023-09-05T15:26:00.000Z');
    expect(parseCreationTime('2023-09-05T23:26+0800')?.toISOString()).toBe('2023-09-05T15:26:00.000Z');
    expect(parseCreationTime('yesterday')).toBeUndefined();
    expect(parseCreationTime('')).toBeUndefined();
  });
});
