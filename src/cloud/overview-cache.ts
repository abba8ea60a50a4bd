/**
 * App Home's region overviews: one scan per region per TTL however many people open Home (cache + single-flight),
 * regions scanned in parallel under a concurrency cap, failures reported per region and never thrown.
 * With a share (Redis, several replicas) the single-flight spans replicas: a replica that finds no fresh overview
 * takes the region's lock and scans; the others wait for its result instead of scanning too. A share that is
 * unavailable makes the cache behave as it does alone: this process scans for itself.
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
  /** Where replicas share overviews and the right to scan; absent: this process alone. */
  share?: OverviewShare;
  /** How often a replica waiting for another's scan looks for its result. Default 100 ms. */
  sharePollMs?: number;
}

/** An overview another replica (or this one) stored, and how long it stays fresh. */
export interface SharedOverview {
  overview: RegionOverview;
  ttlMs: number;
}

/** Thrown by a share that cannot answer (Redis lost): the cache then scans on its own. */
export class ShareUnavailable extends Error {
  override readonly name = 'ShareUnavailable';
}

/** Overviews and scan locks shared by replicas (src/redis/overview-share.ts). Every method may throw ShareUnavailable. */
export interface OverviewShare {
  read(region: string): Promise<SharedOverview | undefined>;
  /** The lock on scanning `region` for `ttlMs`: its fencing token when this caller won it, undefined when held. */
  lock(region: string, ttlMs: number): Promise<number | undefined>;
  /** Stores `overview` unless one written under a newer token is there; releases the lock when still ours. */
  write(region: string, overview: RegionOverview, token: number, ttlMs: number): Promise<boolean>;
  /** Releases the lock when still ours, writing nothing. */
  release(region: string, token: number): Promise<void>;
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
const DEFAULT_SHARE_POLL_MS = 100;

const NO_FILTERS: SessionFilters = { tags: [], sessionIds: [] };

/** Regions remembered at most: every region anyone configured fits many times over. */
const MAX_REGIONS = 256;

export class OverviewCache {
  private readonly cache: LRUCache<string, RegionOverview, { force: boolean }>;
  private readonly limiter: Limiter;
  private readonly minRefreshMs: number;
  private readonly scanBudgetMs: number;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly sharePollMs: number;
  private readonly share: OverviewShare | undefined;

  constructor(
    private readonly source: SessionSource,
    options: OverviewCacheOptions = {},
  ) {
    const failureTtlMs = options.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS;
    this.failureTtlMs = failureTtlMs;
    this.ttlMs = options.ttlMs ?? DEFAULT_OVERVIEW_TTL_MS;
    this.sharePollMs = options.sharePollMs ?? DEFAULT_SHARE_POLL_MS;
    this.share = options.share;
    this.minRefreshMs = options.minRefreshMs ?? DEFAULT_MIN_REFRESH_MS;
    this.scanBudgetMs = options.scanBudgetMs ?? DEFAULT_SCAN_BUDGET_MS;
    this.limiter = new Limiter(Math.max(1, options.concurrency ?? DEFAULT_OVERVIEW_CONCURRENCY));
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.cache = new LRUCache<string, RegionOverview, { force: boolean }>({
      max: MAX_REGIONS,
      ttl: this.ttlMs,
      // The same clock as `scannedAt`, read afresh each time (a cached reading would hide a test's clock step).
      perf: { now: () => this.clock() },
      ttlResolution: 0,
      // A fetch already running for a region is shared by every caller: that is the single-flight.
      fetchMethod: async (region, _stale, { options: entry, context }) => {
        if (this.share) {
          const shared = await this.sharedScan(this.share, region, context.force);
          if (shared) {
            // Fresh for as long as the shared copy is, not a whole TTL from now: replicas agree on what Home shows.
            entry.ttl = Math.max(1, shared.ttlMs);
            return shared.overview;
          }
        }
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
    const overview = await this.cache.fetch(region, { forceRefresh, context: { force: forceRefresh } });
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

  /**
   * The region's overview through the share: a fresh one if stored, else this replica's own scan under the lock,
   * else (another replica holds the lock) that replica's result once written. Undefined when the share cannot
   * answer: the caller scans alone. A forced refresh takes a stored overview only when it is younger than the
   * refresh floor (someone just refreshed).
   */
  private async sharedScan(share: OverviewShare, region: string, force: boolean): Promise<SharedOverview | undefined> {
    // Past this, the lock holder is presumed lost with its lock, and this replica scans for itself.
    const deadline = this.clock() + this.scanBudgetMs + 5_000;
    const usable = (found: SharedOverview | undefined): found is SharedOverview =>
      found !== undefined && (!force || this.clock() - found.overview.scannedAt.getTime() < this.minRefreshMs);
    try {
      for (;;) {
        const found = await share.read(region);
        if (usable(found)) {
          metrics.cacheHits.inc({ cache: 'overview-shared' });
          return found;
        }
        const token = await share.lock(region, this.scanBudgetMs + 1_000);
        if (token !== undefined) {
          // Another replica may have written and let go between the read and the lock: look once more.
          const meanwhile = await share.read(region);
          if (usable(meanwhile)) {
            await share.release(region, token);
            metrics.cacheHits.inc({ cache: 'overview-shared' });
            return meanwhile;
          }
          const overview = await this.scan(region);
          const ttlMs = overview.ok ? this.ttlMs : this.failureTtlMs;
          // Lost the share mid-scan, or fenced off by a newer lock: the scan still answers this replica.
          await share.write(region, overview, token, ttlMs).catch(() => false);
          return { overview, ttlMs };
        }
        if (this.clock() > deadline) return undefined;
        await new Promise((resolve) => setTimeout(resolve, this.sharePollMs));
      }
    } catch (error) {
      if (error instanceof ShareUnavailable) return undefined;
      throw error;
    }
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
