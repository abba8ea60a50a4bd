import { ClientError } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import * as $Vpc from '@alicloud/vpc20160428';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVpcStandIn, type VpcStandIn, WELL_KNOWN } from '../../../src/sandbox/vpc';
import {
  type ErrorResponse,
  isoSeconds,
  json,
  KEY,
  type ListResponse,
  OTHER_KEY,
  officialClient,
  type Params,
  popClient,
  popList,
  popSignedCall,
  rawRequest,
  rejection,
  sendSigned,
  signedQuery,
  statusOf,
  UPPER_UUID,
} from './helpers';

let standIn: VpcStandIn;
const STS_KEY = {
  accessKeyId: 'STS.NTestStandInKey0001',
  accessKeySecret: 'sts-secret-0001',
  securityToken: 'CAIS-test-security-token',
};

beforeAll(async () => {
  standIn = await startVpcStandIn({ keys: [KEY, STS_KEY], seed: 11 });
});
afterAll(async () => {
  await standIn.close();
});

async function popFails(
  params: Params,
  method: 'GET' | 'POST' = 'GET',
  client: RPCClient = popClient(standIn.url),
): Promise<{ code?: string; status?: number; body?: ErrorResponse }> {
  const error = await rejection(popList(client, params, method));
  return { code: error.code, status: statusOf(error), body: error.data };
}

describe('error responses', () => {
  it('have the real body shape, an uppercase RequestId that matches the header, and JSON content', async () => {
    const response = await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong', MaxResults: '0' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = json<ErrorResponse>(response);
    expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(body.Code).toBe('IllegalParam.MaxResults');
    expect(body.RequestId).toMatch(UPPER_UUID);
    expect(response.headers['x-acs-request-id']).toBe(body.RequestId);
    expect(body.HostId).toBe('vpc.cn-hongkong.aliyuncs.com');
    expect(body.Recommend).toContain(body.RequestId);
  });
});

