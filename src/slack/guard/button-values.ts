import type { StateCodec } from '../../paging';
import { detailsValue, parseDetailsValue } from '../../views/action-ids';

/**
 * The buttons that carry no page state, signed like those that do: Details names a region and a session, Home's
 * "List sessions" a region. Either way only a configured region is accepted, so a forged or edited value never
 * reaches the API (the attack run opened 695 modals from 1,500 forged Details values, some for regions the bot
 * was never configured for).
 */
const DETAILS = 'details';
const HOME_LIST = 'home-list';
const WATCH_REMOVE = 'watch-remove';
const WATCH_QUERY = 'watch-query';
const WATCH_LIST = 'watch-list';

type ButtonProblem = 'malformed' | 'tampered' | 'expired' | 'region';

export type Opened<T> = { ok: true; value: T } | { ok: false; problem: ButtonProblem };

/**
 * The configured regions of an account (undefined = the default account), or undefined when the account is not
 * configured: a value naming an account the bot no longer has is refused like one naming an unknown region.
 */
export type RegionsOf = (account: string | undefined) => readonly string[] | undefined;

const ACCOUNT_NAME = /^[a-z0-9-]{1,32}$/;

/** `account:payload` when the value names an account (the bot has several), the bare payload otherwise. */
function withAccount(account: string | undefined, payload: string): string {
  return account === undefined ? payload : `${account}:${payload}`;
}

function splitAccount(payload: string): { account: string | undefined; rest: string } | undefined {
  const colon = payload.indexOf(':');
  if (colon < 0) return { account: undefined, rest: payload };
  const account = payload.slice(0, colon);
  return ACCOUNT_NAME.test(account) ? { account, rest: payload.slice(colon + 1) } : undefined;
}

export function sealDetails(codec: StateCodec, region: string, sessionId: string, account?: string): string {
  return codec.seal(DETAILS, withAccount(account, detailsValue(region, sessionId)));
}

export function openDetails(
  codec: StateCodec,
  regionsOf: RegionsOf,
  value: string,
): Opened<{ region: string; sessionId: string; account: string | undefined }> {
  const unsealed = codec.unseal(DETAILS, value);
  if (!unsealed.ok) return { ok: false, problem: unsealed.reason };
  const split = splitAccount(unsealed.payload);
  const target = split && parseDetailsValue(split.rest);
  if (!split || !target) return { ok: false, problem: 'malformed' };
  return regionsOf(split.account)?.includes(target.region)
    ? { ok: true, value: { ...target, account: split.account } }
    : { ok: false, problem: 'region' };
}

export function sealHomeList(codec: StateCodec, region: string, account?: string): string {
  return codec.seal(HOME_LIST, withAccount(account, region));
}

export function openHomeList(
  codec: StateCodec,
  regionsOf: RegionsOf,
  value: string,
): Opened<{ region: string; account: string | undefined }> {
  const unsealed = codec.unseal(HOME_LIST, value);
  if (!unsealed.ok) return { ok: false, problem: unsealed.reason };
  const split = splitAccount(unsealed.payload);
  if (!split) return { ok: false, problem: 'malformed' };
  return regionsOf(split.account)?.includes(split.rest)
    ? { ok: true, value: { region: split.rest, account: split.account } }
    : { ok: false, problem: 'region' };
}

/**
 * A watch list's Remove button. The listener still removes only a watch of the channel the click came from; the
 * signature means a click made by hand cannot even name a watch id to probe with.
 */
export function sealWatchRemove(codec: StateCodec, watchId: string): string {
  return codec.seal(WATCH_REMOVE, watchId);
}

export function openWatchRemove(codec: StateCodec, value: string): Opened<string> {
  const unsealed = codec.unseal(WATCH_REMOVE, value);
  return unsealed.ok ? { ok: true, value: unsealed.payload } : { ok: false, problem: unsealed.reason };
}

/** A list's "Watch this query": the region and the watch's canonical query text (which names the region too). */
export function sealWatchQuery(codec: StateCodec, region: string, query: string): string {
  return codec.seal(WATCH_QUERY, `${region}\n${query}`);
}

export function openWatchQuery(
  codec: StateCodec,
  regions: readonly string[],
  value: string,
): Opened<{ region: string; query: string }> {
  return openRegionQuery(codec, WATCH_QUERY, regions, value);
}

/** A change notification's "List sessions": the watch's region and query, to list them now. */
export function sealWatchList(codec: StateCodec, region: string, query: string): string {
  return codec.seal(WATCH_LIST, `${region}\n${query}`);
}

export function openWatchList(
  codec: StateCodec,
  regions: readonly string[],
  value: string,
): Opened<{ region: string; query: string }> {
  return openRegionQuery(codec, WATCH_LIST, regions, value);
}

function openRegionQuery(
  codec: StateCodec,
  purpose: string,
  regions: readonly string[],
  value: string,
): Opened<{ region: string; query: string }> {
  const unsealed = codec.unseal(purpose, value);
  if (!unsealed.ok) return { ok: false, problem: unsealed.reason };
  const at = unsealed.payload.indexOf('\n');
  if (at < 0) return { ok: false, problem: 'malformed' };
  const region = unsealed.payload.slice(0, at);
  const query = unsealed.payload.slice(at + 1);
  return regions.includes(region) ? { ok: true, value: { region, query } } : { ok: false, problem: 'region' };
}
