/**
 * Where watches and their last-seen state live. Async throughout so a shared store (Redis) can sit behind the same
 * interface as the local ones.
 */
import type { QueryState, Watch } from './types';
import { queryKey } from './types';

export interface WatchStore {
  /** Adds a watch; its id must be new. */
  add(watch: Watch): Promise<void>;
  /** Removes a watch, and the query's state with it when no other watch shares the query. False if unknown. */
  remove(id: string): Promise<boolean>;
  get(id: string): Promise<Watch | undefined>;
  /** A channel's watches, oldest first. */
  listByChannel(team: string, channel: string): Promise<Watch[]>;
  /** Every watch, oldest first. */
  listAll(): Promise<Watch[]>;
  /** The watches that share one poll (see `queryKey`), oldest first. */
  listByQuery(key: string): Promise<Watch[]>;
  /** Pauses a watch with a reason, or resumes it with undefined. */
  setPaused(id: string, paused: Watch['paused']): Promise<void>;
  setFailureAnnounced(id: string, announced: boolean): Promise<void>;
  getQueryState(key: string): Promise<QueryState | undefined>;
  putQueryState(state: QueryState): Promise<void>;
  close(): Promise<void>;
}

/**
 * A shared store that cannot be reached right now (Redis away). Its outage is logged once where the connection is
 * kept, so callers stay quiet about this error and simply try again later.
 */
export class WatchStoreUnavailable extends Error {
  constructor() {
    super('the watch store is unreachable');
    this.name = 'WatchStoreUnavailable';
  }
}

function byAge(a: Watch, b: Watch): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function copyWatch(watch: Watch): Watch {
  return {
    ...watch,
    createdAt: new Date(watch.createdAt),
    paused: watch.paused && { reason: watch.paused.reason, at: new Date(watch.paused.at) },
  };
}

function copyState(state: QueryState): QueryState {
  return {
    ...state,
    snapshot: state.snapshot?.map((s) => ({ ...s, sources: [...s.sources] })),
    lastCheck: state.lastCheck && new Date(state.lastCheck),
    lastChange: state.lastChange && new Date(state.lastChange),
  };
}

/**
 * Everything in maps, for tests and a single short-lived process. Values are copied in and out, so a caller that
 * mutates what it got cannot change what is stored (as with any store that serialises).
 */
export class MemoryWatchStore implements WatchStore {
  private readonly watches = new Map<string, Watch>();
  private readonly states = new Map<string, QueryState>();

  async add(watch: Watch): Promise<void> {
    if (this.watches.has(watch.id)) throw new Error(`watch ${watch.id} already exists`);
    this.watches.set(watch.id, copyWatch(watch));
  }

  async remove(id: string): Promise<boolean> {
    const watch = this.watches.get(id);
    if (!watch) return false;
    this.watches.delete(id);
    const key = queryKey(watch);
    if (![...this.watches.values()].some((w) => queryKey(w) === key)) this.states.delete(key);
    return true;
  }

  async get(id: string): Promise<Watch | undefined> {
    const watch = this.watches.get(id);
    return watch && copyWatch(watch);
  }

  async listByChannel(team: string, channel: string): Promise<Watch[]> {
    return this.select((w) => w.team === team && w.channel === channel);
  }

  async listAll(): Promise<Watch[]> {
    return this.select(() => true);
  }

  async listByQuery(key: string): Promise<Watch[]> {
    return this.select((w) => queryKey(w) === key);
  }

  async setPaused(id: string, paused: Watch['paused']): Promise<void> {
    const watch = this.watches.get(id);
    if (watch) watch.paused = paused && { reason: paused.reason, at: new Date(paused.at) };
  }

  async setFailureAnnounced(id: string, announced: boolean): Promise<void> {
    const watch = this.watches.get(id);
    if (watch) watch.failureAnnounced = announced;
  }

  async getQueryState(key: string): Promise<QueryState | undefined> {
    const state = this.states.get(key);
    return state && copyState(state);
  }

  async putQueryState(state: QueryState): Promise<void> {
    this.states.set(state.key, copyState(state));
  }

  async close(): Promise<void> {}

  private select(keep: (watch: Watch) => boolean): Watch[] {
    return [...this.watches.values()].filter(keep).sort(byAge).map(copyWatch);
  }
}