describe('signature V1', () => {
  it('accepts requests signed by the independent signer, GET and POST', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const response = await sendSigned(standIn.url, method, {
        RegionId: 'cn-hongkong',
        TrafficMirrorSessionName: "it's (a) *test*! ~ é",
      });
      expect(response.status, method).toBe(200);
      expect(json<ListResponse>(response).TotalCount).toBe(0);
    }
  });

  it('answers an unknown AccessKeyId with InvalidAccessKeyId.NotFound 404', async () => {
    expect(await popFails({ RegionId: 'cn-hongkong' }, 'GET', popClient(standIn.url, OTHER_KEY))).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      status: 404,
      body: { Message: 'Specified access key is not found.' },
    });
  });

  it('answers an unsigned request, or one missing a signature parameter, with InvalidAccessKeyId.NotFound 404', async () => {
    const unsigned = await rawRequest(
      `${standIn.url}/?Action=ListTrafficMirrorSessions&Version=2016-04-28&Format=JSON&RegionId=cn-hongkong`,
    );
    expect(unsigned.status).toBe(404);
    expect(json<ErrorResponse>(unsigned).Code).toBe('InvalidAccessKeyId.NotFound');
    for (const missing of ['AccessKeyId', 'SignatureNonce', 'Timestamp', 'SignatureMethod', 'SignatureVersion']) {
      const response = await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong' }, { omit: [missing] });
      expect(response.status, missing).toBe(404);
      expect(json<ErrorResponse>(response).Code).toBe('InvalidAccessKeyId.NotFound');
    }
    const noSignature = await rawRequest(
      `${standIn.url}/?${signedQuery('GET', { RegionId: 'cn-hongkong' }).replace(/&Signature=[^&]*/, '')}`,
    );
    expect(noSignature.status).toBe(404);
  });

  it('answers a wrong secret with SignatureDoesNotMatch 400 (pop-core, GET and POST)', async () => {
    const wrong = popClient(standIn.url, { accessKeyId: KEY.accessKeyId, accessKeySecret: 'not-the-secret' });
    for (const method of ['GET', 'POST'] as const) {
      expect(await popFails({ RegionId: 'cn-hongkong' }, method, wrong)).toMatchObject({
        code: 'SignatureDoesNotMatch',
        status: 400,
        body: { Message: 'Specified signature is not matched with our calculation.' },
      });
    }
  });

  it('verifies with the request’s real method', async () => {
    const postSignedAsGet = await sendSigned(standIn.url, 'POST', { RegionId: 'cn-hongkong' }, { signAs: 'GET' });
    expect(postSignedAsGet.status).toBe(400);
    expect(json<ErrorResponse>(postSignedAsGet).Code).toBe('SignatureDoesNotMatch');
    const getSignedAsPost = await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong' }, { signAs: 'POST' });
    expect(json<ErrorResponse>(getSignedAsPost).Code).toBe('SignatureDoesNotMatch');
  });

  it('refuses a signed request whose parameters were changed afterwards', async () => {
    const signed = await popSignedCall(standIn.url, { RegionId: 'cn-hongkong', MaxResults: 5 });
    const tampered = signed.url.replace('MaxResults=5', 'MaxResults=50');
    expect(tampered).not.toBe(signed.url);
    const response = await rawRequest(tampered);
    expect(response.status).toBe(400);
    expect(json<ErrorResponse>(response).Code).toBe('SignatureDoesNotMatch');
    const added = await rawRequest(`${signed.url.replace('SignatureNonce=', 'SignatureNonce=x')}`);
    expect(json<ErrorResponse>(added).Code).toBe('SignatureDoesNotMatch');
  });

  it('refuses a reused SignatureNonce: the same signed URL sent twice', async () => {
    const signed = await popSignedCall(standIn.url, { RegionId: 'cn-hongkong' });
    expect(signed.body.TotalCount).toBe(40);
    const replay = await rawRequest(signed.url);
    expect(replay.status).toBe(400);
    expect(json<ErrorResponse>(replay)).toMatchObject({
      Code: 'SignatureNonceUsed',
      Message: 'Specified signature nonce was used already.',
    });

    const nonce = 'fixed-nonce-for-post-replay';
    expect((await sendSigned(standIn.url, 'POST', { RegionId: 'cn-hongkong' }, { nonce })).status).toBe(200);
    const again = await sendSigned(standIn.url, 'POST', { RegionId: 'cn-shanghai' }, { nonce });
    expect(json<ErrorResponse>(again).Code).toBe('SignatureNonceUsed');
  });

  it('refuses a Timestamp more than 15 minutes off, either way', async () => {
    const now = Date.now();
    for (const offset of [-16 * 60_000, 16 * 60_000, -24 * 3600_000]) {
      const response = await sendSigned(
        standIn.url,
        'GET',
        { RegionId: 'cn-hongkong' },
        { timestamp: isoSeconds(now + offset) },
      );
      expect(response.status, String(offset)).toBe(400);
      expect(json<ErrorResponse>(response)).toMatchObject({
        Code: 'InvalidTimeStamp.Expired',
        Message: 'Specified time stamp or date value is expired.',
      });
    }
    for (const offset of [-14 * 60_000, 14 * 60_000]) {
      const response = await sendSigned(
        standIn.url,
        'GET',
        { RegionId: 'cn-hongkong' },
        { timestamp: isoSeconds(now + offset) },
      );
      expect(response.status, String(offset)).toBe(200);
    }
    const malformed = await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong' }, { timestamp: 'yesterday' });
    expect(json<ErrorResponse>(malformed).Code).toBe('InvalidTimeStamp.Format');
  });

  it('judges pop-core’s Timestamp by the server clock', async () => {
    const ahead = await startVpcStandIn({ keys: [KEY], seed: 1, clock: () => Date.now() + 20 * 60_000 });
    try {
      const error = await rejection(popList(popClient(ahead.url), { RegionId: 'cn-hongkong' }));
      expect(error.code).toBe('InvalidTimeStamp.Expired');
      expect(statusOf(error)).toBe(400);
    } finally {
      await ahead.close();
    }
  });

  it('checks the SecurityToken of an STS key', async () => {
    expect((await popList(popClient(standIn.url, STS_KEY), { RegionId: 'cn-hongkong' })).TotalCount).toBe(40);
    const wrong = popClient(standIn.url, { ...STS_KEY, securityToken: 'CAIS-some-other-token' });
    expect(await popFails({ RegionId: 'cn-hongkong' }, 'GET', wrong)).toMatchObject({
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
      status: 400,
    });
  });

  it('says plainly that it does not speak signature V3 (the official SDK’s default)', async () => {
    const v3 = officialClient(standIn.port, KEY, 'cn-hongkong', false);
    const error = await rejection(
      v3.listTrafficMirrorSessions(new $Vpc.ListTrafficMirrorSessionsRequest({ regionId: 'cn-hongkong' })),
    );
    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe('IncompleteSignature');
  });

  it('reports errors to the official SDK as ClientError with code and status', async () => {
    const wrong = officialClient(standIn.port, { accessKeyId: KEY.accessKeyId, accessKeySecret: 'nope' });
    const error = await rejection(
      wrong.listTrafficMirrorSessions(new $Vpc.ListTrafficMirrorSessionsRequest({ regionId: 'cn-hongkong' })),
    );
    expect(error).toBeInstanceOf(ClientError);
    if (!(error instanceof ClientError)) return;
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.statusCode).toBe(400);
    expect(error.requestId).toMatch(UPPER_UUID);
  });

  it('keeps credentials out of its request log', async () => {
    await popList(popClient(standIn.url, STS_KEY), { RegionId: 'cn-hongkong' }, 'POST');
    const log = JSON.stringify(standIn.requests);
    for (const secret of [
      KEY.accessKeyId,
      KEY.accessKeySecret,
      STS_KEY.accessKeyId,
      STS_KEY.securityToken,
      STS_KEY.accessKeySecret,
      '"Signature":',
      '"SignatureNonce":',
      '"AccessKeyId":',
      '"SecurityToken":',
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(standIn.requests.at(-1)).toMatchObject({
      method: 'POST',
      action: 'ListTrafficMirrorSessions',
      region: 'cn-hongkong',
      status: 200,
    });
  });
});

