import { createHmac } from 'node:crypto';
import { type AuditSinkOptions, createAuditSink } from './access/audit';
import { decide, type UsergroupsOf } from './access/decide';
import { cachedUsergroups } from './access/usergroups';
import { type Accounts, defaultAccount, singleAccount } from './accounts/model';
import { actingUser } from './cloud/acting-user';
import { type CredentialsSetting, createCredentialsProvider } from './cloud/credentials';
import { InventoryService } from './cloud/inventory';
import { DEFAULT_CLOUD_CONCURRENCY, Limiter } from './cloud/limiter';
import { OverviewCache } from './cloud/overview-cache';
import type { PopClientFactory, PopCredentialsProvider } from './cloud/pop-client';
import { createRoleCredentials } from './cloud/sts';
import { VpcSessionService } from './cloud/vpc-service';
import type { SlackConfig } from './config';
import { MemoryRateLimiter } from './limits/rate-limit';
import type { Logger } from './log';
import { MemoryStateStore, StateCodec } from './paging';
import type { RedisConnection } from './redis/connection';
import { MemoryKeyValue, RedisKeyValue } from './redis/kv';
import { sharedOnce } from './redis/once';
import { RedisOverviewShare } from './redis/overview-share';
import { RedisStateStore } from './redis/paging-store';
import { RedisPollLock } from './redis/poll-lock';
import { RedisRateLimiter } from './redis/rate-limit';
import { RedisWatchStore } from './redis/watch-store';
import type { AccountServices, AccountsSlack, AppDeps } from './slack/deps';
import { sealWatchList } from './slack/guard/button-values';
import { inTeam, teamScope } from './slack/guard/team-scope';
import { WatchService } from './slack/watches';
import type { WatchAccess } from './watch/access';
import type { Clock } from './watch/clock';
import type { PollLock } from './watch/lock';
import type { WatchStore } from './watch/store';
import { listQueryText, type Watch } from './watch/types';

/** A user hears back within 15 s: the cloud layer gives up at 12 s, the listener's backstop at 13.5 s. */
export const REPLY_BUDGET_MS = 13_500;
/** Regions asked at once by all `all` commands together: one command finishes in about its slowest region. */
export const FAN_OUT_PROCESS_CAP = 8;

/** Replicas re-read the watch list at least this often (more often with a shorter interval). */
const MAX_RESYNC_MS = 30_000;

export interface ComposeOptions {
  credentials: CredentialsSetting;
  /** Secret material the button MAC key is derived from (the signing secret, or the bot token in Socket Mode). */
  buttonSecretSource: string;
  logger: Logger;
  /** Tests shorten budgets; production uses the defaults. */
  cloudBudgetMs?: number;
  replyBudgetMs?: number;
  overviewTtlMs?: number;
  overviewMinRefreshMs?: number;
  /** How long an IP or instance stays resolved to its ENIs (default 60 s); the bench sets it short. */
  hostCacheTtlMs?: number;
  placeholderAfterMs?: number;
  /** The config file's accounts, rules and audit; default: today's one account, "default", open to everyone. */
  accounts?: Accounts;
  /** STS for accounts with a role_arn: a full endpoint URL (see cloud/sts.ts), and a client for tests. */
  sts?: { endpoint?: string; clientFactory?: PopClientFactory };
  /** Where audit lines go (default stdout) and how audit.channel's copy is posted. */
  audit?: AuditSinkOptions;
  /**
   * REDIS_URL's connection: paging, Home's overviews and their single-flight, event de-duplication and rate limits
   * are shared by every replica through it, each falling back to this process's memory while Redis is away.
   * Absent: all of it stays in the process.
   */
  redis?: RedisConnection;
  /**
   * Where watches live (SQLite under MIRRORS_DATA_DIR in production, in memory in tests; absent with `redis`: in
   * Redis, shared by every replica), how often they poll, the access policy's say over them (watch/access.ts;
   * everyone may when absent), and who polls each query (watch/lock.ts; with `redis` a Redis lock, else this
   * process alone).
   */
  watches?: { store?: WatchStore; intervalSeconds: number; clock?: Clock; access?: WatchAccess; lock?: PollLock };
}

/**
 * What the listeners' dependencies are built from; the sandbox fills it with its stand-ins and regions. Without a
 * `userRate` nobody is rate-limited (the sandbox: one person at a console).
 */
export type DepsConfig = Pick<SlackConfig, 'regions' | 'vpcEndpoint' | 'ecsEndpoint' | 'defaultRegion'> &
  Partial<Pick<SlackConfig, 'cloudConcurrency' | 'userRate'>>;

