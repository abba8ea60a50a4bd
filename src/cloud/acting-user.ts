/**
 * Who a cloud call is made for, carried through the async call chain rather than through every signature: the
 * per-account credentials provider reads it when pop-core asks for keys, so the STS role session name names the
 * Slack user who asked (ActionTrail shows it) without the listing, paging and lookup code knowing about users.
 * A plain string: cloud/ never imports Slack.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const acting = new AsyncLocalStorage<string>();

/** Runs `work` with `user` as the one cloud calls are made for. */
export function actingAs<T>(user: string, work: () => T): T {
  return acting.run(user, work);
}

/** The user of the current request; 'mirrors' for work no person asked for (Home's background refresh). */
export function actingUser(): string {
  return acting.getStore() ?? 'mirrors';
}
