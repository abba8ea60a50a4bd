import { $OpenApiUtil, ClientError } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import StsClient, { AssumeRoleRequest } from '@alicloud/sts20150401';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../../src/access';
import { parseAccountsConfig } from '../../../src/accounts';
import { createCredentialsProvider } from '../../../src/cloud/credentials';
import { CloudErrorCode } from '../../../src/cloud/errors';
import { createPopClient } from '../../../src/cloud/pop-client';
import { AssumeRoleError, createRoleCredentials } from '../../../src/cloud/sts';
import {
  DEMO_ALLOWED_USER,
  DEMO_FINANCE_ROLE,
  DEMO_MIRRORS_YML,
  DEMO_PROD_ROLE,
  DEMO_REFUSED_USER,
  DEMO_ROLES,
  type StsStandIn,
  startStsStandIn,
} from '../../../src/sandbox/sts';
import { startVpcStandIn } from '../../../src/sandbox/vpc';

const BASE = { accessKeyId: 'LTAI5tStsBaseKey01', accessKeySecret: 'sts-base-secret-0123456789' };
const UNTRUSTED = { accessKeyId: 'LTAI5tStsBaseKey02', accessKeySecret: 'sts-other-secret-abcdefghij' };
const LOCKED_ROLE = 'acs:ram::1111222233334444:role/locked';

let sts: StsStandIn;

beforeAll(async () => {
  sts = await startStsStandIn({
    keys: [BASE, UNTRUSTED],
    roles: [...DEMO_ROLES, { arn: LOCKED_ROLE, trusts: [BASE.accessKeyId] }],
  });
});
afterAll(async () => {
  await sts.close();
});

