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
