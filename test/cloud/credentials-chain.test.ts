import { URICredentialsProvider } from '@alicloud/credentials';
import { describe, expect, it } from 'vitest';
import { defaultChain } from '../../src/cloud/credentials';

describe('the default credential chain', () => {
  const stepsOf = (chain: unknown): unknown[] => Reflect.get(chain as object, 'providers') as unknown[];

  it('has no credentials-URI step unless ALIBABA_CLOUD_CREDENTIALS_URI is set, so it never asks https://undefined/', () => {
    const saved = process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
    delete process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
    try {
      expect(stepsOf(defaultChain()).some((s) => s instanceof URICredentialsProvider)).toBe(false);
      expect(
        stepsOf(defaultChain({ ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:1/creds' })).some(
          (s) => s instanceof URICredentialsProvider,
        ),
      ).toBe(true);
    } finally {
      if (saved !== undefined) process.env.ALIBABA_CLOUD_CREDENTIALS_URI = saved;
    }
  });

  it('finds keys from the environment first', async () => {
    const saved = { ...process.env };
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAIENVKEYID000001';
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'env-secret';
    try {
      const credentials = await defaultChain().getCredentials();
      expect(credentials?.accessKeyId).toBe('LTAIENVKEYID000001');
    } finally {
      process.env = saved;
    }
  });
});
