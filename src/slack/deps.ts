import type { AuditEvent, AuditSink } from '../access/audit';
import type { UsergroupsOf } from '../access/decide';
import type { ListUsergroupMembers } from '../access/usergroups';
import type { Accounts } from '../accounts/model';
import type { InventorySource } from '../cloud/inventory';
import type { Limiter } from '../cloud/limiter';
import type { RegionOverview, SessionSource } from '../cloud/types';
import type { RateLimiter, UserRate } from '../limits/rate-limit';
import type { Logger } from '../log';
import type { StateCodec } from '../paging';
import type { KeyValueWithTtl } from '../redis/kv';
import type { ReplayGuard } from './guard/replay';
import type { WatchService } from './watches';

/** Where App Home's numbers come from: a cached, single-flight scan per region (cloud/overview-cache.ts). */
interface OverviewSource {
  overviews(regions: string[], options?: { force?: boolean }): Promise<RegionOverview[]>;
  /** The cached overview of a region, without scanning. */
  peek(region: string): RegionOverview | undefined;
}

/** One account's cloud side: its own clients and caches, so nothing from one account is served for another. */
export interface AccountServices {
  sessions: SessionSource;
  inventory: InventorySource;
  overviews: OverviewSource;
  /** Home and `all` for this account. */
  regions: string[];
}

/** What the access and audit need from Slack, bound by slack/app.ts. */
export interface AccountsSlack {
  listMembers: ListUsergroupMembers;
  postAudit(channel: string, event: AuditEvent): Promise<void>;
}

/** The config file at work: which accounts exist, who may ask what, and where the audit goes. */
interface AccountsDeps {
  config: Accounts;
  services(name: string): AccountServices | undefined;
  /** Usergroup membership for rules that name usergroups (cached usergroups.users.list). */
  usergroupsOf: UsergroupsOf;
  /** Binds usergroups.users.list and audit.channel's post once the Slack client exists. */
  useSlack(slack: AccountsSlack): void;
  audit: AuditSink;
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
  /** Which events were already answered, shared by replicas (Redis); absent: this process remembers alone. */
  seenOnce?: ReplayGuard;
  /** Which pages were already shared, shared by replicas (Redis), so a double click on two replicas posts once. */
  sharedPages?: KeyValueWithTtl;
  /**
   * Accounts, access rules and audit (slack/access.ts). `sessions`, `inventory`, `overviews` and `regions` above
   * are the default account's; absent (tests that build deps by hand), there is one open account and no audit.
   */
  accounts?: AccountsDeps;
  /** `/mirrors watch` and the poller; absent when the deployment was built without a watch store. */
  watches?: WatchService;
}
