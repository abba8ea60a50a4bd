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

export function sealDetails(codec: StateCodec, region: string, sessionId: string): string {
  return codec.seal(DETAILS, detailsValue(region, sessionId));
}

export function openDetails(
  codec: StateCodec,
  regions: readonly string[],
  value: string,
): Opened<{ region: string; sessionId: string }> {
  const unsealed = codec.unseal(DETAILS, value);
  if (!unsealed.ok) return { ok: false, problem: unsealed.reason };
  const target = parseDetailsValue(unsealed.payload);
  if (!target) return { ok: false, problem: 'malformed' };
  return regions.includes(target.region) ? { ok: true, value: target } : { ok: false, problem: 'region' };
}

export function sealHomeList(codec: StateCodec, region: string): string {
  return codec.seal(HOME_LIST, region);
}

export function openHomeList(codec: StateCodec, regions: readonly string[], value: string): Opened<string> {
  const unsealed = codec.unseal(HOME_LIST, value);
  if (!unsealed.ok) return { ok: false, problem: unsealed.reason };
  return regions.includes(unsealed.payload) ? { ok: true, value: unsealed.payload } : { ok: false, problem: 'region' };
}