/** The official SDK in signature-V1 mode (`signatureAlgorithm: 'v2'`, as in test/sandbox/vpc/helpers.ts). */
function official(key: { accessKeyId: string; accessKeySecret: string } = BASE): StsClient {
  const config = new $OpenApiUtil.Config({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    endpoint: `127.0.0.1:${sts.port}`,
    protocol: 'http',
    regionId: 'cn-hongkong',
  });
  config.signatureAlgorithm = 'v2';
  return new StsClient(config);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('STS stand-in with the official @alicloud/sts20150401 client (signature V1)', () => {
  it('answers AssumeRole with the real shape: Credentials, AssumedRoleUser, RequestId', async () => {
    const before = Date.now();
    const response = await official().assumeRole(
      new AssumeRoleRequest({ roleArn: DEMO_PROD_ROLE, roleSessionName: 'mirrors-U0SANDBOX01', durationSeconds: 3600 }),
    );
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(body?.assumedRoleUser).toMatchObject({
      arn: 'acs:ram::1234567890123456:role/mirrors-read/mirrors-U0SANDBOX01',
      assumedRoleId: expect.stringMatching(/^\d{17}:mirrors-U0SANDBOX01$/),
    });
    const credentials = body?.credentials;
    expect(credentials?.accessKeyId).toBe(sts.roleKeys.get(DEMO_PROD_ROLE)?.accessKeyId);
    expect(credentials?.accessKeyId).toMatch(/^STS\./);
    expect(credentials?.securityToken).toBe(sts.roleKeys.get(DEMO_PROD_ROLE)?.securityToken);
    expect(credentials?.expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const expires = Date.parse(credentials?.expiration ?? '');
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(sts.calls.at(-1)).toMatchObject({
      roleArn: DEMO_PROD_ROLE,
      roleSessionName: 'mirrors-U0SANDBOX01',
      durationSeconds: '3600',
      status: 200,
    });
  });

  it('refuses an unknown role with EntityNotExist.Role (404)', async () => {
    const error = await rejection(
      official().assumeRole(
        new AssumeRoleRequest({ roleArn: 'acs:ram::1234567890123456:role/nope', roleSessionName: 'mirrors-U0X' }),
      ),
    );
    expect(error).toBeInstanceOf(ClientError);
    if (error instanceof ClientError) {
      expect([error.code, error.statusCode]).toEqual(['EntityNotExist.Role', 404]);
      expect(error.message).toContain('The role not exists: acs:ram::1234567890123456:role/nope');
    }
  });

  it('refuses a base identity the role does not trust with NoPermission (403) and an AccessDeniedDetail', async () => {
    const error = await rejection(
      official(UNTRUSTED).assumeRole(new AssumeRoleRequest({ roleArn: LOCKED_ROLE, roleSessionName: 'mirrors-U0X' })),
    );
    expect(error).toBeInstanceOf(ClientError);
    if (error instanceof ClientError) {
      expect([error.code, error.statusCode]).toEqual(['NoPermission', 403]);
      expect(error.accessDeniedDetail?.AuthAction).toBe('sts:AssumeRole');
    }
  });

  it.each([
    [{ roleArn: 'arn:aws:iam::123:role/x', roleSessionName: 'mirrors-U0X' }, 'InvalidParameter.RoleArn'],
    [{ roleArn: DEMO_PROD_ROLE, roleSessionName: 'x' }, 'InvalidParameter.RoleSessionName'],
    [
      { roleArn: DEMO_PROD_ROLE, roleSessionName: 'mirrors-U0X', durationSeconds: 7200 },
      'InvalidParameter.DurationSeconds',
    ],
  ])('refuses bad parameters: %j -> %s', async (request, code) => {
    const error = await rejection(official().assumeRole(new AssumeRoleRequest(request)));
    expect(error instanceof ClientError && error.code).toBe(code);
  });
});

describe('STS stand-in with pop-core', () => {
  const pop = (key: { accessKeyId: string; accessKeySecret: string }) =>
    new RPCClient({ endpoint: sts.url, apiVersion: '2015-04-01', ...key });

  it('answers a GET and a POST, and verifies the signature', async () => {
    const params = { RoleArn: DEMO_FINANCE_ROLE, RoleSessionName: 'mirrors-U0POP' };
    const viaGet = await pop(BASE).request<{ Credentials: { AccessKeyId: string } }>('AssumeRole', params);
    expect(viaGet.Credentials.AccessKeyId).toBe(sts.roleKeys.get(DEMO_FINANCE_ROLE)?.accessKeyId);
    const viaPost = await pop(BASE).request<{ Credentials: { AccessKeyId: string } }>('AssumeRole', params, {
      method: 'POST',
    });
    expect(viaPost.Credentials.AccessKeyId).toBe(viaGet.Credentials.AccessKeyId);
    const forged = await rejection(pop({ ...BASE, accessKeySecret: 'wrong' }).request('AssumeRole', params));
    expect((forged as { code?: string }).code).toBe('SignatureDoesNotMatch');
    const stranger = await rejection(
      pop({ accessKeyId: 'LTAI5tNobody', accessKeySecret: 'x' }).request('AssumeRole', params),
    );
    expect((stranger as { code?: string }).code).toBe('InvalidAccessKeyId.NotFound');
  });
});

describe('the bot side (src/cloud/sts.ts) against the stand-in', () => {
  const roles = (key = BASE) =>
    createRoleCredentials({ base: createCredentialsProvider(key), endpoint: sts.url, clientFactory: createPopClient });

  it('a cold request costs one AssumeRole round trip, a warm one none', async () => {
    const credentials = roles();
    const before = sts.calls.length;
    await Promise.all([credentials.assume(DEMO_PROD_ROLE, 'U0COLD'), credentials.assume(DEMO_PROD_ROLE, 'U0COLD')]);
    expect(sts.calls.length - before).toBe(1);
    for (let i = 0; i < 5; i++) await credentials.assume(DEMO_PROD_ROLE, 'U0COLD');
    expect(sts.calls.length - before).toBe(1);
    expect(sts.calls.at(-1)).toMatchObject({ roleSessionName: 'mirrors-U0COLD', durationSeconds: '3600', status: 200 });
  });

  it('maps the stand-in refusals to clear AssumeRole errors', async () => {
    const missing = await rejection(roles().assume('acs:ram::1234567890123456:role/gone', 'U0X'));
    expect(missing).toBeInstanceOf(AssumeRoleError);
    expect(missing).toMatchObject({
      reason: 'role_not_found',
      details: { apiCode: 'EntityNotExist.Role', httpStatus: 404 },
    });
    const refused = await rejection(roles(UNTRUSTED).assume(LOCKED_ROLE, 'U0X'));
    expect(refused).toMatchObject({ reason: 'not_allowed', code: CloudErrorCode.PermissionDenied });
    expect((refused as Error).message).toMatch(/sts:AssumeRole.*trust policy/);
    expect((refused as Error).message).not.toMatch(/LTAI|Signature=|\?/);
  });

  it('hands out credentials the VPC stand-in accepts when given the role keys', async () => {
    const vpc = await startVpcStandIn({ keys: [...sts.roleKeys.values()] });
    try {
      const provider = roles().providerFor(DEMO_FINANCE_ROLE, 'U0SANDBOX01');
      const client = createPopClient({ endpoint: vpc.url, apiVersion: '2016-04-28', credentialsProvider: provider });
      const page = await client.request(
        'ListTrafficMirrorSessions',
        { RegionId: 'cn-hongkong', MaxResults: 1 },
        { method: 'GET', timeoutMs: 5000 },
      );
      expect(page.httpStatus).toBe(200);
      expect(vpc.requests.at(-1)?.status).toBe(200);
    } finally {
      await vpc.close();
    }
  });
});

describe('the demo mirrors.yml', () => {
  it('is valid: prod (default) and finance behind the two stand-in roles', () => {
    const parsed = parseAccountsConfig(DEMO_MIRRORS_YML, ['cn-hongkong']);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.accounts.accounts.map((a) => [a.name, a.roleArn, a.default])).toEqual([
      ['prod', DEMO_PROD_ROLE, true],
      ['finance', DEMO_FINANCE_ROLE, false],
    ]);
  });

  it('refuses one sandbox user the finance account and lets the other in', async () => {
    const parsed = parseAccountsConfig(DEMO_MIRRORS_YML, ['cn-hongkong']);
    const rules = parsed.ok ? parsed.accounts.rules : [];
    const ask = (user: string, account: string) =>
      decide(rules, {
        user,
        channel: 'C0INCIDENTS',
        channelKind: 'channel',
        account,
        region: 'cn-hongkong',
        usergroupsOf: async () => new Set(),
      });
    expect((await ask(DEMO_REFUSED_USER, 'finance')).allowed).toBe(false);
    expect((await ask(DEMO_REFUSED_USER, 'prod')).allowed).toBe(true);
    expect((await ask(DEMO_ALLOWED_USER, 'finance')).allowed).toBe(true);
  });
});
