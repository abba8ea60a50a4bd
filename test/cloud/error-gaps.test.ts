/**
 * The error-mapping gaps found against the official SDKs (nonce reuse, an endpoint that does not serve the API,
 * x-acs-retry-after, explicit and control-policy denials), each against the shape the real API sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import { VpcSessionService } from '../../src/cloud/vpc-service';
import { startVpcStandIn, type VpcStandIn } from '../../src/sandbox/vpc';
import { cloudErrorMessage } from '../../src/views';
import { HK, interceptOnce, noFilters, pageBody, rawSession, service } from './helpers';

const request = { region: 'cn-hongkong', filters: noFilters(), maxResults: 10 };

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudError);
  return error as CloudError;
}

function apiError(code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RequestId: 'C0FFEE00-1111-2222-3333-444455556666',
    HostId: 'vpc.cn-hongkong.aliyuncs.com',
    Code: code,
    ...extra,
  };
}

function messageText(error: CloudError): string {
  const message = cloudErrorMessage(error);
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

describe('codes the official SDKs treat differently', () => {
  it('retries SignatureNonceUsed with a fresh nonce, and the list arrives', async () => {
    const seen = interceptOnce(
      HK,
      400,
      apiError('SignatureNonceUsed', { Message: 'Specified signature nonce was used already.' }),
    );
    interceptOnce(HK, 200, pageBody([rawSession()]), seen);
    const page = await service().listPage(request);
    expect(page.sessions).toHaveLength(1);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.params.get('SignatureNonce')).not.toBe(seen[1]?.params.get('SignatureNonce'));
  });

  it('reads InvalidAction.NotFound as an endpoint that does not serve the API, not a bad parameter', async () => {
    const seen = interceptOnce(
      HK,
      404,
      apiError('InvalidAction.NotFound', { Message: 'Specified api is not found, please check your url and method.' }),
    );
    const error = await failure(service().listPage(request));
    expect(error.code).toBe(CloudErrorCode.NotServed);
    expect(seen).toHaveLength(1);
    const text = messageText(error);
    expect(text).toContain('does not serve');
    expect(text).not.toMatch(/parameter/i);
  });

  it('waits as long as x-acs-retry-after says before retrying a throttled call', async () => {
    const sleeps: number[] = [];
    const svc = service({ timing: { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 } });
    const seen = interceptOnce(HK, 400, apiError('Throttling.User'), [], { 'x-acs-retry-after': '1800' });
    interceptOnce(HK, 200, pageBody([]), seen);
    await svc.listPage(request);
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([1800]);
  });

  it('does not wait past the budget for a long x-acs-retry-after: it gives up and says so', async () => {
    const sleeps: number[] = [];
    const svc = service({
      budgetMs: 3_000,
      timing: { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 },
    });
    interceptOnce(HK, 400, apiError('Throttling.User'), [], { 'x-acs-retry-after': '60000' });
    const error = await failure(svc.listPage(request));
    expect(error.code).toBe(CloudErrorCode.Throttled);
    expect(sleeps).toEqual([]);
  });
});

describe('RAM denials, from the stand-in (the real AccessDeniedDetail keys)', () => {
  let standIn: VpcStandIn;
  const KEYS = { accessKeyId: 'LTAIdenytest00001', accessKeySecret: 'deny-secret' };
  beforeAll(async () => {
    standIn = await startVpcStandIn({ keys: [KEYS] });
  });
  afterAll(async () => {
    await standIn.close();
  });
  const svc = () => new VpcSessionService({ credentials: KEYS, endpointOverride: standIn.url });

  it('an implicit deny still asks to grant the action', async () => {
    standIn.faults.push({ kind: 'forbidden', deny: 'implicit' });
    const error = await failure(svc().listPage(request));
    expect(error.details.explicitDeny).toBeUndefined();
    expect(messageText(error)).toMatch(/grant it/);
  });

  it('an explicit deny names the policy type and does not say "grant"', async () => {
    standIn.faults.push({ kind: 'forbidden', deny: 'explicit' });
    const error = await failure(svc().listPage(request));
    expect(error.code).toBe(CloudErrorCode.PermissionDenied);
    expect(error.details).toMatchObject({ explicitDeny: true, policyType: 'AccountLevelIdentityBasedPolicy' });
    const text = messageText(error);
    expect(text).toContain('explicitly denies');
    expect(text).toContain('AccountLevelIdentityBasedPolicy');
    expect(text).toContain('Deny statement');
    expect(text).not.toMatch(/grant it|to grant/);
    expect(error.message).not.toMatch(/grant/);
  });

  it('a control-policy deny says a control policy denies it and sends the user to the Resource Directory admin', async () => {
    standIn.faults.push({ kind: 'forbidden', deny: 'control-policy' });
    const error = await failure(svc().listPage(request));
    expect(error.details).toMatchObject({ explicitDeny: true, policyType: 'ControlPolicy' });
    const text = messageText(error);
    expect(text).toContain('A control policy');
    expect(text).toContain('Resource Directory');
    expect(text).not.toMatch(/grant it|to grant/);
  });
});
