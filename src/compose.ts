import { createHmac } from 'node:crypto';
import { type CredentialsSetting, createCredentialsProvider } from './cloud/credentials';
import { InventoryService } from './cloud/inventory';
import { DEFAULT_CLOUD_CONCURRENCY, Limiter } from './cloud/limiter';
import { OverviewCache } from './cloud/overview-cache';
import { VpcSessionService } from './cloud/vpc-service';
import type { SlackConfig } from './config';
import { MemoryRateLimiter } from './limits/rate-limit';
import type { Logger } from './log';
import { MemoryStateStore, StateCodec } from './paging';
import type { AppDeps } from './slack/deps';
import { sealWatchList } from './slack/guard/button-values';
import { inTeam, teamScope } from './slack/guard/team-scope';
import { WatchService } from './slack/watches';
import type { WatchAccess } from './watch/access';
import type { Clock } from './watch/clock';
import type { PollLock } from './watch/lock';
import type { WatchStore } from './watch/store';

/** A user hears back within 15 s: the cloud layer gives up at 12 s, the listener's backstop at 13.5 s. */
export const REPLY_BUDGET_MS = 13_500;
/** Regions asked at once by all `all` commands together: one command finishes in about its slowest region. */
export const FAN_OUT_PROCESS_CAP = 8;

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
  /**
   * Where watches live (SQLite under MIRRORS_DATA_DIR in production, in memory in tests), how often they poll, the
   * access policy's say over them (watch/access.ts; everyone may when absent), and who polls each query when
   * replicas share a store (watch/lock.ts; this process alone when absent).
   */
  watches?: { store: WatchStore; intervalSeconds: number; clock?: Clock; access?: WatchAccess; lock?: PollLock };
}

/**
 * What the listeners' dependencies are built from; the sandbox fills it with its stand-ins and regions. Without a
 * `userRate` nobody is rate-limited (the sandbox: one person at a console).
 */
export type DepsConfig = Pick<SlackConfig, 'regions' | 'vpcEndpoint' | 'ecsEndpoint' | 'defaultRegion'> &
  Partial<Pick<SlackConfig, 'cloudConcurrency' | 'userRate'>>;

/** The composition root: everything the listeners need, built from the config. */
export function composeDeps(config: DepsConfig, options: ComposeOptions): AppDeps {
  const credentialsProvider = createCredentialsProvider(options.credentials);
  const sessions = new VpcSessionService({
    endpointOverride: config.vpcEndpoint,
    regions: config.regions,
    credentials: options.credentials,
    credentialsProvider,
    logger: options.logger,
    // One cap for every call this process makes, whichever listener or scan asks.
    callLimiter: new Limiter(config.cloudConcurrency ?? DEFAULT_CLOUD_CONCURRENCY),
    ...(options.cloudBudgetMs !== undefined ? { budgetMs: options.cloudBudgetMs } : {}),
  });
  const cache = new OverviewCache(sessions, {
    logger: options.logger,
    ...(options.overviewTtlMs !== undefined ? { ttlMs: options.overviewTtlMs } : {}),
    ...(options.overviewMinRefreshMs !== undefined ? { minRefreshMs: options.overviewMinRefreshMs } : {}),
  });
  const inventory = new InventoryService({
    credentialsProvider,
    regions: config.regions,
    ...(config.vpcEndpoint !== undefined ? { vpcEndpointOverride: config.vpcEndpoint } : {}),
    ...(config.ecsEndpoint !== undefined ? { ecsEndpointOverride: config.ecsEndpoint } : {}),
    logger: options.logger,
    ...(options.cloudBudgetMs !== undefined ? { budgetMs: options.cloudBudgetMs } : {}),
    ...(options.hostCacheTtlMs !== undefined ? { cacheTtlMs: options.hostCacheTtlMs } : {}),
  });
  const fanOutLimiter = new Limiter(FAN_OUT_PROCESS_CAP);
  const codec = new StateCodec({
    secret: deriveButtonKey(options.buttonSecretSource),
    store: new MemoryStateStore(),
    scope: teamScope,
  });
  const watches =
    options.watches &&
    new WatchService({
      ...options.watches,
      sessions,
      // Polls count toward the same cap as `all` commands, so a burst of due watches cannot starve users.
      limiter: fanOutLimiter,
      logger: options.logger,
      // A poll runs outside any request: the button is signed for the watch's own workspace.
      listValue: (watch) => inTeam(watch.team, () => sealWatchList(codec, watch.region, watch.query)),
    });
  return {
    sessions,
    inventory,
    overviews: cache,
    codec,
    regions: config.regions,
    fanOutLimiter,
    defaultRegion: config.defaultRegion,
    logger: options.logger,
    now: () => new Date(),
    replyBudgetMs: options.replyBudgetMs ?? REPLY_BUDGET_MS,
    ...(options.placeholderAfterMs !== undefined ? { placeholderAfterMs: options.placeholderAfterMs } : {}),
    ...(config.userRate
      ? { userRate: { limiter: new MemoryRateLimiter(config.userRate), rate: config.userRate } }
      : {}),
    ...(watches ? { watches } : {}),
  };
}

/**
 * A separate key for button MACs, derived rather than configured: every replica of one deployment derives the
 * same key, and a leaked button value says nothing about the signing secret.
 */
export function deriveButtonKey(source: string): string {
  return createHmac('sha256', source).update('mirrors/button-state/v1').digest('base64url');
}
