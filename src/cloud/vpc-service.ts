/**
 * The SessionSource the Slack side uses: endpoint per region, one pop-core client per endpoint, one credentials
 * provider for all, and the retry policy.
 */
import { LRUCache } from 'lru-cache';
import { type Logger, silentLogger } from '../log';
import { KNOWN_REGIONS } from '../query/regions';
import type { SessionFilters } from '../query/types';
import { type ListCallOptions, listSessionsPage, type MethodSetting, toWireParams, VPC_API_VERSION } from './client';
import { type CredentialsProviderOptions, type CredentialsSetting, createCredentialsProvider } from './credentials';
import { hostNamesRegion, VPC_ENDPOINT_MAP, vpcEndpoint } from './endpoint';
import { CloudError, CloudErrorCode } from './errors';
import { InFlight } from './in-flight';
import { DEFAULT_CLOUD_CONCURRENCY, Limiter } from './limiter';
import { mapError } from './map-error';
import { createPopClient, type PopClient, type PopClientFactory, type PopCredentialsProvider } from './pop-client';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, realTiming, type Timing } from './retry';
import { listAllSessions, type ScanOptions } from './scan';
import type { MirrorSession, PageRequest, SessionPage, SessionSource } from './types';

const MAX_CLIENTS = 64;

export interface VpcServiceOptions {
  /** MIRRORS_REGIONS: with a `{region}` endpoint template, these and the known public regions are allowed. */
  regions?: readonly string[];
  /** ALIBABA_CLOUD_VPC_ENDPOINT: one endpoint for every region; may contain `{region}`. */
  endpointOverride?: string;
  /** The @alicloud/credentials default chain, or explicit keys (the sandbox: the chain is never consulted). */
  credentials: CredentialsSetting;
  /** One provider shared with the other reads (ECS, filters), so the chain runs once; built from `credentials` if absent. */
  credentialsProvider?: PopCredentialsProvider;
  /** Per attempt, connect + read. Default 8000 ms, always capped by what is left of the budget. */
  attemptTimeoutMs?: number;
  /** Total for all attempts and waits of one page. Default 12000 ms. */
  budgetMs?: number;
  /** The rest of the retry policy (backoff, max attempts). */
  retry?: Partial<RetryPolicy>;
  /** GET, POST, or 'auto' (GET unless the query string would be long). Default 'auto'. */
  method?: MethodSetting;
  logger?: Logger;
  /** Clock, sleep and randomness, for tests. */
  timing?: Partial<Timing>;
  /**
   * Caps the calls in flight at once, queued first come first served. Share one Limiter between every service of
   * a process (one per account, later) so the cap is process-wide. Default: a Limiter of its own with
   * DEFAULT_CLOUD_CONCURRENCY slots.
   */
  callLimiter?: Limiter;
  /** For tests: replaces pop-core. */
  popClientFactory?: PopClientFactory;
  /** For tests: how the default chain is built. */
  credentialsOptions?: CredentialsProviderOptions;
}

export class VpcSessionService implements SessionSource {
  // Bounded: every region a user types would otherwise keep a client (and its sockets) forever.
  private readonly clients = new LRUCache<string, PopClient>({ max: MAX_CLIENTS });
  private readonly credentialsProvider: PopCredentialsProvider;
  private readonly factory: PopClientFactory;
  private readonly callOptions: Omit<ListCallOptions, 'hostNamesRegion'>;
  private readonly endpointOverride: string | undefined;
  private readonly logger: Logger;
  private readonly allowedRegions: ReadonlySet<string>;
  // Per service, and so per account: two accounts asking the same question get their own answers.
  private readonly pages = new InFlight<SessionPage>();

  constructor(options: VpcServiceOptions) {
    this.allowedRegions = new Set([...KNOWN_REGIONS, ...Object.keys(VPC_ENDPOINT_MAP), ...(options.regions ?? [])]);
    this.endpointOverride = options.endpointOverride?.trim() === '' ? undefined : options.endpointOverride?.trim();
    this.credentialsProvider =
      options.credentialsProvider ?? createCredentialsProvider(options.credentials, options.credentialsOptions);
    this.factory = options.popClientFactory ?? createPopClient;
    this.logger = options.logger ?? silentLogger;
    const policy: RetryPolicy = {
      ...DEFAULT_RETRY_POLICY,
      ...options.retry,
      ...(options.attemptTimeoutMs !== undefined ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
      ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
    };
    this.callOptions = {
      policy,
      timing: { ...realTiming, ...options.timing },
      logger: this.logger,
      method: options.method ?? 'auto',
      // Every attempt of every call waits for a slot: lists, `all`, ENI lookups, Home scans and Details alike.
      limiter: options.callLimiter ?? new Limiter(DEFAULT_CLOUD_CONCURRENCY),
    };
  }

  /** The endpoint URL used for a region. @throws CloudError UnknownRegion for a malformed region id. */
  endpointFor(region: string): string {
    // With a `{region}` template the region becomes part of a host name of the operator's own domain: only
    // regions that exist may go there, so a typed `evil-host` cannot point signed requests somewhere else.
    if (this.endpointOverride?.includes('{region}') && !this.allowedRegions.has(region)) {
      throw new CloudError(CloudErrorCode.UnknownRegion, `region ${region} is not a known region`, { region });
    }
    return vpcEndpoint(region, this.endpointOverride);
  }

  private clientFor(endpoint: string): PopClient {
    let client = this.clients.get(endpoint);
    if (!client) {
      client = this.factory({ endpoint, apiVersion: VPC_API_VERSION, credentialsProvider: this.credentialsProvider });
      this.clients.set(endpoint, client);
    }
    return client;
  }

  /**
   * One page. Every failure is a CloudError (safe message, no URL or key material). An identical request already
   * in flight (same endpoint and parameters, the cursor included) is joined rather than asked again.
   */
  async listPage(request: PageRequest, signal?: AbortSignal): Promise<SessionPage> {
    const hostFromRegion = hostNamesRegion(request.region, this.endpointOverride);
    let client: PopClient;
    let endpoint: string;
    try {
      endpoint = this.endpointFor(request.region);
      client = this.clientFor(endpoint);
    } catch (error: unknown) {
      throw mapError(error, { region: request.region, hostNamesRegion: hostFromRegion, attempts: 0 });
    }
    const options = { ...this.callOptions, hostNamesRegion: hostFromRegion };
    const key = requestKey(endpoint, request);
    // A request the API would refuse anyway is not worth sharing: it fails on its own, as before.
    if (key === undefined) return listSessionsPage(client, request, options, signal);
    return this.pages.run(
      key,
      (shared) => listSessionsPage(client, request, options, shared),
      signal,
      () => cancelled(request.region),
    );
  }

  /** Every session in a region that matches the filters, across all pages. */
  listAll(
    region: string,
    filters: SessionFilters,
    signal?: AbortSignal,
    options?: ScanOptions,
  ): Promise<MirrorSession[]> {
    return listAllSessions(this, region, filters, signal, { logger: this.logger, ...options });
  }
}

/** What makes two requests the same question: where they go and every parameter sent, the cursor included. */
function requestKey(endpoint: string, request: PageRequest): string | undefined {
  try {
    return `${endpoint}\n${JSON.stringify(toWireParams(request))}`;
  } catch {
    return undefined;
  }
}

function cancelled(region: string): CloudError {
  return new CloudError(
    CloudErrorCode.Timeout,
    `The request for ${region} was cancelled before the VPC API answered.`,
    { region },
  );
}
