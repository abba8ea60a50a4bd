/**
 * App Home's region overviews: one scan per region per TTL however many people open Home (cache + single-flight),
 * regions scanned in parallel under a concurrency cap, failures reported per region and never thrown.
 */
import { LRUCache } from 'lru-cache';
import { type Logger, silentLogger } from '../log';
import { metrics } from '../ops/metrics';
import type { SessionFilters } from '../query/types';
import { toCloudError } from './errors';
import { Limiter } from './limiter';
import { listAllSessions, summarize } from './scan';
import type { RegionOverview, SessionSource } from './types';

export interface OverviewCacheOptions {
  /** How long a successful overview is served. Default 60 s. */
  ttlMs?: number;
  /** How long a failed scan is served before the next get() tries again. Default 10 s. */
  failureTtlMs?: number;
  /** How long one region's whole scan may take. Default 60 s. */
  scanBudgetMs?: number;
  /** Refresh rescans only a view at least this old. Default 10 s. */
  minRefreshMs?: number;
  /** Scans running at once, across all regions. Default 4. */
  concurrency?: number;
  /** Milliseconds since the epoch (overviews carry `scannedAt` from it). Default Date.now. */
  clock?: () => number;
  logger?: Logger;
}

export interface GetOptions {
  /** Ignore a cached value (the Refresh button). A scan already running is still shared. */
  force?: boolean;
}

const DEFAULT_OVERVIEW_TTL_MS = 60_000;
const DEFAULT_FAILURE_TTL_MS = 10_000;
const DEFAULT_MIN_REFRESH_MS = 10_000;
const DEFAULT_SCAN_BUDGET_MS = 60_000;
const DEFAULT_OVERVIEW_CONCURRENCY = 4;

const NO_FILTERS: SessionFilters = { tags: [], sessionIds: [] };

/** Regions remembered at most: every region anyone configured fits many times over. */
const MAX_REGIONS = 256;

export class OverviewCache {
  private readonly cache: LRUCache<string, RegionOverview>;
  private readonly limiter: Limiter;
  private readonly minRefreshMs: number;
  private readonly scanBudgetMs: number;
  private readonly clock: () => number;
  private readonly logger: Logger;

  constructor(
    private readonly source: SessionSource,
    options: OverviewCacheOptions = {},
  ) {
    const failureTtlMs = options.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS;
    this.minRefreshMs = options.minRefreshMs ?? DEFAULT_MIN_REFRESH_MS;
    this.scanBudgetMs = options.scanBudgetMs ?? DEFAULT_SCAN_BUDGET_MS;
    this.limiter = new Limiter(Math.max(1, options.concurrency ?? DEFAULT_OVERVIEW_CONCURRENCY));
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.cache = new LRUCache<string, RegionOverview>({
      max: MAX_REGIONS,
      ttl: options.ttlMs ?? DEFAULT_OVERVIEW_TTL_MS,
      // The same clock as `scannedAt`, read afresh each time (a cached reading would hide a test's clock step).
      perf: { now: () => this.clock() },
      ttlResolution: 0,
      // A fetch already running for a region is shared by every caller: that is the single-flight.
      fetchMethod: async (region, _stale, { options: entry }) => {
        const overview = await this.scan(region);
        // A failure is served only briefly, so the next Home retries soon.
        if (!overview.ok) entry.ttl = failureTtlMs;
        return overview;
      },
    });
  }

  /** The overview of one region: cached, or shared with a scan already running, or a new scan. Never throws. */
  async get(region: string, options: GetOptions = {}): Promise<RegionOverview> {
    // Refresh is honoured only for a view older than a few seconds: a room full of people pressing it still costs
    // one scan per region, not one per click.
    const cached = this.cache.peek(region);
    const forceRefresh =
      options.force === true &&
      (cached === undefined || this.clock() - cached.scannedAt.getTime() >= this.minRefreshMs);
    (cached !== undefined && !forceRefresh ? metrics.cacheHits : metrics.cacheMisses).inc({ cache: 'overview' });
    const overview = await this.cache.fetch(region, { forceRefresh });
    // fetchMethod always answers; undefined would mean the entry was dropped mid-scan.
    return overview ?? this.failed(region, undefined);
  }

  /** Overviews of every region, in the order given, scanned in parallel under the concurrency cap. Never throws. */
  overviews(regions: readonly string[], options: GetOptions = {}): Promise<RegionOverview[]> {
    return Promise.all(regions.map((region) => this.get(region, options)));
  }

  /** The cached overview, if any and still fresh, without scanning. */
  peek(region: string): RegionOverview | undefined {
    return this.cache.peek(region);
  }

  private async scan(region: string): Promise<RegionOverview> {
    try {
      // A scan has a deadline of its own: a region that never finishes would otherwise hold its single-flight slot
      // (and every Home waiting on it) forever.
      const sessions = await this.limiter.run(() =>
        listAllSessions(this.source, region, NO_FILTERS, AbortSignal.timeout(this.scanBudgetMs), {
          logger: this.logger,
        }),
      );
      return summarize(region, sessions, new Date(this.clock()));
    } catch (error: unknown) {
      return this.failed(region, error);
    }
  }

  private failed(region: string, error: unknown): RegionOverview {
    const cloudError = toCloudError(error, region);
    this.logger.warn('region overview failed', {
      region,
      code: cloudError.code,
      requestId: cloudError.details.requestId,
    });
    return { region, ok: false, error: cloudError, scannedAt: new Date(this.clock()) };
  }
}
