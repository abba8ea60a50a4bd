/**
 * Credentials for pop-core's `credentialsProvider` option.
 *
 * - `'default-chain'`: @alicloud/credentials' DefaultCredentialsProvider (2.4.7), which tries in order: environment
 *   keys (ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, optional ALIBABA_CLOUD_SECURITY_TOKEN), RRSA/OIDC
 *   (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), the aliyun CLI profile
 *   (~/.aliyun/config.json), the credentials file (~/.alibabacloud/credentials or ALIBABA_CLOUD_CREDENTIALS_FILE,
 *   profile ALIBABA_CLOUD_PROFILE), the ECS RAM role (100.100.100.200, unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)
 *   and ALIBABA_CLOUD_CREDENTIALS_URI.
 * - explicit keys: used as given; the chain is never consulted (the sandbox).
 *
 * Guards added around the library (see the closing notes in docs):
 * - no keys → CloudError NoCredentials. pop-core would otherwise send the request unsigned.
 * - the chain's error text is dropped: it can quote a whole CLI config file or a metadata/STS response body.
 * - after a failed chain run the provider is rebuilt: DefaultCredentialsProvider remembers the LAST provider it
 *   tried even when that one failed, and from then on asks only that one.
 * - concurrent first calls share one chain run (one metadata/STS round trip, not one per request).
 */
import { DefaultCredentialsProvider, URICredentialsProvider } from '@alicloud/credentials';
import { CloudError, CloudErrorCode } from './errors';
import type { PopCredentials, PopCredentialsProvider } from './pop-client';

interface StaticKeys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export type CredentialsSetting = 'default-chain' | StaticKeys;

/** What we use of DefaultCredentialsProvider (fields may be empty at runtime whatever the typings say). */
export interface CredentialChain {
  getCredentials(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string } | undefined>;
}

export interface CredentialsProviderOptions {
  /** Builds the chain; defaults to DefaultCredentialsProvider.builder().build(). Tests inject fakes. */
  chainFactory?: () => CredentialChain;
}

const NO_CREDENTIALS_MESSAGE =
  'No Alibaba Cloud credentials found. Looked at: environment keys, RRSA/OIDC, aliyun CLI profile, ' +
  'credentials file, ECS RAM role, credentials URI.';

function noCredentials(): CloudError {
  return new CloudError(CloudErrorCode.NoCredentials, NO_CREDENTIALS_MESSAGE);
}

function present(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function toPopCredentials(
  keys: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } | undefined,
): PopCredentials {
  if (!keys || !present(keys.accessKeyId) || !present(keys.accessKeySecret)) throw noCredentials();
  const result: PopCredentials = { accessKeyId: keys.accessKeyId, accessKeySecret: keys.accessKeySecret };
  if (present(keys.securityToken)) result.securityToken = keys.securityToken;
  return result;
}

class StaticKeysProvider implements PopCredentialsProvider {
  constructor(private readonly keys: StaticKeys) {}

  async getCredentials(): Promise<PopCredentials> {
    return toPopCredentials(this.keys);
  }
}

class DefaultChainProvider implements PopCredentialsProvider {
  private chain: CredentialChain | undefined;
  private inFlight: Promise<PopCredentials> | undefined;

  constructor(private readonly factory: () => CredentialChain) {}

  getCredentials(): Promise<PopCredentials> {
    // Single-flight: a burst of first requests shares one run of the chain.
    if (!this.inFlight) {
      this.inFlight = this.resolve().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async resolve(): Promise<PopCredentials> {
    let keys: Awaited<ReturnType<CredentialChain['getCredentials']>>;
    try {
      this.chain ??= this.factory();
      keys = await this.chain.getCredentials();
    } catch {
      // Deliberately not kept: the chain's message can hold file contents and response bodies.
      this.chain = undefined;
      throw noCredentials();
    }
    try {
      return toPopCredentials(keys);
    } catch (error: unknown) {
      this.chain = undefined;
      throw error;
    }
  }
}

/**
 * The library's default chain, less its credentials-URI step when ALIBABA_CLOUD_CREDENTIALS_URI is unset: 2.4.7
 * adds that step unconditionally, and a chain that found nothing else then sends a request to `https://undefined/`
 * (a real DNS lookup). The chain keeps its steps in a private array, so this is the one place that reaches in.
 */
export function defaultChain(env: NodeJS.ProcessEnv = process.env): CredentialChain {
  const chain = DefaultCredentialsProvider.builder().build();
  const steps: unknown = Reflect.get(chain, 'providers');
  if (!env.ALIBABA_CLOUD_CREDENTIALS_URI && Array.isArray(steps)) {
    const kept = steps.filter((step) => !(step instanceof URICredentialsProvider));
    steps.splice(0, steps.length, ...kept);
  }
  return chain;
}

export function createCredentialsProvider(
  setting: CredentialsSetting,
  options: CredentialsProviderOptions = {},
): PopCredentialsProvider {
  if (setting === 'default-chain') {
    return new DefaultChainProvider(options.chainFactory ?? (() => defaultChain()));
  }
  return new StaticKeysProvider({ ...setting });
}
