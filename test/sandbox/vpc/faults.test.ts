import http from 'node:http';
import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultQueue, startVpcStandIn, type VpcStandIn } from '../../../src/sandbox/vpc';
import {
  type ErrorResponse,
  json,
  KEY,
  type ListResponse,
  OTHER_KEY,
  officialClient,
  popClient,
  popList,
  rawRequest,
  rejection,
  sendSigned,
  signedQuery,
  statusOf,
  UPPER_UUID,
} from './helpers';

let standIn: VpcStandIn;

beforeAll(async () => {
  standIn = await startVpcStandIn({ keys: [KEY], seed: 3 });
});
afterEach(() => {
  standIn.faults.clear();
});
afterAll(async () => {
  await standIn.close();
});

const list = (region = 'cn-hongkong', method: 'GET' | 'POST' = 'GET'): Promise<ListResponse> =>
  popList(popClient(standIn.url), { RegionId: region }, method);

describe('faults', () => {
  it('throttle: Throttling.User 400, once by default, then normal answers', async () => {
    standIn.faults.push({ kind: 'throttle' });
    const error = await rejection(list());
    expect(error.code).toBe('Throttling.User');
    expect(statusOf(error)).toBe(400);
    expect(error.data).toMatchObject({
      Code: 'Throttling.User',
      Message: 'Request was denied due to user flow control.',
      HostId: 'vpc.cn-hongkong.aliyuncs.com',
    });
    expect(error.data?.RequestId).toMatch(UPPER_UUID);
    expect((await list()).TotalCount).toBe(40);
    expect(standIn.faults.size).toBe(0);
  });

  it('503: ServiceUnavailable; 500: InternalError', async () => {
    standIn.faults.push({ kind: '503' }, { kind: '500' });
    const unavailable = await rejection(list('cn-hongkong', 'POST'));
    expect([unavailable.code, statusOf(unavailable)]).toEqual(['ServiceUnavailable', 503]);
    const internal = await rejection(list());
    expect([internal.code, statusOf(internal)]).toEqual(['InternalError', 500]);
  });

  it('answers `times` matching requests, in push order', async () => {
    standIn.faults.push({ kind: 'throttle', times: 2 }, { kind: '503' });
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) codes.push((await rejection(list())).code);
    expect(codes).toEqual(['Throttling.User', 'Throttling.User', 'ServiceUnavailable']);
    expect((await list()).TotalCount).toBe(40);
  });

  it('applies a region-scoped fault only to that region', async () => {
    standIn.faults.push({ kind: '500', region: 'cn-shanghai' });
    expect((await list('cn-hongkong')).TotalCount).toBe(40);
    expect(standIn.faults.pending()).toEqual([{ kind: '500', remaining: 1, region: 'cn-shanghai' }]);
    expect((await rejection(list('cn-shanghai'))).code).toBe('InternalError');
    expect(standIn.faults.size).toBe(0);
  });

  it('is not spent on requests the stand-in refuses anyway', async () => {
    standIn.faults.push({ kind: 'throttle' });
    expect((await rejection(popList(popClient(standIn.url, OTHER_KEY), { RegionId: 'cn-hongkong' }))).code).toBe(
      'InvalidAccessKeyId.NotFound',
    );
    expect(
      (await rawRequest(`${standIn.url}/?Action=ListTrafficMirrorSessions&Version=2016-04-28&RegionId=cn-hongkong`))
        .status,
    ).toBe(404);
    expect(standIn.faults.size).toBe(1);
    expect((await rejection(list())).code).toBe('Throttling.User');
  });

  it('html502: an nginx HTML page; pop-core fails with json-bigint’s bare SyntaxError object', async () => {
    standIn.faults.push({ kind: 'html502' }, { kind: 'html502' });
    const raw = await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong' });
    expect(raw.status).toBe(502);
    expect(raw.headers['content-type']).toBe('text/html');
    expect(raw.body).toContain('<title>502 Bad Gateway</title>');
    expect(raw.body).toContain('<center>nginx</center>');
    const error = await rejection(list());
    // json-bigint throws a plain object {name: 'SyntaxError', message, at, text}: not an Error instance at all.
    expect(error.name).toBe('SyntaxError');
    expect(error).not.toBeInstanceOf(Error);
    expect(error.code).toBeUndefined();
    expect(standIn.requests.at(-1)).toMatchObject({ status: 502, fault: 'html502' });
  });

  it('forbidden: Forbidden.RAM 403 with AccessDeniedDetail', async () => {
    standIn.faults.push({ kind: 'forbidden' });
    const error = await rejection(list());
    expect(error.code).toBe('Forbidden.RAM');
    expect(statusOf(error)).toBe(403);
    expect(error.data).toMatchObject({
      Message: 'User not authorized to operate on the specified resource.',
      AccessDeniedDetail: { AuthAction: 'vpc:ListTrafficMirrorSessions', NoPermissionType: 'ImplicitDeny' },
    });
  });

  it('latency: answers normally, after the others', async () => {
    standIn.faults.push({ kind: 'latency', ms: 1500 });
    const order: string[] = [];
    const slow = list().then((page) => {
      order.push('slow');
      return page;
    });
    // Let the slow request arrive first so it takes the fault.
    while (standIn.requests.at(-1)?.fault !== 'latency') await new Promise((r) => setTimeout(r, 5));
    await list().then(() => order.push('fast'));
    expect((await slow).TotalCount).toBe(40);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('hang: never answers; the client times out; close() ends it', async () => {
    const own = await startVpcStandIn({ keys: [KEY], seed: 3 });
    own.faults.push({ kind: 'hang', times: 2 });
    const error = await rejection(popList(popClient(own.url), { RegionId: 'cn-hongkong' }, 'GET', { timeout: 300 }));
    expect(error.name).toMatch(/Timeout/i);
    // A raw request with no timeout of its own: close() must still end it.
    const pending = new Promise<string>((resolve) => {
      const req = http.get(`${own.url}/?${signedQuery('GET', { RegionId: 'cn-hongkong' })}`, { agent: false }, () =>
        resolve('answered'),
      );
      req.on('error', (e) => resolve(`error: ${e.message}`));
    });
    while (own.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(own.requests.at(-1)?.status).toBeUndefined();
    await own.close();
    expect(await pending).toMatch(/^error: /);
  });

  it('reaches the official SDK as its typed errors', async () => {
    const client = officialClient(standIn.port);
    const call = () =>
      client.listTrafficMirrorSessions(new $Vpc.ListTrafficMirrorSessionsRequest({ regionId: 'cn-hongkong' }));
    standIn.faults.push({ kind: 'throttle' }, { kind: '503' }, { kind: 'forbidden' });
    expect(await rejection(call())).toBeInstanceOf(ThrottlingError);
    const unavailable = await rejection(call());
    expect(unavailable).toBeInstanceOf(ServerError);
    if (unavailable instanceof ServerError)
      expect([unavailable.code, unavailable.statusCode]).toEqual(['ServiceUnavailable', 503]);
    const forbidden = await rejection(call());
    expect(forbidden).toBeInstanceOf(ClientError);
    if (forbidden instanceof ClientError)
      expect(forbidden.accessDeniedDetail?.AuthAction).toBe('vpc:ListTrafficMirrorSessions');
    expect((await call()).body?.totalCount).toBe('40');
  });
});

describe('FaultQueue', () => {
  it('validates what it is given', () => {
    const queue = new FaultQueue();
    expect(() => queue.push({ kind: 'meteor' } as unknown as Parameters<FaultQueue['push']>[0])).toThrow(TypeError);
    expect(() => queue.push({ kind: 'throttle', times: 0 })).toThrow(TypeError);
    expect(() => queue.push({ kind: 'latency', ms: -1 })).toThrow(TypeError);
    expect(() => queue.push({ kind: 'throttle' }, { kind: '503', region: '' })).toThrow(TypeError);
    expect(queue.size).toBe(0);
    queue.push({ kind: 'latency' });
    expect(queue.pending()).toEqual([{ kind: 'latency', remaining: 1, ms: 1000 }]);
  });
});

describe('/__faults over HTTP', () => {
  const post = (body: string, contentType = 'application/json') =>
    rawRequest(`${standIn.url}/__faults`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('queues faults from JSON: one, an array, or {faults: [...]}; lists and clears them', async () => {
    expect((await post(JSON.stringify({ kind: 'throttle', region: 'cn-hongkong' }))).status).toBe(200);
    expect((await post(JSON.stringify([{ kind: '503' }, { kind: '500', times: 2 }]))).status).toBe(200);
    const listed = await post(JSON.stringify({ faults: [{ kind: 'latency', ms: 10 }] }));
    expect(json<{ faults: unknown[] }>(listed).faults).toHaveLength(4);
    expect(json<{ faults: unknown[] }>(await rawRequest(`${standIn.url}/__faults`)).faults).toHaveLength(4);
    expect((await rejection(list())).code).toBe('Throttling.User');
    expect((await rawRequest(`${standIn.url}/__faults`, { method: 'DELETE' })).status).toBe(200);
    expect(standIn.faults.size).toBe(0);
    expect((await list()).TotalCount).toBe(40);
  });

  it('refuses bad faults, bad JSON and non-JSON bodies without queueing anything', async () => {
    const unknown = await post(JSON.stringify([{ kind: '503' }, { kind: 'meteor' }]));
    expect(unknown.status).toBe(400);
    expect(json<{ error: string }>(unknown).error).toContain('meteor');
    expect((await post('{not json')).status).toBe(400);
    expect((await post('kind=throttle', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await rawRequest(`${standIn.url}/__faults`, { method: 'PUT' })).status).toBe(405);
    expect(standIn.faults.size).toBe(0);
  });

  it('does not log /__faults calls as API requests', async () => {
    const before = standIn.requests.length;
    await rawRequest(`${standIn.url}/__faults`);
    expect(standIn.requests.length).toBe(before);
    const response = await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong' });
    expect(json<ErrorResponse | ListResponse>(response)).toHaveProperty('TotalCount', 40);
  });
});