/** The composition root: everything the listeners need, built from the config. */
export function composeDeps(config: DepsConfig, options: ComposeOptions): AppDeps {
  const base = createCredentialsProvider(options.credentials);
  const accounts = options.accounts ?? singleAccount(config.regions);
  // One cap for every call this process makes, whichever account, listener or scan asks.
  const callLimiter = new Limiter(config.cloudConcurrency ?? DEFAULT_CLOUD_CONCURRENCY);
  const roles = accounts.accounts.some((a) => a.roleArn !== undefined)
    ? createRoleCredentials({
        base,
        ...(options.sts?.endpoint !== undefined ? { endpoint: options.sts.endpoint } : {}),
        ...(options.sts?.clientFactory !== undefined ? { clientFactory: options.sts.clientFactory } : {}),
      })
    : undefined;
  const services = new Map<string, AccountServices>();
  for (const account of accounts.accounts) {
    const roleArn = account.roleArn;
    // The user is read when pop-core asks for keys, so one service per account serves every user's session name.
    const credentialsProvider: PopCredentialsProvider =
      roleArn === undefined || roles === undefined
        ? base
        : { getCredentials: () => roles.providerFor(roleArn, actingUser()).getCredentials() };
    services.set(account.name, buildServices(config, options, account, credentialsProvider, callLimiter));
  }
  const primary = services.get(accounts.accounts.find((a) => a.default)?.name ?? '') ?? [...services.values()][0];
  if (!primary) throw new Error('no account to serve: the config file validation should have refused it');
  // usergroups.users.list needs the Slack client, which exists only once the app does (slack/app.ts binds it).
  let slack: AccountsSlack | undefined;
  const usergroupsOf = cachedUsergroups((group) => {
    if (!slack) return Promise.reject(new Error('usergroups are not available before the app starts'));
    return slack.listMembers(group);
  });
  const auditChannel = accounts.audit.channel;
  const redis = options.redis;
  const fanOutLimiter = new Limiter(FAN_OUT_PROCESS_CAP);
  const codec = new StateCodec({
    secret: deriveButtonKey(options.buttonSecretSource),
    store: redis ? new RedisStateStore(redis) : new MemoryStateStore(),
    scope: teamScope,
  });
  const auditSink = createAuditSink({
    ...(auditChannel !== undefined
      ? { post: async (event) => slack?.postAudit(auditChannel, event) ?? Promise.resolve() }
      : {}),
    ...options.audit,
    onPostError: (error) =>
      options.logger.warn('could not post to the audit channel', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
  });
  const defaultName = defaultAccount(accounts).name;
  const watches =
    options.watches &&
    new WatchService({
      ...options.watches,
      ...sharedWatches(options.watches, redis, options.logger),
      // The config file's rules have their say over watches too, unless the caller brings its own.
      ...(options.watches.access === undefined && accounts.rules !== undefined
        ? { access: policyWatchAccess(accounts, usergroupsOf) }
        : {}),
      // Each watch polls with its own account's credentials (STS session `mirrors-watch`, see watch/scan.ts).
      sessionsFor: (account) => services.get(account ?? defaultName)?.sessions,
      audit: { sink: auditSink, accountName: (account) => account ?? defaultName },
      // Polls count toward the same cap as `all` commands, so a burst of due watches cannot starve users.
      limiter: fanOutLimiter,
      logger: options.logger,
      // A poll runs outside any request: the button is signed for the watch's own workspace.
      listValue: (watch) => inTeam(watch.team, () => sealWatchList(codec, watch.region, listQueryText(watch))),
    });
  return {
    sessions: primary.sessions,
    inventory: primary.inventory,
    overviews: primary.overviews,
    codec,
    regions: primary.regions,
    fanOutLimiter,
    defaultRegion: config.defaultRegion,
    logger: options.logger,
    now: () => new Date(),
    replyBudgetMs: options.replyBudgetMs ?? REPLY_BUDGET_MS,
    ...(options.placeholderAfterMs !== undefined ? { placeholderAfterMs: options.placeholderAfterMs } : {}),
    ...(config.userRate
      ? {
          userRate: {
            limiter: redis ? new RedisRateLimiter(redis, config.userRate) : new MemoryRateLimiter(config.userRate),
            rate: config.userRate,
          },
        }
      : {}),
    ...(redis ? { seenOnce: sharedOnce(redis, 'event') } : {}),
    // Bounded like the per-process memory it falls back to while Redis is away.
    ...(redis ? { sharedPages: new RedisKeyValue(redis, new MemoryKeyValue(10_000)) } : {}),
    ...(watches ? { watches } : {}),
    accounts: {
      config: accounts,
      services: (name) => services.get(name),
      usergroupsOf,
      useSlack: (bound) => {
        slack = bound;
      },
      audit: auditSink,
    },
  };
}

/**
 * With Redis and no store of the caller's, watches live in Redis and a Redis lock picks the one replica that polls
 * each query; every replica re-reads the watch list now and then, so one can take over another's queries.
 */
function sharedWatches(
  watches: NonNullable<ComposeOptions['watches']>,
  redis: RedisConnection | undefined,
  logger: Logger,
): { store: WatchStore; lock?: PollLock; resyncMs?: number } {
  if (watches.store) return { store: watches.store };
  if (!redis) throw new Error('watches need a store: SQLite, or Redis through REDIS_URL');
  return {
    store: new RedisWatchStore(redis),
    lock: watches.lock ?? new RedisPollLock(redis, logger),
    resyncMs: Math.min(watches.intervalSeconds * 1000, MAX_RESYNC_MS),
  };
}

/**
 * The access rules over a watch: its creator, in its channel, for its account and region, when it is made and
 * before each notification (a refusal pauses it and says so once in the channel).
 */
function policyWatchAccess(accounts: Accounts, usergroupsOf: UsergroupsOf): WatchAccess {
  const ask = async (watch: Watch): Promise<boolean> => {
    const decision = await decide(accounts.rules, {
      user: watch.creator,
      channel: watch.channel,
      channelKind: watch.channel.startsWith('D') ? 'dm' : 'channel',
      account: watch.account ?? defaultAccount(accounts).name,
      region: watch.region,
      usergroupsOf,
    });
    return decision.allowed;
  };
  const where = (watch: Watch) => `${watch.account ?? defaultAccount(accounts).name} / ${watch.region}`;
  return {
    mayCreate: async (watch) =>
      (await ask(watch)) ? undefined : `no access rule lets you watch ${where(watch)} in this channel`,
    // The creator stays the one the rules are asked about: the watch is theirs, heard in their channel.
    mayNotify: async (watch) =>
      (await ask(watch)) ? undefined : `no access rule lets its creator watch ${where(watch)} in this channel any more`,
  };
}

/** One account's cloud side: its own clients, in-flight coalescing and caches, so nothing crosses accounts. */
function buildServices(
  config: DepsConfig,
  options: ComposeOptions,
  account: { name: string; regions: readonly string[] },
  credentialsProvider: PopCredentialsProvider,
  callLimiter: Limiter,
): AccountServices {
  const regions = account.regions;
  const sessions = new VpcSessionService({
    endpointOverride: config.vpcEndpoint,
    regions,
    credentials: options.credentials,
    credentialsProvider,
    logger: options.logger,
    callLimiter,
    ...(options.cloudBudgetMs !== undefined ? { budgetMs: options.cloudBudgetMs } : {}),
  });
  const overviews = new OverviewCache(sessions, {
    logger: options.logger,
    // Per account: two accounts' regions of the same name are different inventories.
    ...(options.redis ? { share: new RedisOverviewShare(options.redis, account.name) } : {}),
    ...(options.overviewTtlMs !== undefined ? { ttlMs: options.overviewTtlMs } : {}),
    ...(options.overviewMinRefreshMs !== undefined ? { minRefreshMs: options.overviewMinRefreshMs } : {}),
  });
  const inventory = new InventoryService({
    credentialsProvider,
    regions,
    ...(config.vpcEndpoint !== undefined ? { vpcEndpointOverride: config.vpcEndpoint } : {}),
    ...(config.ecsEndpoint !== undefined ? { ecsEndpointOverride: config.ecsEndpoint } : {}),
    logger: options.logger,
    ...(options.cloudBudgetMs !== undefined ? { budgetMs: options.cloudBudgetMs } : {}),
    ...(options.hostCacheTtlMs !== undefined ? { cacheTtlMs: options.hostCacheTtlMs } : {}),
  });
  return { sessions, inventory, overviews, regions: [...regions] };
}

/**
 * A separate key for button MACs, derived rather than configured: every replica of one deployment derives the
 * same key, and a leaked button value says nothing about the signing secret.
 */
export function deriveButtonKey(source: string): string {
  return createHmac('sha256', source).update('mirrors/button-state/v1').digest('base64url');
}
