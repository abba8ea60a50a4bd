import type { InventorySource } from '../cloud/inventory';
import type { Limiter } from '../cloud/limiter';
import type { RegionOverview, SessionSource } from '../cloud/types';
import type { RateLimiter, UserRate } from '../limits/rate-limit';
import type { Logger } from '../log';
import type { StateCodec } from '../paging';
import type { WatchService } from './watches';

/** Where App Home's numbers come from: a cached, single-flight scan per region (cloud/overview-cache.ts). */
interface OverviewSource {
  overviews(regions: string[], options?: { force?: boolean }): Promise<RegionOverview[]>;
  /** The cached overview of a region, without scanning. */
  peek(region: string): RegionOverview | undefined;
}

/** Everything the listeners need, built once in main.ts (or by a test). */
export interface AppDeps {
  sessions: SessionSource;
  /** ENIs, instances and filters: host lookups and Details that explain. */
  inventory: InventorySource;
  overviews: OverviewSource;
  codec: StateCodec;
  regions: string[];
  defaultRegion: string | undefined;
  logger: Logger;
  now: () => Date;
  /** Caps the regions asked at once by every `all` in this process together. */
  fanOutLimiter?: Limiter;
  /** The user hears back within this, whatever the API does (cloud retries stop earlier). */
  replyBudgetMs: number;
  /** An answer not ready by then gets a placeholder, replaced by the answer (slack/placeholder.ts). Default 1 s. */
  placeholderAfterMs?: number;
  /** What one user may ask of the cloud (slack/user-rate.ts); absent, nobody is limited. */
  userRate?: { limiter: RateLimiter; rate: UserRate };
  /** `/mirrors watch` and the poller; absent when the deployment was built without a watch store. */
  watches?: WatchService;
}
