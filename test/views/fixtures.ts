import type { MirrorSession, SessionPage } from '../../src/cloud/types';
import type { MirrorQuery } from '../../src/query/types';

export const NOW = new Date('2023-09-08T15:26:00Z');
/** 2023-09-05T15:26Z, three days before NOW. */
const CREATED = new Date('2023-09-05T15:26:00Z');
export const CREATED_UNIX = Math.floor(CREATED.getTime() / 1000);

function idSuffix(n: number, width = 21): string {
  return `j6c${n.toString(36)}`.padEnd(width, 'x');
}

export function session(overrides: Partial<MirrorSession> = {}, n = 0): MirrorSession {
  return {
    id: `tms-${idSuffix(n)}`,
    name: `mirror-${n}`,
    description: 'This is a session.',
    enabled: true,
    priority: 1 + n,
    vni: 10 + n,
    packetLength: 1500,
    targetId: `eni-${idSuffix(n + 1000)}`,
    targetType: 'NetworkInterface',
    filterId: `tmf-${idSuffix(n)}`,
    sourceIds: [`eni-${idSuffix(n + 2000)}`],
    status: 'Created',
    businessStatus: 'Normal',
    resourceGroupId: 'rg-bp67acfmxazb4ph1234',
    tags: [{ key: 'FinanceDept', value: 'FinanceJoshua' }],
    creationTimeRaw: '2023-09-05T15:26Z',
    createdAt: CREATED,
    ...overrides,
  };
}

const LONG = (prefix: string, length: number): string => (prefix + 'x'.repeat(length)).slice(0, length);

/** Every variable-length field at the API's maximum (and ids a little longer than real ones). */
export function worstSession(n: number): MirrorSession {
  return session(
    {
      id: `tms-${idSuffix(n, 24)}`,
      name: LONG(`<script>&name-${n}-`, 128),
      description: LONG(`<b>&desc-${n} `, 256),
      sourceIds: Array.from({ length: 10 }, (_, i) => `eni-${idSuffix(n * 10 + i + 5000, 24)}`),
      targetId: `lb-${idSuffix(n + 1000, 24)}`,
      targetType: 'SLB',
      filterId: `tmf-${idSuffix(n, 24)}`,
      resourceGroupId: `rg-${idSuffix(n, 24)}`,
      vni: 16777215,
      priority: 32766,
      enabled: n % 2 === 0,
      status: ['Created', 'Creating', 'Modifying', 'Deleting'][n % 4] ?? 'Created',
      businessStatus: n % 3 === 0 ? 'FinancialLocked' : 'Normal',
      tags: Array.from({ length: 20 }, (_, i) => ({ key: LONG(`k${i}-&<`, 64), value: LONG(`v${i}-<>`, 128) })),
    },
    n,
  );
}

export function page(sessions: MirrorSession[], overrides: Partial<SessionPage> = {}): SessionPage {
  return {
    region: 'cn-hongkong',
    sessions,
    totalCount: sessions.length,
    nextToken: undefined,
    requestId: 'REQ-1',
    ...overrides,
  };
}

export function query(overrides: Partial<MirrorQuery['filters']> = {}, limit = 10): MirrorQuery {
  return {
    scope: { kind: 'region', region: 'cn-hongkong' },
    filters: { tags: [], sessionIds: [], ...overrides },
    limit,
  };
}

/** Every piece of text in the blocks, joined: for "contains" assertions. */
export function allText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return out.join('\n');
}
