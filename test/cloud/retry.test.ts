import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import {
  FAKE_KEY_ID,
  FAKE_SECRET,
  FAKE_TOKEN,
  HK,
  interceptOnce,
  noFilters,
  pageBody,
  paramsOf,
  rawSession,
  recordingLogger,
  type SeenRequest,
  service,
} from './helpers';

const request = { region: 'cn-hongkong', filters: noFilters(), maxResults: 10 };

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError);
    return error as CloudError;
  }
  throw new Error('expected a CloudError');
}

/** A Node-style network error (nock 14 only surfaces Error instances; plain objects hang until a timeout). */
function netError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A RequestId per code that looks like the real ones (hex, no words). */
function requestIdFor(code: string): string {
  return `7A3F-${Buffer.from(code).toString('hex').slice(0, 24).toUpperCase()}`;
}

function apiError(code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RequestId: requestIdFor(code),
    HostId: 'vpc.cn-hongkong.aliyuncs.com',
    Code: code,
    Message: `message for ${code}`,
    ...extra,
  };
}

describe('retries', () => {
  it('retries throttling and then succeeds (2 attempts, fresh nonce each)', async () => {
    const seen: SeenRequest[] = [];
    interceptOnce(HK, 400, apiError('Throttling.User'), seen);
    interceptOnce(HK, 200, pageBody([rawSession()]), seen);
    const { logger, lines } = recordingLogger();
    const page = await service({ logger }).listPage(request);
    expect(page.sessions).toHaveLength(1);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.params.get('SignatureNonce')).not.toBe(seen[1]!.params.get('SignatureNonce'));
    const warn = lines.map((l) => JSON.parse(l)).filter((r) => r.level === 'warn');
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({
      attempt: 1,
      code: 'throttled',
      apiCode: 'Throttling.User',
      requestId: requestIdFor('Throttling.User'),
      retry: true,
    });
    expect(nock.isDone()).toBe(true);
  });

  it.each(['Throttling', 'Throttling.Api', 'ServiceUnavailable', 'InternalError'])('retries %s', async (code) => {
    const seen = interceptOnce(HK, code.startsWith('Throttling') ? 400 : 503, apiError(code));
    interceptOnce(HK, 200, pageBody([]), seen);
    await service().listPage(request);
    expect(seen).toHaveLength(2);
  });

  it('retries a 503 with a JSON Code', async () => {
    const seen = interceptOnce(HK, 503, apiError('ServiceUnavailable'));
    interceptOnce(HK, 200, pageBody([]), seen);
    await expect(service().listPage(request)).resolves.toMatchObject({ sessions: [] });
    expect(seen).toHaveLength(2);
  });

  it('survives one 502 HTML gateway page, and reports Unavailable when it keeps coming', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const seen = interceptOnce(HK, 502, html);
    interceptOnce(HK, 200, pageBody([]), seen);
    await service().listPage(request);
    expect(seen).toHaveLength(2);

    nock(HK).get(/.*/).times(5).reply(502, html, { 'content-type': 'text/html' });
    const error = await failure(service().listPage(request));
    expect(error.code).toBe(CloudErrorCode.Unavailable);
    expect(error.details.attempts).toBe(5);
    expect(nock.isDone()).toBe(true);
  });

  it('treats a 500 without a Code (which pop-core resolves) as Unavailable and retries it', async () => {
    const seen = interceptOnce(HK, 500, { RequestId: 'rq-500' });
    interceptOnce(HK, 200, pageBody([rawSession()]), seen);
    const page = await service().listPage(request);
    expect(page.sessions).toHaveLength(1);
    expect(seen).toHaveLength(2);

    nock(HK).get(/.*/).times(2).reply(500, { RequestId: 'rq-500' });
    const error = await failure(service({ retry: { maxAttempts: 2 } }).listPage(request));
    expect(error.code).toBe(CloudErrorCode.Unavailable);
    expect(error.details).toMatchObject({ httpStatus: 500, requestId: 'rq-500', attempts: 2 });
  });

  it('retries network errors', async () => {
    nock(HK).get(/.*/).replyWithError(netError('ECONNRESET', 'socket hang up'));
    const seen = interceptOnce(HK, 200, pageBody([]));
    await service().listPage(request);
    expect(seen).toHaveLength(1);

    nock(HK).get(/.*/).times(3).replyWithError(netError('ECONNREFUSED', 'connect ECONNREFUSED'));
    const error = await failure(service({ retry: { maxAttempts: 3 } }).listPage(request));
    expect(error.code).toBe(CloudErrorCode.Network);
    expect(error.details.attempts).toBe(3);
  });

  it('gives Timeout within the budget when the server hangs', async () => {
    nock(HK).get(/.*/).delay(20_000).reply(200, pageBody([]));
    const started = Date.now();
    const error = await failure(service({ budgetMs: 400 }).listPage(request));
    expect(error.code).toBe(CloudErrorCode.Timeout);
    expect(error.details.attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000); // far below the 20 s hang: the budget cut it
  });

  it('retries an attempt that timed out while the budget allows, each attempt bounded', async () => {
    const seen: SeenRequest[] = [];
    nock(HK)
      .get(/.*/)
      .times(10)
      .delay(20_000)
      .reply((uri) => {
        seen.push({ method: 'GET', params: paramsOf(uri, undefined) });
        return [200, '{}'];
      });
    const error = await failure(
      service({ attemptTimeoutMs: 100, budgetMs: 900, retry: { minAttemptMs: 100 } }).listPage(request),
    );
    expect(error.code).toBe(CloudErrorCode.Timeout);
    expect(error.details.attempts).toBeGreaterThanOrEqual(2);
  });

  it('stops when the caller aborts', async () => {
    nock(HK).get(/.*/).delay(20_000).reply(200, pageBody([]));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(service().listPage(request, controller.signal));
    expect(error.code).toBe(CloudErrorCode.Timeout);
  });
});

