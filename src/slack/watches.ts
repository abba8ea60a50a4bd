/**
 * Watches inside the running bot: the store, the scheduler over the real scan, and the notifier that posts to
 * each watching channel. Built by compose.ts; started and stopped with the Slack app, which owns the Web API client.
 */
import type { App } from '@slack/bolt';
import type { AuditOutcome, AuditSink } from '../access/audit';
import { isCloudError } from '../cloud/errors';
import type { Limiter } from '../cloud/limiter';
import type { SessionSource } from '../cloud/types';
import type { Logger } from '../log';
import { shortCloudErrorText } from '../views';
import type { SlackMessage } from '../views/surface';
import {
  type WatchListEntry,
  watchChangesMessage,
  watchFailingMessage,
  watchPausedMessage,
  watchRecoveredMessage,
  watchResumedMessage,
} from '../views/watch';
import { allowAllWatches, type WatchAccess } from '../watch/access';
import type { Clock } from '../watch/clock';
import type { PollLock } from '../watch/lock';
import { watchScan } from '../watch/scan';
import { type WatchEvent, WatchScheduler } from '../watch/scheduler';
import type { WatchStore } from '../watch/store';
import { queryKey, type Watch } from '../watch/types';
import { errorName, slackApiError } from './api-errors';

type ChatClient = Pick<App['client'], 'chat'>;

export interface WatchServiceOptions {
  store: WatchStore;
  /** An account's sessions by name (undefined: the default account); undefined for an account not configured. */
  sessionsFor(account: string | undefined): SessionSource | undefined;
  /** Every notification's audit line (surface `watch`), naming the account; none when absent. */
  audit?: { sink: AuditSink; accountName(account: string | undefined): string };
  intervalSeconds: number;
  logger: Logger;
  limiter?: Limiter;
  /** Tests run the poller on a clock of their own. */
  clock?: Clock;
  /** The access policy's say over watches (watch/access.ts); everyone may when absent. */
  access?: WatchAccess;
  /** The signed value of a change message's "List sessions" button; no button when absent. */
  listValue?: (watch: Watch) => string;
  /** Who polls a query when several replicas run (watch/lock.ts): the seam for a Redis lock; local when absent. */
  lock?: PollLock;
  /** With a store shared by replicas: how often to re-read which queries are watched (watch/scheduler.ts). */
  resyncMs?: number;
}

function eventMessage(
  watch: Watch,
  event: WatchEvent,
  now: Date,
  listValue: ((watch: Watch) => string) | undefined,
): SlackMessage {
  switch (event.kind) {
    case 'changes':
      return watchChangesMessage({
        watch,
        changes: event.changes,
        checkedAt: event.checkedAt,
        ...(listValue ? { listValue: listValue(watch) } : {}),
      });
    case 'failing':
      return watchFailingMessage({
        watch,
        failures: event.failures,
        lastCheck: event.lastCheck,
        now,
        ...(isCloudError(event.error) ? { reason: shortCloudErrorText(event.error) } : {}),
      });
    case 'recovered':
      return watchRecoveredMessage(watch, event.checkedAt);
    case 'paused':
      return watchPausedMessage(watch, event.reason);
    case 'resumed':
      return watchResumedMessage(watch);
  }
}

/** A notification as an audit line's outcome: said because of an allow (ok), a refusal, or a failing cloud. */
function auditOutcome(event: WatchEvent): { outcome: AuditOutcome; count: number | null; requestId: string | null } {
  switch (event.kind) {
    case 'changes':
      return { outcome: 'ok', count: event.sessions, requestId: null };
    case 'failing':
      return {
        outcome: 'error',
        count: null,
        requestId: (isCloudError(event.error) ? event.error.details.requestId : undefined) ?? null,
      };
    case 'paused':
      return { outcome: 'denied', count: null, requestId: null };
    case 'recovered':
    case 'resumed':
      return { outcome: 'ok', count: null, requestId: null };
  }
}

export class WatchService {
  readonly intervalSeconds: number;
  private readonly store: WatchStore;
  private readonly scheduler: WatchScheduler;
  private readonly logger: Logger;
  private readonly access: WatchAccess;
  private readonly listValue: ((watch: Watch) => string) | undefined;
  private readonly audit: WatchServiceOptions['audit'];
  private client: ChatClient | undefined;
  private tokenFor: ((team: string) => Promise<string | undefined>) | undefined;

