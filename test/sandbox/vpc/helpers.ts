/**
 * Test helpers for the VPC stand-in: the two real clients (pop-core and the official SDK in signature-V1 mode), a
 * raw HTTP client, and a signer written here independently of the stand-in's own code, so the stand-in is never
 * checked only against itself.
 */
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import VpcClient from '@alicloud/vpc20160428';
import type { WireTrafficMirrorSession } from '../../../src/sandbox/vpc';

export const KEY = {
  accessKeyId: 'LTAI5tStandInTestKey01',
  accessKeySecret: 'standin-test-secret-0123456789',
} as const;
export const OTHER_KEY = {
  accessKeyId: 'LTAI5tStandInTestKey02',
  accessKeySecret: 'another-secret-abcdefghij',
} as const;
const API_VERSION = '2016-04-28';

export interface ListResponse {
  NextToken: string;
  RequestId: string;
  TotalCount: number | string;
  TrafficMirrorSessions: WireTrafficMirrorSession[];
}

export interface ErrorResponse {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
  AccessDeniedDetail?: Record<string, unknown>;
}

/** What pop-core throws for an API error (see lib/rpc.js): code, data (the JSON body) and entry (status). */
export interface PopCoreError extends Error {
  code?: string;
  data?: ErrorResponse;
  url?: string;
  entry?: { response?: { statusCode?: number } | null };
}

export function popClient(
  url: string,
  key: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = KEY,
): RPCClient {
  return new RPCClient({ endpoint: url, apiVersion: API_VERSION, ...key });
}

/** pop-core's verbose mode (lib/rpc.js: `new RPCClient(config, true)`) returns [body, entry] with the signed URL; its typings omit it. */
export async function popSignedCall(url: string, params: Params): Promise<{ body: ListResponse; url: string }> {
  const Verbose = RPCClient as unknown as new (config: RPCClient.Config, verbose: boolean) => RPCClient;
  const client = new Verbose({ endpoint: url, apiVersion: API_VERSION, ...KEY }, true);
  const [body, entry] = await client.request<[ListResponse, { url: string }]>('ListTrafficMirrorSessions', params);
  return { body, url: entry.url };
}

export type Params = Record<string, string | number | boolean | Array<string | { Key: string; Value?: string }>>;

/** ListTrafficMirrorSessions through pop-core, GET (default) or POST. */
export function popList(
  client: RPCClient,
  params: Params,
  method: 'GET' | 'POST' = 'GET',
  opts: Record<string, unknown> = {},
): Promise<ListResponse> {
  return client.request<ListResponse>(
    'ListTrafficMirrorSessions',
    params,
    method === 'POST' ? { method: 'POST', ...opts } : opts,
  );
}

export async function rejection(promise: Promise<unknown>): Promise<PopCoreError> {
  try {
    await promise;
  } catch (error) {
    return error as PopCoreError;
  }
  throw new Error('expected the call to fail');
}

export function statusOf(error: PopCoreError): number | undefined {
  return error.entry?.response?.statusCode ?? undefined;
}

/**
 * The official SDK (@alicloud/vpc20160428 on @alicloud/openapi-core) in signature-V1 mode. The switch is
 * `signatureAlgorithm: 'v2'` (sic): callApi() then takes doRPCRequest(), which signs HMAC-SHA1 V1. Without it the
 * SDK signs ACS3-HMAC-SHA256 (V3) in an Authorization header. `signatureVersion` does not select V1.
 */
export function officialClient(
  port: number,
  key: { accessKeyId: string; accessKeySecret: string } = KEY,
  regionId = 'cn-hongkong',
  v1 = true,
): VpcClient {
  const config = new $OpenApiUtil.Config({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    regionId,
  });
  if (v1) config.signatureAlgorithm = 'v2';
  return new VpcClient(config);
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

export function json<T>(response: RawResponse): T {
  return JSON.parse(response.body) as T;
}

// ---- an independent V1 signer -------------------------------------------------------------------------------

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Signs `params` plus the common parameters for `method`; returns the encoded `k=v&…` including Signature. */
export function signedQuery(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  options: {
    key?: { accessKeyId: string; accessKeySecret: string };
    timestamp?: string;
    nonce?: string;
    signAs?: 'GET' | 'POST';
    omit?: string[];
  } = {},
): string {
  const key = options.key ?? KEY;
  const all: Record<string, string> = {
    Action: 'ListTrafficMirrorSessions',
    Version: API_VERSION,
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: options.nonce ?? randomUUID(),
    Timestamp: options.timestamp ?? isoSeconds(Date.now()),
    AccessKeyId: key.accessKeyId,
    ...params,
  };
  for (const name of options.omit ?? []) delete all[name];
  const canonical = Object.keys(all)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(all[k] ?? '')}`)
    .join('&');
  const toSign = `${options.signAs ?? method}&${rfc3986('/')}&${rfc3986(canonical)}`;
  const signature = createHmac('sha1', `${key.accessKeySecret}&`).update(toSign).digest('base64');
  return `${canonical}&Signature=${rfc3986(signature)}`;
}

/** Sends a request signed by the independent signer: GET puts it in the query, POST in a form body. */
export function sendSigned(
  url: string,
  method: 'GET' | 'POST',
  params: Record<string, string>,
  options: Parameters<typeof signedQuery>[2] = {},
): Promise<RawResponse> {
  const query = signedQuery(method, params, options);
  if (method === 'GET') return rawRequest(`${url}/?${query}`);
  return rawRequest(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: query,
  });
}

export const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

export const SESSION_FIELDS = [
  'TrafficMirrorTargetId',
  'TrafficMirrorSessionId',
  'Priority',
  'TrafficMirrorTargetType',
  'PacketLength',
  'TrafficMirrorSessionDescription',
  'TrafficMirrorSessionStatus',
  'Enabled',
  'TrafficMirrorSessionBusinessStatus',
  'VirtualNetworkId',
  'TrafficMirrorFilterId',
  'TrafficMirrorSessionName',
  'TrafficMirrorSourceIds',
  'ResourceGroupId',
  'Tags',
  'CreationTime',
];

export function ids(sessions: readonly WireTrafficMirrorSession[]): string[] {
  return sessions.map((s) => s.TrafficMirrorSessionId).sort();
}
