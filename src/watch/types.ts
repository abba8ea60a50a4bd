/** What a watch is, and what is remembered between polls. */
import { randomBytes } from 'node:crypto';
import { canonicalText } from '../query/describe';
import { DEFAULT_LIMIT, type MirrorQuery } from '../query/types';
import type { WatchedSession } from './diff';

/** One channel watching one query. */
export interface Watch {
  /** `w-` and eight random characters: short enough to type into `/mirrors unwatch`. */
  id: string;
  team: string;
  channel: string;
  /** The Slack user who created it. */
  creator: string;
  /** The cloud account by name; undefined is the default account. */
  account: string | undefined;
  region: string;
  /** Canonical query text (see `watchQueryText`), so equal queries compare equal. */
  query: string;
  createdAt: Date;
  /** Set when the watch stopped notifying, with the reason in plain words ("this channel lost access"). */
  paused: { reason: string; at: Date } | undefined;
  /** The channel has been told that polls are failing, and must be told when they recover. */
  failureAnnounced: boolean;
}

/** What the poller remembers about one distinct query, however many channels watch it. */
export interface QueryState {
  key: string;
  /** The matching set at the last good poll; undefined until the first one (the baseline). */
  snapshot: WatchedSession[] | undefined;
  lastCheck: Date | undefined;
  lastChange: Date | undefined;
  /** Polls that failed in a row since the last good one. */
  failures: number;
}

/** The three things that make two watches the same poll. */
export interface WatchTarget {
  account: string | undefined;
  region: string;
  query: string;
}

/** Identical queries share one poll: this is what "identical" means. */
export function queryKey(target: WatchTarget): string {
  // Neither an account name, a region id nor command text holds a newline, so the parts cannot run together.
  return `${target.account ?? ''}\n${target.region}\n${target.query}`;
}

/**
 * The text a watch stores for a query. A watch reads every page, so the page size means nothing to it: `limit:5`
 * and no limit are the same watch.
 */
export function watchQueryText(query: MirrorQuery): string {
  return canonicalText({ ...query, limit: DEFAULT_LIMIT });
}

/** The text a watch stores: without the account, which the watch keeps in a field of its own. */
export function storedQueryText(query: MirrorQuery): string {
  const { account: _account, ...rest } = query;
  return watchQueryText(rest);
}

/**
 * The query a watch's "List sessions" lists: its text with the account written back in (canonical text puts
 * `account:` first), so the list reads the watch's account and not the default one.
 */
export function listQueryText(watch: Pick<Watch, 'account' | 'query'>): string {
  return watch.account === undefined ? watch.query : `account:${watch.account} ${watch.query}`;
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A new watch id: 8 characters from an alphabet without look-alikes (l/1, o/0), about 40 bits. */
export function newWatchId(): string {
  const bytes = randomBytes(8);
  let id = 'w-';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

export function isWatchId(text: string): boolean {
  return /^w-[a-z2-9]{8}$/.test(text);
}