describe('action, version and region', () => {
  it('answers an unknown Action with InvalidAction.NotFound 404', async () => {
    const error = await rejection(popClient(standIn.url).request('DescribeVpcs', { RegionId: 'cn-hongkong' }));
    expect(error.code).toBe('InvalidAction.NotFound');
    expect(statusOf(error)).toBe(404);
    const other = await rawRequest(`${standIn.url}/other/path?${signedQuery('GET', { RegionId: 'cn-hongkong' })}`);
    expect(other.status).toBe(404);
  });

  it('answers a wrong Version with InvalidVersion 400', async () => {
    const client = new RPCClient({ endpoint: standIn.url, apiVersion: '2014-05-26', ...KEY });
    const error = await rejection(popList(client, { RegionId: 'cn-hongkong' }));
    expect(error.code).toBe('InvalidVersion');
    expect(statusOf(error)).toBe(400);
  });

  it('answers a missing RegionId with MissingRegionId 400', async () => {
    expect(await popFails({})).toMatchObject({
      code: 'MissingRegionId',
      status: 400,
      body: { HostId: 'vpc.aliyuncs.com' },
    });
    expect(await popFails({ RegionId: '' }, 'POST')).toMatchObject({ code: 'MissingRegionId', status: 400 });
  });

  it('answers an unknown region with InvalidRegionId.NotFound 400', async () => {
    for (const region of ['xx-nowhere-1', 'cn-beijing', 'constructor', '__proto__']) {
      expect(await popFails({ RegionId: region }), region).toMatchObject({
        code: 'InvalidRegionId.NotFound',
        status: 400,
      });
    }
  });
});

