import nock from 'nock';
import { type VpcServiceOptions, VpcSessionService } from '../../src/cloud/vpc-service';
import type { Logger } from '../../src/log';
import { createLogger } from '../../src/log';
import type { SessionFilters } from '../../src/query/types';

export const FAKE_KEY_ID = 'LTAITESTKEYID123456';
export const FAKE_SECRET = 'testSecretValue0123456789abcdef';
export const FAKE_TOKEN = 'STS.testSecurityTokenValue999';
export const HK = 'https://vpc.cn-hongkong.aliyuncs.com';

export const noFilters = (): SessionFilters => ({ tags: [], sessionIds: [] });

/** A logger that keeps every line (already scrubbed by createLogger), plus the raw calls. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('debug', (line) => lines.push(line)), lines };
}

/** Timing that never really waits: retries run instantly and deterministically. */
const instantTiming = { sleep: async (): Promise<void> => undefined, random: (): number => 0.5 };

export function service(options: Partial<VpcServiceOptions> = {}): VpcSessionService {
  return new VpcSessionService({
    credentials: { accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET },
    timing: instantTiming,
    ...options,
  });
}

export interface SeenRequest {
  method: string;
  params: URLSearchParams;
}

/** Parameters of a request nock caught: the query string for GET, the form body for POST. */
export function paramsOf(uri: string, body: unknown): URLSearchParams {
  const query = new URL(uri, 'http://x').searchParams;
  if (typeof body === 'string' && body !== '') return new URLSearchParams(body);
  return query;
}

export function rawSession(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    TrafficMirrorTargetId: 'eni-j6c2fp57q8rr47rp0001',
    TrafficMirrorSessionId: 'tms-6cla50buc44ap8tu0001',
    Priority: 1,
    TrafficMirrorTargetType: 'NetworkInterface',
    PacketLength: 1500,
    TrafficMirrorSessionDescription: 'This is a session.',
    TrafficMirrorSessionStatus: 'Created',
    Enabled: false,
    TrafficMirrorSessionBusinessStatus: 'Normal',
    VirtualNetworkId: 10,
    TrafficMirrorFilterId: 'tmf-6cmls82xnc86vtpe0001',
    TrafficMirrorSessionName: 'abc',
    TrafficMirrorSourceIds: ['eni-j6c8znm5l1yt4sox0001'],
    ResourceGroupId: 'rg-bp67acfmxazb4ph0001',
    Tags: [{ Key: 'FinanceDept', Value: 'FinanceJoshua' }],
    CreationTime: '2023-09-05T15:26Z',
    ...overrides,
  };
}

export function pageBody(
  sessions: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    RequestId: '739CA01C-92EB-4C69-BCC0-280149C6F41E',
    TotalCount: sessions.length,
    TrafficMirrorSessions: sessions,
    ...extra,
  };
}

/** Intercepts one GET on `origin` and records what was sent. */
export function interceptOnce(
  origin: string,
  status: number,
  body: string | Record<string, unknown>,
  seen: SeenRequest[] = [],
  headers: Record<string, string> = {},
): SeenRequest[] {
  nock(origin)
    .get(/.*/)
    .reply((uri) => {
      seen.push({ method: 'GET', params: paramsOf(uri, undefined) });
      return [
        status,
        typeof body === 'string' ? body : JSON.stringify(body),
        { 'content-type': 'application/json', ...headers },
      ];
    });
  return seen;
}