describe('errors that are not retried', () => {
  it('RAM denial names the action from AccessDeniedDetail and is not retried', async () => {
    const seen = interceptOnce(
      HK,
      403,
      apiError('Forbidden.RAM', {
        AccessDeniedDetail: {
          AuthAction: 'vpc:ListTrafficMirrorSessions',
          PolicyType: 'AccountLevelIdentityBasedPolicy',
        },
      }),
    );
    interceptOnce(HK, 200, pageBody([]), seen);
    const error = await failure(service().listPage(request));
    expect(error.code).toBe(CloudErrorCode.PermissionDenied);
    expect(error.details).toMatchObject({
      action: 'vpc:ListTrafficMirrorSessions',
      apiCode: 'Forbidden.RAM',
      requestId: requestIdFor('Forbidden.RAM'),
      httpStatus: 403,
      attempts: 1,
      region: 'cn-hongkong',
    });
    expect(error.message).toContain('vpc:ListTrafficMirrorSessions');
    expect(seen).toHaveLength(1);
  });

  it('NoPermission without a detail still names the action', async () => {
    interceptOnce(HK, 403, apiError('NoPermission'));
    const error = await failure(service().listPage(request));
    expect(error.code).toBe(CloudErrorCode.PermissionDenied);
    expect(error.details.action).toBe('vpc:ListTrafficMirrorSessions');
  });

  it('IllegalParam.NextToken → BadNextToken', async () => {
    const seen = interceptOnce(HK, 400, apiError('IllegalParam.NextToken'));
    interceptOnce(HK, 200, pageBody([]), seen);
    const error = await failure(service().listPage({ ...request, nextToken: 'stale' }));
    expect(error.code).toBe(CloudErrorCode.BadNextToken);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['InvalidRegionId.NotFound', 400, CloudErrorCode.UnknownRegion],
    ['SignatureDoesNotMatch', 400, CloudErrorCode.BadCredentials],
    ['InvalidAccessKeyId.NotFound', 404, CloudErrorCode.BadCredentials],
    ['InvalidAccessKeyId.Inactive', 403, CloudErrorCode.BadCredentials],
    ['InvalidTimeStamp.Expired', 400, CloudErrorCode.BadCredentials],
    ['InvalidAction.NotFound', 404, CloudErrorCode.NotServed],
    ['InvalidSecurityToken.Expired', 400, CloudErrorCode.BadCredentials],
    ['MissingRegionId', 400, CloudErrorCode.InvalidParameter],
    ['InvalidParameter', 400, CloudErrorCode.InvalidParameter],
    ['IllegalParam.Priority', 400, CloudErrorCode.InvalidParameter],
    ['SomethingNew', 400, CloudErrorCode.Unknown],
  ])('%s → %s, once', async (code, status, expected) => {
    const seen = interceptOnce(HK, status, apiError(code));
    interceptOnce(HK, 200, pageBody([]), seen);
    const error = await failure(service().listPage(request));
    expect(error.code).toBe(expected);
    expect(error.details.apiCode).toBe(code);
    expect(error.details.requestId).toBe(requestIdFor(code));
    expect(error.message).toContain(requestIdFor(code));
    expect(seen).toHaveLength(1);
  });

  it('a DNS failure for the regional host is UnknownRegion', async () => {
    nock('https://vpc.xx-nowhere-9.aliyuncs.com')
      .get(/.*/)
      .replyWithError(netError('ENOTFOUND', 'getaddrinfo ENOTFOUND'));
    const error = await failure(service().listPage({ ...request, region: 'xx-nowhere-9' }));
    expect(error.code).toBe(CloudErrorCode.UnknownRegion);
  });

  it('a malformed region never reaches the network', async () => {
    const error = await failure(service().listPage({ ...request, region: 'evil.com/x' }));
    expect(error.code).toBe(CloudErrorCode.UnknownRegion);
  });
});

