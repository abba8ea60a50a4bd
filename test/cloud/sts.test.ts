import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import {
  PopApiError,
  type PopClientConfig,
  type PopParams,
  type PopResponse,
  PopTransportError,
} from '../../src/cloud/pop-client';
import {
  ASSUME_ROLE_ACTION,
  AssumeRoleError,
  createRoleCredentials,
  DEFAULT_STS_ENDPOINT,
  roleSessionName,
  STS_API_VERSION,
  stsEndpoint,
  stsEndpointProblem,
} from '../../src/cloud/sts';

const PROD = 'acs:ram::1234567890123456:role/mirrors-read';
const FINANCE = 'acs:ram::6543210987654321:role/mirrors-read';
const BASE = { getCredentials: async () => ({ accessKeyId: 'LTAI5tBase', accessKeySecret: 'base-secret' }) };
const T0 = Date.parse('2026-11-28T12:00:00Z');

interface Call {
  action: string;
  params: PopParams;
  method: string;
}

/** A PopClient stand-in: records calls and answers with `answer` (which may throw a Pop error). */
function fakeSts(answer: (call: Call, n: number) => Promise<PopResponse> | PopResponse) {
  const calls: Call[] = [];
  const configs: PopClientConfig[] = [];
  const clientFactory = (config: PopClientConfig) => {
    configs.push(config);
    return {
      endpoint: config.endpoint,
      async request(action: string, params: PopParams, options: { method: string }) {
        const call = { action, params, method: options.method };
        calls.push(call);
        await new Promise((resolve) => setImmediate(resolve));
        return answer(call, calls.length);
      },
    };
  };
  return { calls, configs, clientFactory };
}

