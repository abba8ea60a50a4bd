/**
 * App Home's region overviews: one scan per region per TTL however many people open Home (cache + single-flight),
 * regions scanned in parallel under a concurrency cap, failures reported per region and never thrown.
 */
import { type Logger, silentLogger } from '../log';
import type { SessionFilters } from '../query/types';
import { CloudError, CloudErrorCode } from './errors';
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

interface Entry {
  overview: RegionOverview;
  expiresAt: number;
}

function asCloudError(error: unknown, region: string): CloudError {
  if (error instanceof CloudError) return error;
  return new CloudError(CloudErrorCode.Unknown, `Scanning ${region} failed.`, { region });
}

export class OverviewCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<RegionOverview>>();
  private readonly limiter: Limiter;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly minRefreshMs: number;
  private readonly scanBudgetMs: number;
  private readonly clock: () => number;
  private readonly logger: Logger;

  constructor(
    private readonly source: SessionSource,
    options: OverviewCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_OVERVIEW_TTL_MS;
    this.failureTtlMs = options.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS;
    this.minRefreshMs = options.minRefreshMs ?? DEFAULT_MIN_REFRESH_MS;
    this.scanBudgetMs = options.scanBudgetMs ?? DEFAULT_SCAN_BUDGET_MS;
    this.limiter = new Limiter(Math.max(1, options.concurrency ?? DEFAULT_OVERVIEW_CONCURRENCY));
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /** The overview of one region: cached, or shared with a scan already running, or a new scan. Never throws. */
  get(region: string, options: GetOptions = {}): Promise<RegionOverview> {
    const running = this.inFlight.get(region);
    if (running) return running;
    const entry = this.entries.get(region);
    const now = this.clock();
    // Refresh is honoured only for a view older than a few seconds: a room full of people pressing it still costs
    // one scan per region, not one per click.
    const fresh =
      entry !== undefined &&
      entry.expiresAt > now &&
      (!options.force || now - entry.overview.scannedAt.getTime() < this.minRefreshMs);
    if (fresh) return Promise.resolve(entry.overview);
    const scan = this.scan(region).finally(() => {
      this.inFlight.delete(region);
    });
    this.inFlight.set(region, scan);
    return scan;
  }

  /** Overviews of every region, in the order given, scanned in parallel under the concurrency cap. Never throws. */
  overviews(regions: readonly string[], options: GetOptions = {}): Promise<RegionOverview[]> {
    return Promise.all(regions.map((region) => this.get(region, options)));
  }

  /** The cached overview, if any and still fresh, without scanning. */
  peek(region: string): RegionOverview | undefined {
    const entry = this.entries.get(region);
    return entry && entry.expiresAt > this.clock() ? entry.overview : undefined;
  }

  /** Forget one region, or all. A scan already running still completes and is cached. */
  invalidate(region?: string): void {
    if (region === undefined) this.entries.clear();
    else this.entries.delete(region);
  }

  private async scan(region: string): Promise<RegionOverview> {
    let overview: RegionOverview;
    try {
      // A scan has a deadline of its own: a region that never finishes would otherwise hold its single-flight slot
      // (and every Home waiting on it) forever.
      const sessions = await this.limiter.run(() =>
        listAllSessions(this.source, region, NO_FILTERS, AbortSignal.timeout(this.scanBudgetMs), {
          logger: this.logger,
        }),
      );
      overview = summarize(region, sessions, new Date(this.clock()));
    } catch (error: unknown) {
      const cloudError = asCloudError(error, region);
      this.logger.warn('region overview failed', {
        region,
        code: cloudError.code,
        requestId: cloudError.details.requestId,
      });
      overview = { region, ok: false, error: cloudError, scannedAt: new Date(this.clock()) };
    }
    const now = this.clock();
    this.entries.set(region, { overview, expiresAt: now + (overview.ok ? this.ttlMs : this.failureTtlMs) });
    return overview;
  }
}
