import type { Limiter } from '../cloud/limiter';
import type { RegionOverview, SessionSource } from '../cloud/types';
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
  /** `/mirrors watch` and the poller; absent when the deployment was built without a watch store. */
  watches?: WatchService;
}