function granted(expiresAt: number, n = 1): PopResponse {
  return {
    json: {
      RequestId: `REQ-${n}`,
      AssumedRoleUser: { Arn: `${PROD}/mirrors-U0ONCALL`, AssumedRoleId: `3000:mirrors-U0ONCALL` },
      Credentials: {
        AccessKeyId: `STS.NKey${n}`,
        AccessKeySecret: `secret-${n}`,
        SecurityToken: `token-${n}`,
        Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    },
    httpStatus: 200,
    requestId: `REQ-${n}`,
  };
}

describe('stsEndpoint and roleSessionName', () => {
  it.each([
    [undefined, DEFAULT_STS_ENDPOINT],
    ['', DEFAULT_STS_ENDPOINT],
    ['sts.cn-hongkong.aliyuncs.com', 'https://sts.cn-hongkong.aliyuncs.com'],
    ['http://127.0.0.1:4999/', 'http://127.0.0.1:4999'],
    ['https://sts-vpc.cn-shanghai.aliyuncs.com', 'https://sts-vpc.cn-shanghai.aliyuncs.com'],
  ])('%s -> %s', (setting, expected) => {
    expect(stsEndpoint(setting)).toBe(expected);
  });

  it('refuses a setting that is not a host or http(s) URL, or templates a region', () => {
    expect(stsEndpointProblem('ftp://sts.aliyuncs.com')).toMatch(/http/);
    expect(stsEndpointProblem('sts.{region}.aliyuncs.com')).toMatch(/\{region\}/);
    expect(() => stsEndpoint('http://user:pw@127.0.0.1')).toThrow(
      /ALIBABA_CLOUD_STS_ENDPOINT must not contain credentials/,
    );
  });

  it.each([
    ['U0123ABCD', 'mirrors-U0123ABCD'],
    ['W0ENTERPRISE', 'mirrors-W0ENTERPRISE'],
    ['U0<script>!', 'mirrors-U0script'],
    ['', 'mirrors-unknown'],
    ['U'.repeat(50), `mirrors-${'U'.repeat(24)}`],
  ])('session name for %j is %j, within STS rules', (user, expected) => {
    const name = roleSessionName(user);
    expect(name).toBe(expected);
    expect(name).toMatch(/^[\w.@-]{2,32}$/);
  });
});

describe('createRoleCredentials: AssumeRole, cached per user and role', () => {
  it('calls AssumeRole 2015-04-01 with the role, a session naming the user and an hour, signed by the base', async () => {
    const sts = fakeSts(() => granted(T0 + 3600_000));
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => T0 });
    const creds = await roles.assume(PROD, 'U0ONCALL');
    expect(sts.configs).toEqual([
      { endpoint: DEFAULT_STS_ENDPOINT, apiVersion: STS_API_VERSION, credentialsProvider: BASE },
    ]);
    expect(sts.calls).toEqual([
      {
        action: 'AssumeRole',
        params: { RoleArn: PROD, RoleSessionName: 'mirrors-U0ONCALL', DurationSeconds: 3600 },
        method: 'POST',
      },
    ]);
    expect(creds).toEqual({
      accessKeyId: 'STS.NKey1',
      accessKeySecret: 'secret-1',
      securityToken: 'token-1',
      expiresAt: T0 + 3600_000,
      requestId: 'REQ-1',
    });
  });

  it('serves a warm request with no AssumeRole, and refreshes 5 minutes before Expiration', async () => {
    let now = T0;
    const sts = fakeSts((_call, n) => granted(now + 3600_000, n));
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => now });
    await roles.assume(PROD, 'U0ONCALL');
    now = T0 + 54 * 60_000;
    expect((await roles.assume(PROD, 'U0ONCALL')).accessKeyId).toBe('STS.NKey1');
    expect(sts.calls).toHaveLength(1);
    now = T0 + 55 * 60_000;
    expect((await roles.assume(PROD, 'U0ONCALL')).accessKeyId).toBe('STS.NKey2');
    expect(sts.calls).toHaveLength(2);
  });

  it('shares one AssumeRole among concurrent requests (single-flight)', async () => {
    const sts = fakeSts(() => granted(T0 + 3600_000));
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => T0 });
    const all = await Promise.all(Array.from({ length: 25 }, () => roles.assume(PROD, 'U0ONCALL')));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['STS.NKey1']));
    expect(sts.calls).toHaveLength(1);
  });

  it('keeps one session per (user, role): another user or role is its own AssumeRole', async () => {
    const sts = fakeSts((_call, n) => granted(T0 + 3600_000, n));
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => T0 });
    await Promise.all([
      roles.assume(PROD, 'U0ONE'),
      roles.assume(PROD, 'U0TWO'),
      roles.assume(FINANCE, 'U0ONE'),
      roles.assume(PROD, 'U0ONE'),
    ]);
    expect(sts.calls.map((c) => `${c.params.RoleArn} ${c.params.RoleSessionName}`)).toEqual([
      `${PROD} mirrors-U0ONE`,
      `${PROD} mirrors-U0TWO`,
      `${FINANCE} mirrors-U0ONE`,
    ]);
  });

  it('refreshes a session shorter than the margin half-way instead of on every request', async () => {
    let now = T0;
    const sts = fakeSts((_call, n) => granted(now + 4 * 60_000, n));
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => now });
    await roles.assume(PROD, 'U0ONE');
    now += 60_000;
    await roles.assume(PROD, 'U0ONE');
    expect(sts.calls).toHaveLength(1);
    now += 70_000;
    await roles.assume(PROD, 'U0ONE');
    expect(sts.calls).toHaveLength(2);
  });

  it('gives pop-core a provider: the role session with a SecurityToken, or the base credentials without a role', async () => {
    const sts = fakeSts(() => granted(T0 + 3600_000));
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => T0 });
    expect(await roles.providerFor(PROD, 'U0ONE').getCredentials()).toEqual({
      accessKeyId: 'STS.NKey1',
      accessKeySecret: 'secret-1',
      securityToken: 'token-1',
    });
    expect(roles.providerFor(undefined, 'U0ONE')).toBe(BASE);
    expect(sts.calls).toHaveLength(1);
  });
});

