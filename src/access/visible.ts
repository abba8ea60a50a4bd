/**
 * Which (account, region) pairs a viewer may see: App Home shows one section per account with only these, and
 * `all` runs only these and names what it skipped. One policy check per pair, with the usergroup lookup shared
 * across them.
 */
import type { AccessRule, Account } from '../accounts/model';
import { type ChannelKind, decide, type Refusal, type UsergroupsOf } from './decide';

export interface Scope {
  account: string;
  region: string;
}

export interface Viewer {
  user: string;
  channel: string | undefined;
  channelKind: ChannelKind;
  usergroupsOf: UsergroupsOf;
}

export interface Visible {
  allowed: Scope[];
  /** In the order given, each with why: what `all` names as skipped. */
  skipped: Array<Scope & { reason: Refusal }>;
}

/** Every (account, region) pair of these accounts, in their order: Home's input; pass one account for `all`. */
export function scopesOf(accounts: readonly Account[]): Scope[] {
  return accounts.flatMap((account) => account.regions.map((region) => ({ account: account.name, region })));
}

export async function visibleScopes(
  rules: readonly AccessRule[] | undefined,
  viewer: Viewer,
  scopes: readonly Scope[],
): Promise<Visible> {
  const usergroupsOf = onceEach(viewer.usergroupsOf);
  const visible: Visible = { allowed: [], skipped: [] };
  for (const scope of scopes) {
    const decision = await decide(rules, { ...viewer, ...scope, usergroupsOf });
    if (decision.allowed) visible.allowed.push(scope);
    else visible.skipped.push({ ...scope, reason: decision.reason });
  }
  return visible;
}

/** One lookup per distinct candidate list within a single Home or `all`, failures included. */
function onceEach(lookup: UsergroupsOf): UsergroupsOf {
  const seen = new Map<string, Promise<ReadonlySet<string>>>();
  return (user, candidates) => {
    const key = `${user}\n${[...candidates].sort().join(',')}`;
    let pending = seen.get(key);
    if (!pending) {
      pending = lookup(user, candidates);
      seen.set(key, pending);
    }
    return pending;
  };
}