  constructor(options: WatchServiceOptions) {
    this.intervalSeconds = options.intervalSeconds;
    this.store = options.store;
    this.logger = options.logger;
    this.access = options.access ?? allowAllWatches;
    this.listValue = options.listValue;
    this.audit = options.audit;
    this.scheduler = new WatchScheduler({
      store: options.store,
      scan: watchScan({
        sessionsFor: options.sessionsFor,
        ...(options.limiter ? { limiter: options.limiter } : {}),
      }),
      notify: (watch, event) => this.post(watch, event),
      checkAccess: (watch) => this.access.mayNotify(watch),
      intervalMs: options.intervalSeconds * 1000,
      logger: options.logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.lock ? { lock: options.lock } : {}),
      ...(options.resyncMs !== undefined ? { resyncMs: options.resyncMs } : {}),
    });
  }

  /**
   * Starts polling every stored watch; notifications go out through `client`. Distributed to many workspaces, the
   * client has no token of its own and `tokenFor` gives each watch's workspace's.
   */
  async start(client: ChatClient, tokenFor?: (team: string) => Promise<string | undefined>): Promise<void> {
    this.client = client;
    this.tokenFor = tokenFor;
    await this.scheduler.start();
  }

  /** Stops polling (waiting for polls under way) and closes the store. */
  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.store.close();
  }

  /** Undefined when the access policy lets this watch be made, else its reason. */
  mayCreate(watch: Watch): Promise<string | undefined> {
    return this.access.mayCreate(watch);
  }

  add(watch: Watch): Promise<void> {
    return this.scheduler.add(watch);
  }

  remove(id: string): Promise<boolean> {
    return this.scheduler.remove(id);
  }

  get(id: string): Promise<Watch | undefined> {
    return this.store.get(id);
  }

  /** A channel's watches with what the poller knows of each query. */
  async listChannel(team: string, channel: string): Promise<WatchListEntry[]> {
    return this.withState(await this.store.listByChannel(team, channel));
  }

  private async withState(watches: readonly Watch[]): Promise<WatchListEntry[]> {
    const entries: WatchListEntry[] = [];
    for (const watch of watches) {
      const state = await this.store.getQueryState(queryKey(watch));
      entries.push({
        watch,
        lastCheck: state?.lastCheck,
        lastChange: state?.lastChange,
        failures: state?.failures ?? 0,
      });
    }
    return entries;
  }

  /** The watches one person made in this workspace, in every channel (App Home's "Your watches"). */
  async listCreator(team: string, user: string): Promise<WatchListEntry[]> {
    const mine = (await this.store.listAll()).filter((w) => w.team === team && w.creator === user);
    return this.withState(mine);
  }

  /** One audit line per notification the channel got, as the creator's request in that channel. */
  private record(watch: Watch, event: WatchEvent): void {
    if (!this.audit) return;
    this.audit.sink.record({
      team: watch.team,
      user: watch.creator,
      channel: watch.channel,
      surface: 'watch',
      account: this.audit.accountName(watch.account),
      region: watch.region,
      query: watch.query,
      ...auditOutcome(event),
    });
  }

  private async post(watch: Watch, event: WatchEvent): Promise<void> {
    if (!this.client) throw new Error('watch notifier used before start');
    const message = eventMessage(watch, event, new Date(), this.listValue);
    // The request is the poll and the access decision, audited whether or not Slack then takes the message.
    this.record(watch, event);
    const token = this.tokenFor ? await this.tokenFor(watch.team) : undefined;
    if (this.tokenFor && token === undefined) {
      // Uninstalled since the watch was made: nowhere to post until the workspace installs the app again.
      this.logger.warn('watch message not posted: the workspace has no installation', { watch: watch.id });
      throw new Error('workspace not installed');
    }
    try {
      await this.client.chat.postMessage({
        ...(token === undefined ? {} : { token }),
        channel: watch.channel,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      // The scheduler logs the failure by name; the API's own error (not_in_channel…) tells an operator why.
      this.logger.warn('watch message not posted', {
        watch: watch.id,
        error: slackApiError(error) ?? errorName(error),
      });
      throw error;
    }
  }
}
