/**
 * The reads around the sessions: ECS ENIs and instances, VPC traffic mirror filters. Same path as the session list
 * (endpoint per region, one pop-core client per endpoint and version, the shared credentials provider, retries
 * under one budget, safe error mapping); only the products and actions differ.
 */
import { LRUCache } from 'lru-cache';
import { type Logger, silentLogger } from '../log';
import { KNOWN_REGIONS } from '../query/regions';
import type { HostTerm } from '../query/types';
import { chooseMethod, VPC_API_VERSION } from './client';
import {
  DESCRIBE_ENIS,
  DESCRIBE_INSTANCES,
  ECS_API_VERSION,
  type EniQuery,
  eniParams,
  INSTANCE_IDS_MAX,
  type Instance,
  instanceParams,
  type NetworkInterface,
  parseInstances,
  parseNetworkInterfaces,
} from './ecs';
import { ECS_ENDPOINTS, hostNamesRegion, productEndpoint, VPC_ENDPOINT_MAP, VPC_ENDPOINTS } from './endpoint';
import { CloudError, CloudErrorCode, LOOKUP_RAM_ACTIONS } from './errors';
import { mapError, type Operation } from './map-error';
import { FILTER_IDS_MAX, filterParams, LIST_FILTERS, type MirrorFilter, parseFilters } from './mirror-filters';
import type { PopClient, PopClientFactory, PopCredentialsProvider, PopParamValue } from './pop-client';
import { createPopClient } from './pop-client';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, realTiming, type Timing, withRetry } from './retry';

const RAM = LOOKUP_RAM_ACTIONS;

const OPERATIONS: Record<string, Operation> = {
  [DESCRIBE_ENIS]: { ramAction: RAM.enis, api: 'ECS API', doing: 'describe network interfaces' },
  [DESCRIBE_INSTANCES]: { ramAction: RAM.instances, api: 'ECS API', doing: 'describe ECS instances' },
  [LIST_FILTERS]: { ramAction: RAM.filters, api: 'VPC API', doing: 'list traffic mirror filters' },
};

/** A host term resolved in one region: the ENIs that hold the IP, or every ENI of the instance. */
export interface HostResolution {
  region: string;
  host: HostTerm;
  enis: NetworkInterface[];
}

/** What the Slack side needs from these reads. Tests can fake it. */
export interface InventorySource {
  /** ENIs of an IP or an instance in one region; cached briefly per account, region and term. */
  resolveHost(region: string, host: HostTerm, signal?: AbortSignal, account?: string): Promise<HostResolution>;
  networkInterfaces(region: string, ids: readonly string[], signal?: AbortSignal): Promise<NetworkInterface[]>;
  instances(region: string, ids: readonly string[], signal?: AbortSignal): Promise<Instance[]>;
  filters(region: string, ids: readonly string[], signal?: AbortSignal): Promise<MirrorFilter[]>;
}

export interface InventoryOptions {
  credentialsProvider: PopCredentialsProvider;
  regions?: readonly string[];
  /** ALIBABA_CLOUD_ECS_ENDPOINT. */
  ecsEndpointOverride?: string;
  /** ALIBABA_CLOUD_VPC_ENDPOINT (for ListTrafficMirrorFilters). */
  vpcEndpointOverride?: string;
  budgetMs?: number;
  attemptTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  timing?: Partial<Timing>;
  popClientFactory?: PopClientFactory;
  /** How long a resolution is reused. Default 60 s: an ENI changes owner or IP rarely. */
  cacheTtlMs?: number;
}

const MAX_CLIENTS = 64;
const MAX_PAGES = 10;
/** The account every key carries until accounts exist; a key without one could leak across them later. */
const DEFAULT_ACCOUNT = 'default';

