import { describe, expect, it } from 'vitest';
import { CloudErrorCode } from '../../src/cloud/errors';
import { classifyFailure } from '../../src/cloud/map-error';
import { PopApiError, PopBodyError, PopHttpStatusError, PopTransportError } from '../../src/cloud/pop-client';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type Timing, withRetry } from '../../src/cloud/retry';
import { silentLogger } from '../../src/log';

/** A clock that only moves when the code under test sleeps or an attempt "takes" time. */
function fakeTiming(randoms: number[] = [0.5]): Timing & { sleeps: number[]; advance: (ms: number) => void } {
  let now = 0;
  let i = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    advance: (ms) => (now += ms),
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => randoms[i++ % randoms.length] ?? 0,
  };
}

const context = { region: 'cn-hongkong', hostNamesRegion: true };
const throttled = (): PopApiError => new PopApiError('Throttling.User', 400, 'rid', {});

function run(policy: Partial<RetryPolicy>, timing: Timing, attempt: (n: number, timeoutMs: number) => Promise<string>) {
  return withRetry(({ attempt: n, timeoutMs }) => attempt(n, timeoutMs), {
    policy: { ...DEFAULT_RETRY_POLICY, ...policy },
    timing,
    logger: silentLogger,
    context,
    operation: 'Test',
  });
}

describe('withRetry', () => {
  it('backs off with full jitter: random() * min(max, base * 2^(n-1))', async () => {
    const timing = fakeTiming([0.5, 1 - 1e-9, 0, 0.25]);
    const result = await run({ baseDelayMs: 100, maxDelayMs: 500, maxAttempts: 5 }, timing, async (n) => {
      if (n < 5) throw throttled();
      return 'ok';
    });
    expect(result).toEqual({ value: 'ok', attempts: 5 });
    expect(timing.sleeps).toEqual([50, 199, 0, 125]);
  });

  it('stops at maxAttempts with the last retryable code', async () => {
    const timing = fakeTiming();
    await expect(run({ maxAttempts: 3 }, timing, async () => Promise.reject(throttled()))).rejects.toMatchObject({
      code: CloudErrorCode.Throttled,
      details: { attempts: 3, apiCode: 'Throttling.User', requestId: 'rid' },
    });
  });

  it('caps attempts and waits by the total budget; each attempt gets min(attempt timeout, remaining)', async () => {
    const timing = fakeTiming([1 - 1e-9]);
    const timeouts: number[] = [];
    const error = await run(
      {
        budgetMs: 12_000,
        attemptTimeoutMs: 8_000,
        baseDelayMs: 300,
        maxDelayMs: 3_000,
        maxAttempts: 10,
        minAttemptMs: 500,
      },
      timing,
      async (_n, timeoutMs) => {
        timeouts.push(timeoutMs);
        timing.advance(timeoutMs); // the server hangs for the whole attempt
        throw new PopTransportError('aborted', 'ABORT_ERR');
      },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CloudErrorCode.Timeout });
    expect(timeouts[0]).toBe(8_000);
    // 8000 + 299 wait, then the rest of the budget (3701), then no room for another wait + attempt.
    expect(timeouts).toEqual([8_000, 12_000 - 8_000 - 299]);
    expect(timing.now()).toBeLessThanOrEqual(12_000);
  });

  it('never retries permission, credential or parameter errors', async () => {
    for (const code of ['Forbidden.RAM', 'SignatureDoesNotMatch', 'InvalidParameter', 'IllegalParam.NextToken']) {
      let calls = 0;
      await expect(
        run({}, fakeTiming(), async () => {
          calls += 1;
          throw new PopApiError(code, 400, undefined, {});
        }),
      ).rejects.toBeDefined();
      expect(calls).toBe(1);
    }
  });
});

describe('classifyFailure', () => {
  it.each<[string, unknown, CloudErrorCode, boolean]>([
    ['Throttling', new PopApiError('Throttling', 400, undefined, {}), CloudErrorCode.Throttled, true],
    ['ServiceUnavailable', new PopApiError('ServiceUnavailable', 503, undefined, {}), CloudErrorCode.Unavailable, true],
    ['InternalError', new PopApiError('InternalError', 500, undefined, {}), CloudErrorCode.Unavailable, true],
    ['unknown code with 5xx', new PopApiError('Whatever', 502, undefined, {}), CloudErrorCode.Unavailable, true],
    ['Forbidden.RAM', new PopApiError('Forbidden.RAM', 403, undefined, {}), CloudErrorCode.PermissionDenied, false],
    [
      'Forbidden.AccessKeyDisabled',
      new PopApiError('Forbidden.AccessKeyDisabled', 403, undefined, {}),
      CloudErrorCode.BadCredentials,
      false,
    ],
    ['InvalidNextToken', new PopApiError('InvalidNextToken', 400, undefined, {}), CloudErrorCode.BadNextToken, false],
    ['InvalidRegionId', new PopApiError('InvalidRegionId', 400, undefined, {}), CloudErrorCode.UnknownRegion, false],
    ['HTTP 503 without Code', new PopHttpStatusError(503, undefined), CloudErrorCode.Unavailable, true],
    ['HTTP 429 without Code', new PopHttpStatusError(429, undefined), CloudErrorCode.Throttled, true],
    ['HTTP 404 without Code', new PopHttpStatusError(404, undefined), CloudErrorCode.Unknown, false],
    ['non-JSON body', new PopBodyError(undefined), CloudErrorCode.Unavailable, true],
    ['socket timeout', new PopTransportError('timeout', undefined), CloudErrorCode.Timeout, true],
    ['ECONNRESET', new PopTransportError('network', 'ECONNRESET'), CloudErrorCode.Network, true],
    [
      'ENOTFOUND on the regional host',
      new PopTransportError('network', 'ENOTFOUND'),
      CloudErrorCode.UnknownRegion,
      false,
    ],
    ['TLS failure', new PopTransportError('network', 'CERT_HAS_EXPIRED'), CloudErrorCode.Network, false],
    ['something else', new TypeError('x'), CloudErrorCode.Unknown, false],
  ])('%s', (_label, error, code, retryable) => {
    expect(classifyFailure(error, context)).toMatchObject({ code, retryable });
  });

  it('ENOTFOUND on a fixed endpoint is a network problem, not a region problem', () => {
    expect(
      classifyFailure(new PopTransportError('network', 'ENOTFOUND'), { region: 'cn-hongkong', hostNamesRegion: false }),
    ).toMatchObject({
      code: CloudErrorCode.Network,
    });
  });

  it('reads the RAM action from AccessDeniedDetail, as an object or as JSON text', () => {
    const detail = { AuthAction: 'vpc:ListTrafficMirrorSessions', NoPermissionType: 'ImplicitDeny' };
    expect(
      classifyFailure(new PopApiError('NoPermission', 403, undefined, { AccessDeniedDetail: detail }), context).action,
    ).toBe('vpc:ListTrafficMirrorSessions');
    expect(
      classifyFailure(
        new PopApiError('Forbidden.RAM', 403, undefined, {
          AccessDeniedDetail: JSON.stringify({ AuthAction: 'vpc:Other' }),
        }),
        context,
      ).action,
    ).toBe('vpc:Other');
    expect(
      classifyFailure(
        new PopApiError('Forbidden.RAM', 403, undefined, { AccessDeniedDetail: { AuthAction: 'not an action <x>' } }),
        context,
      ).action,
    ).toBe('vpc:ListTrafficMirrorSessions');
  });
});