describe('parameter rules', () => {
  const expectInvalid = async (params: Params, code = 'InvalidParameter'): Promise<void> => {
    const result = await popFails({ RegionId: 'cn-hongkong', ...params });
    expect(result, JSON.stringify(params).slice(0, 120)).toMatchObject({ code, status: 400 });
  };
  const expectOk = async (params: Params): Promise<ListResponse> =>
    popList(popClient(standIn.url), { RegionId: 'cn-hongkong', ...params });

  it('MaxResults must be an integer from 1 to 100', async () => {
    for (const bad of [0, 101, 'abc', '1.5', '-1', ' 10', '1e2']) {
      await expectInvalid({ MaxResults: bad }, 'IllegalParam.MaxResults');
    }
    expect((await expectOk({ MaxResults: 1 })).TrafficMirrorSessions).toHaveLength(1);
    expect((await expectOk({ MaxResults: 100 })).TrafficMirrorSessions).toHaveLength(40);
    const body = (await popFails({ RegionId: 'cn-hongkong', MaxResults: 101 })).body;
    expect(body?.Message).toBe('The specified MaxResults is illegal.');
  });

  it('VirtualNetworkId must be an integer from 0 to 16777215', async () => {
    for (const bad of [16777216, -1, 'x', '1.0']) await expectInvalid({ VirtualNetworkId: bad });
    await expectOk({ VirtualNetworkId: 0 });
    await expectOk({ VirtualNetworkId: 16777215 });
  });

  it('Priority must be an integer from 1 to 32766', async () => {
    for (const bad of [0, 32767, 'high']) await expectInvalid({ Priority: bad });
    await expectOk({ Priority: 32766 });
  });

  it('Enabled must be true or false', async () => {
    for (const bad of ['yes', '1', 'on']) await expectInvalid({ Enabled: bad });
    await expectOk({ Enabled: 'TRUE' });
  });

  it('takes at most 20 tags with valid keys and values', async () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}` }));
    await expectInvalid({ Tags: tags(21) });
    expect((await expectOk({ Tags: tags(20) })).TotalCount).toBe(0);
    for (const Key of ['aliyun-reserved', 'acs:foo', 'see-http://x', 'k'.repeat(65)])
      await expectInvalid({ Tags: [{ Key }] });
    await expectOk({ Tags: [{ Key: 'k'.repeat(64), Value: 'v'.repeat(128) }] });
    await expectInvalid({ Tags: [{ Key: 'env', Value: 'v'.repeat(129) }] });
    // A value without its key, an empty key, and an index out of range.
    const raw = async (extra: Record<string, string>): Promise<string> =>
      json<ErrorResponse>(await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong', ...extra })).Code;
    expect(await raw({ 'Tags.1.Value': 'prod' })).toBe('InvalidParameter');
    expect(await raw({ 'Tags.1.Key': '' })).toBe('InvalidParameter');
    expect(await raw({ 'Tags.21.Key': 'env' })).toBe('InvalidParameter');
    expect(await raw({ 'Tags.x.Key': 'env' })).toBe('InvalidParameter');
    expect(await raw({ Tags: '[{"Key":"env"}]' })).toBe('InvalidParameter');
  });

  it('takes at most 100 session ids', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `tms-j6c${String(i).padStart(17, '0')}`);
    await expectInvalid({ TrafficMirrorSessionIds: many(101) });
    expect((await expectOk({ TrafficMirrorSessionIds: [...many(99), WELL_KNOWN.FINANCE_TAP] })).TotalCount).toBe(1);
    const code = json<ErrorResponse>(
      await sendSigned(standIn.url, 'GET', { RegionId: 'cn-hongkong', 'TrafficMirrorSessionIds.0': 'tms-x' }),
    ).Code;
    expect(code).toBe('InvalidParameter');
  });

  it('TrafficMirrorSessionName is at most 128 characters and not a URL', async () => {
    await expectInvalid({ TrafficMirrorSessionName: 'n'.repeat(129) });
    await expectInvalid({ TrafficMirrorSessionName: 'http://mirror' });
    await expectInvalid({ TrafficMirrorSessionName: 'https://mirror' });
    await expectOk({ TrafficMirrorSessionName: 'n'.repeat(128) });
  });

  it('treats an empty optional parameter as absent', async () => {
    const page = await expectOk({ TrafficMirrorSourceId: '', NextToken: '', TrafficMirrorSessionName: '' });
    expect(page.TotalCount).toBe(40);
  });
});