type Product = 'ecs' | 'vpc';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class InventoryService implements InventorySource {
  private readonly clients = new LRUCache<string, PopClient>({ max: MAX_CLIENTS });
  private readonly resolutions: LRUCache<string, HostResolution>;
  private readonly factory: PopClientFactory;
  private readonly policy: RetryPolicy;
  private readonly timing: Timing;
  private readonly logger: Logger;
  private readonly overrides: Record<Product, string | undefined>;
  private readonly allowedRegions: ReadonlySet<string>;

  constructor(private readonly options: InventoryOptions) {
    const trim = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
    this.overrides = { ecs: trim(options.ecsEndpointOverride), vpc: trim(options.vpcEndpointOverride) };
    this.allowedRegions = new Set([...KNOWN_REGIONS, ...Object.keys(VPC_ENDPOINT_MAP), ...(options.regions ?? [])]);
    this.factory = options.popClientFactory ?? createPopClient;
    this.logger = options.logger ?? silentLogger;
    this.timing = { ...realTiming, ...options.timing };
    this.policy = {
      ...DEFAULT_RETRY_POLICY,
      ...options.retry,
      ...(options.attemptTimeoutMs !== undefined ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
      ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
    };
    this.resolutions = new LRUCache({ max: 2_000, ttl: options.cacheTtlMs ?? 60_000 });
  }

  private clientFor(product: Product, region: string): PopClient {
    const override = this.overrides[product];
    // As for the sessions: only real regions may be put into an operator's `{region}` host name.
    if (override?.includes('{region}') && !this.allowedRegions.has(region)) {
      throw new CloudError(CloudErrorCode.UnknownRegion, `region ${region} is not a known region`, { region });
    }
    const endpoint = productEndpoint(product === 'ecs' ? ECS_ENDPOINTS : VPC_ENDPOINTS, region, override);
    const apiVersion = product === 'ecs' ? ECS_API_VERSION : VPC_API_VERSION;
    const key = `${apiVersion} ${endpoint}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.factory({ endpoint, apiVersion, credentialsProvider: this.options.credentialsProvider });
      this.clients.set(key, client);
    }
    return client;
  }

  /** One call with retries; every failure is a CloudError naming this action's RAM permission. */
  private async call(
    product: Product,
    action: string,
    region: string,
    params: Record<string, PopParamValue>,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const operation = OPERATIONS[action];
    const context = {
      region,
      hostNamesRegion: hostNamesRegion(
        region,
        this.overrides[product],
        product === 'ecs' ? ECS_ENDPOINTS : VPC_ENDPOINTS,
      ),
      ...(operation ? { operation } : {}),
    };
    let client: PopClient;
    try {
      client = this.clientFor(product, region);
    } catch (error: unknown) {
      throw mapError(error, { ...context, attempts: 0 });
    }
    const method = chooseMethod('auto', params);
    const { value, attempts } = await withRetry(
      ({ timeoutMs, signal: attemptSignal }) =>
        client.request(action, params, { method, timeoutMs, signal: attemptSignal }),
      {
        policy: this.policy,
        timing: this.timing,
        logger: this.logger,
        context,
        operation: action,
        ...(signal ? { signal } : {}),
      },
    );
    this.logger.debug(`${action} ok`, { region, requestId: value.requestId, attempts });
    return value.json;
  }

  /** Follows NextToken up to MAX_PAGES; a repeated token ends the walk. */
  private async allPages<T>(
    read: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken: string | undefined }>,
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const listed = await read(token);
      items.push(...listed.items);
      if (listed.nextToken === undefined || seen.has(listed.nextToken)) break;
      seen.add(listed.nextToken);
      token = listed.nextToken;
    }
    return items;
  }

  private enis(region: string, query: EniQuery, signal?: AbortSignal): Promise<NetworkInterface[]> {
    return this.allPages(async (token) =>
      parseNetworkInterfaces(await this.call('ecs', DESCRIBE_ENIS, region, eniParams(region, query, token), signal)),
    );
  }

  async networkInterfaces(region: string, ids: readonly string[], signal?: AbortSignal): Promise<NetworkInterface[]> {
    const unique = [...new Set(ids)];
    const lists = await Promise.all(
      chunks(unique, INSTANCE_IDS_MAX).map((part) => this.enis(region, { by: 'ids', ids: part }, signal)),
    );
    return lists.flat();
  }

  async instances(region: string, ids: readonly string[], signal?: AbortSignal): Promise<Instance[]> {
    const unique = [...new Set(ids.filter((id) => id !== ''))];
    const lists = await Promise.all(
      chunks(unique, INSTANCE_IDS_MAX).map((part) =>
        this.allPages(async (token) =>
          parseInstances(
            await this.call('ecs', DESCRIBE_INSTANCES, region, instanceParams(region, part, token), signal),
          ),
        ),
      ),
    );
    return lists.flat();
  }

  async filters(region: string, ids: readonly string[], signal?: AbortSignal): Promise<MirrorFilter[]> {
    const unique = [...new Set(ids.filter((id) => id !== ''))];
    const lists = await Promise.all(
      chunks(unique, FILTER_IDS_MAX).map((part) =>
        this.allPages(async (token) =>
          parseFilters(await this.call('vpc', LIST_FILTERS, region, filterParams(region, part, token), signal)),
        ),
      ),
    );
    return lists.flat();
  }

  async resolveHost(
    region: string,
    host: HostTerm,
    signal?: AbortSignal,
    account: string = DEFAULT_ACCOUNT,
  ): Promise<HostResolution> {
    const term = host.kind === 'ip' ? `ip:${host.ip}` : host.instanceId;
    const key = JSON.stringify([account, region, term]);
    const cached = this.resolutions.get(key);
    if (cached) return cached;
    let enis: NetworkInterface[];
    if (host.kind === 'ip') {
      // Secondary and primary IPs are separate filters in the docs: both asked at once, merged by ENI id.
      const [bySecondary, byPrimary] = await Promise.all([
        this.enis(region, { by: 'ip', ip: host.ip }, signal),
        this.enis(region, { by: 'ip', ip: host.ip, primary: true }, signal),
      ]);
      // Kept only if it really holds the IP: a service that ignored an unknown filter would answer every ENI.
      enis = uniqueById([...byPrimary, ...bySecondary]).filter((eni) => eni.privateIps.includes(host.ip));
    } else {
      const all = await this.enis(region, { by: 'instance', instanceId: host.instanceId }, signal);
      // Primary ENI first, then secondaries by id: a stable order for the answer.
      enis = uniqueById(all)
        .filter((eni) => eni.instanceId === host.instanceId)
        .sort((a, b) => (a.type === 'Primary' ? -1 : b.type === 'Primary' ? 1 : a.id.localeCompare(b.id)));
    }
    const resolution: HostResolution = { region, host, enis };
    // A miss is not kept: the IP may be attached a minute later, and "no ENI holds it" must not outlive that.
    if (enis.length > 0) this.resolutions.set(key, resolution);
    return resolution;
  }
}

function uniqueById(enis: readonly NetworkInterface[]): NetworkInterface[] {
  const seen = new Map<string, NetworkInterface>();
  for (const eni of enis) if (!seen.has(eni.id)) seen.set(eni.id, eni);
  return [...seen.values()];
}