describe('no secrets in errors or logs', () => {
  const keys = { accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET, securityToken: FAKE_TOKEN };

  function assertClean(text: string): void {
    expect(text).not.toContain('AccessKeyId');
    expect(text).not.toContain(FAKE_KEY_ID);
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toContain(FAKE_TOKEN);
    expect(text).not.toContain('SecurityToken');
    expect(text).not.toMatch(/Signature=/);
    expect(text).not.toContain('aliyuncs.com/?');
  }

  it.each<[string, () => void]>([
    [
      'signature mismatch echoing the string to sign',
      () => {
        interceptOnce(
          HK,
          400,
          apiError('SignatureDoesNotMatch', {
            Message: `Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3D${FAKE_KEY_ID}%26Action%3DListTrafficMirrorSessions%26SecurityToken%3D${FAKE_TOKEN}`,
          }),
        );
      },
    ],
    [
      'unknown error whose Message quotes the key',
      () => interceptOnce(HK, 400, apiError('Weird', { Message: `bad AccessKeyId=${FAKE_KEY_ID} Signature=abc` })),
    ],
    [
      'network errors (Node puts the signed URL in the message)',
      () => {
        nock(HK)
          .get(/.*/)
          .times(5)
          .replyWithError(netError('ECONNREFUSED', `connect ECONNREFUSED ${HK}/?AccessKeyId=${FAKE_KEY_ID}`));
      },
    ],
    [
      'RAM denial',
      () => interceptOnce(HK, 403, apiError('Forbidden.RAM', { Message: `User ${FAKE_KEY_ID} not authorized` })),
    ],
    ['gateway HTML', () => nock(HK).get(/.*/).times(5).reply(502, `<html>${FAKE_KEY_ID}</html>`)],
  ])('%s', async (_label, arrange) => {
    arrange();
    const { logger, lines } = recordingLogger();
    const error = await failure(service({ credentials: keys, logger }).listPage(request));
    assertClean(error.message);
    assertClean(String(error.stack));
    assertClean(JSON.stringify(error));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) assertClean(line);
  });

  it('sends the STS token when one is configured', async () => {
    const seen = interceptOnce(HK, 200, pageBody([]));
    await service({ credentials: keys }).listPage(request);
    expect(seen[0]!.params.get('SecurityToken')).toBe(FAKE_TOKEN);
  });
});
