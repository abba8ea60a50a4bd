/**
 * The access policy of DESIGN ("Accounts, access and audit"): a request (user, channel, account, region) is allowed
 * when at least one rule matches all of its fields. An absent field matches anything; `dm` matches the DMs with the
 * app and `home` its App Home; a rule with `users` and/or `usergroups` matches a user listed in either. Without
 * `access:` in the file everyone may ask everything. Pure, except for the injected usergroup lookup, which is
 * asked only when a rule's other fields already match and only its user is in doubt.
 */
import type { AccessRule } from '../accounts/model';

/** Where a request comes from: a channel (public, private, multi-party DM), a DM with the app, or App Home. */
export type ChannelKind = 'channel' | 'dm' | 'home';

/**
 * Which of `candidates` (usergroup ids) the user belongs to. May throw (Slack unreachable): the policy then
 * treats the user as in none of them, so a lookup failure can only refuse, never allow.
 */
export type UsergroupsOf = (user: string, candidates: readonly string[]) => Promise<ReadonlySet<string>>;

export interface AccessRequest {
  user: string;
  /** The channel id (C…, G…, D…); undefined on App Home. */
  channel: string | undefined;
  channelKind: ChannelKind;
  account: string;
  region: string;
  usergroupsOf: UsergroupsOf;
}

export interface Refusal {
  account: string;
  region: string;
  /**
   * Rules that cover this account and region but not this user or place: their names help the person ask the
   * right admin. Empty when no rule covers the account and region at all.
   */
  nearRules: readonly string[];
  /** The usergroup lookup failed, so rules that name usergroups could not match. */
  usergroupsUnavailable: boolean;
}

export type Decision =
  | {
      allowed: true /** The first matching rule; undefined when the file has no `access:` (open). */;
      rule: AccessRule | undefined;
    }
  | { allowed: false; reason: Refusal };

/** `rules` undefined = no `access:` in the config file: everything is allowed. */
export async function decide(rules: readonly AccessRule[] | undefined, request: AccessRequest): Promise<Decision> {
  if (rules === undefined) return { allowed: true, rule: undefined };
  const placed = rules.filter((rule) => coversScope(rule, request.account, request.region));
  const here = placed.filter((rule) => matchesChannel(rule, request.channel, request.channelKind));
  // Rules that match without asking Slack come first: most requests never need the usergroup lookup.
  for (const rule of here) if (matchesUserDirectly(rule, request.user)) return { allowed: true, rule };

  const pending = here.filter((rule) => rule.usergroups !== undefined);
  let usergroupsUnavailable = false;
  if (pending.length > 0) {
    const candidates = [...new Set(pending.flatMap((rule) => rule.usergroups ?? []))];
    let member: ReadonlySet<string> = new Set();
    try {
      member = await request.usergroupsOf(request.user, candidates);
    } catch {
      usergroupsUnavailable = true;
    }
    for (const rule of pending) {
      if (rule.usergroups?.some((group) => member.has(group))) return { allowed: true, rule };
    }
  }
  return {
    allowed: false,
    reason: {
      account: request.account,
      region: request.region,
      nearRules: placed.map((rule) => rule.name),
      usergroupsUnavailable,
    },
  };
}

function coversScope(rule: AccessRule, account: string, region: string): boolean {
  return (
    (rule.accounts === undefined || rule.accounts.includes(account)) &&
    (rule.regions === undefined || rule.regions.includes(region))
  );
}

function matchesChannel(rule: AccessRule, channel: string | undefined, kind: ChannelKind): boolean {
  if (rule.channels === undefined) return true;
  if (kind === 'home') return rule.channels.includes('home');
  if (kind === 'dm' && rule.channels.includes('dm')) return true;
  return channel !== undefined && rule.channels.includes(channel);
}

/** True when the rule admits the user without a usergroup lookup: no user restriction, or listed by id. */
function matchesUserDirectly(rule: AccessRule, user: string): boolean {
  if (rule.users === undefined && rule.usergroups === undefined) return true;
  return rule.users?.includes(user) === true;
}

/** The usergroups any rule names: when empty, the app needs no `usergroups:read` and never calls Slack for them. */
export function usergroupsInRules(rules: readonly AccessRule[] | undefined): string[] {
  return [...new Set((rules ?? []).flatMap((rule) => rule.usergroups ?? []))];
}