describe('createRoleCredentials: errors in clear words', () => {
  const apiError = (code: string, status: number) =>
    new PopApiError(code, status, 'REQ-ERR', { Code: code, Message: 'm', RequestId: 'REQ-ERR' });

  async function failure(error: unknown): Promise<{ error: AssumeRoleError; calls: number }> {
    const sts = fakeSts(() => {
      throw error;
    });
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => T0 });
    try {
      await roles.assume(PROD, 'U0ONE');
    } catch (caught) {
      expect(caught).toBeInstanceOf(AssumeRoleError);
      expect(caught).toBeInstanceOf(CloudError);
      return { error: caught as AssumeRoleError, calls: sts.calls.length };
    }
    throw new Error('assume resolved');
  }

  it('EntityNotExist.Role: the role does not exist', async () => {
    const { error, calls } = await failure(apiError('EntityNotExist.Role', 404));
    expect(error.reason).toBe('role_not_found');
    expect(error.message).toBe(
      `The RAM role ${PROD} does not exist: check role_arn (account id and role name) in the config file (EntityNotExist.Role). RequestId: REQ-ERR.`,
    );
    expect(error.details).toMatchObject({ apiCode: 'EntityNotExist.Role', requestId: 'REQ-ERR', httpStatus: 404 });
    expect(calls).toBe(1);
  });

  it.each([
    ['NoPermission', 403],
    ['Forbidden.RAM', 403],
  ])(
    '%s: the base identity may not assume the role, naming sts:AssumeRole and the trust policy',
    async (code, status) => {
      const { error } = await failure(apiError(code, status));
      expect(error.reason).toBe('not_allowed');
      expect(error.code).toBe(CloudErrorCode.PermissionDenied);
      expect(error.details.action).toBe(ASSUME_ROLE_ACTION);
      expect(error.message).toContain(`grant it sts:AssumeRole on that role`);
      expect(error.message).toContain("the role's trust policy");
      expect(error.message).toContain(PROD);
    },
  );

  it('InvalidParameter.RoleArn: a bad ARN', async () => {
    const { error } = await failure(apiError('InvalidParameter.RoleArn', 400));
    expect(error.reason).toBe('bad_role_arn');
    expect(error.code).toBe(CloudErrorCode.InvalidParameter);
  });

  it('bad base credentials are the credential class, not retried', async () => {
    const { error, calls } = await failure(apiError('InvalidAccessKeyId.NotFound', 404));
    expect([error.reason, error.code, calls]).toEqual(['other', CloudErrorCode.BadCredentials, 1]);
    expect(error.message).toMatch(/^STS rejected the bot's base credentials/);
  });

  it('no base credentials at all is NoCredentials', async () => {
    const { error } = await failure(new CloudError(CloudErrorCode.NoCredentials, 'none'));
    expect([error.reason, error.code]).toEqual(['other', CloudErrorCode.NoCredentials]);
  });

  it('a network failure is retried once, then is the network class', async () => {
    const { error, calls } = await failure(new PopTransportError('network', 'ECONNREFUSED'));
    expect([error.code, calls]).toEqual([CloudErrorCode.Network, 2]);
    expect(error.message).toBe('Could not reach STS (ECONNREFUSED).');
  });

  it('a response without credentials is refused, not cached as empty keys', async () => {
    const sts = fakeSts(() => ({ json: { RequestId: 'R' }, httpStatus: 200, requestId: 'R' }));
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => T0 });
    await expect(roles.assume(PROD, 'U0ONE')).rejects.toMatchObject({ code: CloudErrorCode.Unavailable });
  });

  it('does not cache a failure, and serves a still-valid session through an STS hiccup', async () => {
    let now = T0;
    let down = true;
    const sts = fakeSts((_call, n) => {
      if (down) throw apiError('EntityNotExist.Role', 404);
      return granted(now + 3600_000, n);
    });
    const roles = createRoleCredentials({ base: BASE, clientFactory: sts.clientFactory, clock: () => now });
    await expect(roles.assume(PROD, 'U0ONE')).rejects.toBeInstanceOf(AssumeRoleError);
    down = false;
    const first = await roles.assume(PROD, 'U0ONE');
    down = true;
    now += 56 * 60_000; // past the refresh point, 4 minutes before expiry
    expect(await roles.assume(PROD, 'U0ONE')).toEqual(first);
    now += 3.5 * 60_000; // 30 s before expiry: too close to keep using
    await expect(roles.assume(PROD, 'U0ONE')).rejects.toBeInstanceOf(AssumeRoleError);
  });
});
