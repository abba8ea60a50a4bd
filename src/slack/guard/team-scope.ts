import { AsyncLocalStorage } from 'node:async_hooks';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/**
 * The workspace a request came from, for as long as its listener runs (and whatever it starts). The button codec
 * reads it when it signs and when it verifies, so each value is bound to the workspace it was minted in, without
 * every listener and renderer having to pass the team along.
 */
const current = new AsyncLocalStorage<string>();

export function teamScope(): string {
  return current.getStore() ?? '';
}

/** Runs `work` as if inside a request from `team` (tests that mint buttons themselves). */
export function inTeam<T>(team: string, work: () => T): T {
  return current.run(team, work);
}

/**
 * Bolt's authorization identity: the team, or for an org-wide Enterprise Grid install the enterprise, which is
 * what an installation is keyed by once the app is distributed.
 */
export function bindTeam(): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    await current.run(context.teamId ?? context.enterpriseId ?? '', next);
  };
}
