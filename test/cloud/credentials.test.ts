import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CredentialChain, createCredentialsProvider } from '../../src/cloud/credentials';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import { FAKE_KEY_ID, FAKE_SECRET, HK, interceptOnce, noFilters, pageBody, recordingLogger, service } from './helpers';

const request = { region: 'cn-hongkong', filters: noFilters(), maxResults: 10 };

const CHAIN_VARS = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  'ALIBABA_CLOUD_PROFILE',
  'ALIBABA_CLOUD_CREDENTIALS_URI',
  'ALIBABA_CLOUD_ECS_METADATA',
];

describe('credentials', () => {
  beforeEach(() => {
    for (const name of CHAIN_VARS) vi.stubEnv(name, undefined);
    // Keep the chain off this machine's files and off the metadata service.
    vi.stubEnv('ALIBABA_CLOUD_CLI_PROFILE_DISABLED', 'true');
    vi.stubEnv('ALIBABA_CLOUD_CREDENTIALS_FILE', '/nonexistent/mirrors-test/credentials');
    vi.stubEnv('ALIBABA_CLOUD_ECS_METADATA_DISABLED', 'true');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('explicit keys sign the request and the chain is never consulted', async () => {
    const chainFactory = vi.fn((): CredentialChain => ({ getCredentials: async () => undefined }));
    const seen = interceptOnce(HK, 200, pageBody([]));
    await service({
      credentials: { accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET },
      credentialsOptions: { chainFactory },
    }).listPage(request);
    const params = seen[0]!.params;
    expect(params.get('AccessKeyId')).toBe(FAKE_KEY_ID);
    expect(params.get('SignatureMethod')).toBe('HMAC-SHA1');
    expect(params.get('Signature')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(params.has('SecurityToken')).toBe(false);
    expect(chainFactory).not.toHaveBeenCalled();
  });

  it('the default chain picks up environment keys (and an STS token)', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'LTAIENVKEYID00000001');
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'envSecret');
    vi.stubEnv('ALIBABA_CLOUD_SECURITY_TOKEN', 'envToken');
    const seen = interceptOnce(HK, 200, pageBody([]));
    await service({ credentials: 'default-chain' }).listPage(request);
    expect(seen[0]!.params.get('AccessKeyId')).toBe('LTAIENVKEYID00000001');
    expect(seen[0]!.params.get('SecurityToken')).toBe('envToken');
    expect(seen[0]!.params.get('Signature')).toBeTruthy();
  });

  it('no keys anywhere → NoCredentials, and nothing unsigned is sent', async () => {
    const scope = nock(HK).get(/.*/).reply(200, pageBody([]));
    const { logger, lines } = recordingLogger();
    const error = await service({ credentials: 'default-chain', logger })
      .listPage(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect((error as CloudError).code).toBe(CloudErrorCode.NoCredentials);
    expect((error as CloudError).details.attempts).toBe(1);
    expect(scope.isDone()).toBe(false);
    expect(lines.join('\n')).not.toMatch(/undefined|ENOENT|aliyun cli config/);
  });

  it('empty explicit keys → NoCredentials', async () => {
    const provider = createCredentialsProvider({ accessKeyId: '', accessKeySecret: 'x' });
    await expect(provider.getCredentials()).rejects.toMatchObject({ code: CloudErrorCode.NoCredentials });
  });

  it("never passes on the chain's error text (it can quote files and response bodies)", async () => {
    const leaky: CredentialChain = {
      getCredentials: async () => {
        throw new Error(
          `parse aliyun cli config failed: {"access_key_secret":"${FAKE_SECRET}","access_key_id":"${FAKE_KEY_ID}"}`,
        );
      },
    };
    const provider = createCredentialsProvider('default-chain', { chainFactory: () => leaky });
    const error = await provider.getCredentials().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: CloudErrorCode.NoCredentials });
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toContain(FAKE_KEY_ID);
  });

  it('a chain that yields empty keys is NoCredentials, not an unsigned request', async () => {
    const provider = createCredentialsProvider('default-chain', {
      chainFactory: () => ({
        getCredentials: async () => ({ accessKeyId: '', accessKeySecret: '', securityToken: '' }),
      }),
    });
    await expect(provider.getCredentials()).rejects.toMatchObject({ code: CloudErrorCode.NoCredentials });
  });

  it('rebuilds the chain after a failure, and shares one chain run among concurrent callers', async () => {
    let builds = 0;
    let calls = 0;
    let fail = true;
    const provider = createCredentialsProvider('default-chain', {
      chainFactory: () => {
        builds += 1;
        return {
          getCredentials: async () => {
            calls += 1;
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (fail) throw new Error('nothing');
            return { accessKeyId: 'id', accessKeySecret: 'secret' };
          },
        };
      },
    });
    await expect(provider.getCredentials()).rejects.toMatchObject({ code: CloudErrorCode.NoCredentials });
    fail = false;
    const results = await Promise.all(Array.from({ length: 10 }, () => provider.getCredentials()));
    expect(results.every((r) => r.accessKeyId === 'id' && r.securityToken === undefined)).toBe(true);
    expect(builds).toBe(2);
    expect(calls).toBe(2);
  });
});
