/**
 * The gate every surface passes before the cloud (DESIGN, "Accounts, access and audit"): which account a query
 * names, whether the config file's rules let this person ask it from this place, and the deps that reach only that
 * account. Also the audit: one line per request, whatever became of it. Nothing here calls the cloud, so a refusal
 * costs no API call, no AssumeRole included.
 */

import type { AuditOutcome, AuditSurface } from '../access/audit';
import { type ChannelKind, decide, type Refusal } from '../access/decide';
import { visibleScopes } from '../access/visible';
import { DEFAULT_ACCOUNT_NAME, defaultAccount } from '../accounts/model';
import { ALL_REGIONS, type PageState } from '../paging';
import { canonicalText } from '../query';
import type { MirrorQuery } from '../query/types';
import { accessDeniedMessage, accountNote, skippedNote, unknownAccountMessage, withNote } from '../views';
import type { SlackMessage } from '../views/surface';
import type { AppDeps } from './deps';
import { teamScope } from './guard/team-scope';
import type { RenderedPage } from './list-sessions';

/** Who asks, from where, through which surface. */
export interface Asker {
  user: string;
  /** The channel id; undefined on App Home. */
  channel: string | undefined;
  channelKind: ChannelKind;
  surface: AuditSurface;
}

export type Admission =
  | {
      ok: true;
      /** The deps of the query's account: its sessions, inventory, overviews and (for `all`) allowed regions. */
      deps: AppDeps;
      /** The query with its account written in when the bot has several, so every button carries it. */
      query: MirrorQuery;
      account: string;
      /** Notes the answer carries: the account's name, and what `all` skipped. */
      notes: string[];
    }
  | { ok: false; message: SlackMessage };

export type Admitted = Extract<Admission, { ok: true }>;

/** Where a Slack channel id puts a request, for rules' `dm` and `home`. */
export function channelKindOf(channel: string | undefined, home = false): ChannelKind {
  if (home || channel === undefined) return 'home';
  return channel.startsWith('D') ? 'dm' : 'channel';
}

/** The account names `account:` may use, for the parser; undefined without a config file (any name reads). */
export function accountNames(deps: AppDeps): string[] | undefined {
  return deps.accounts?.config.accounts.map((a) => a.name);
}

/** The regions of an account a signed button names (undefined: the default), or undefined for an unknown one. */
export function regionsOfAccount(deps: AppDeps): (account: string | undefined) => readonly string[] | undefined {
  return (account) => {
    if (!deps.accounts) return account === undefined || account === DEFAULT_ACCOUNT_NAME ? deps.regions : undefined;
    return deps.accounts.services(account ?? defaultAccount(deps.accounts.config).name)?.regions;
  };
}

/** Every region of every account: what a signed button that names a region may name. */
export function allRegions(deps: AppDeps): string[] {
  const config = deps.accounts?.config;
  if (!config) return [...deps.regions];
  return [...new Set(config.accounts.flatMap((a) => deps.accounts?.services(a.name)?.regions ?? []))];
}

/** Which account (and role) a Copy-as-CLI line was for, when the bot has several; undefined with one. */
export function cliAccount(deps: AppDeps, query: MirrorQuery): { name: string; roleArn?: string } | undefined {
  if (!many(deps)) return undefined;
  const name = accountOf(deps, query);
  const roleArn = deps.accounts?.config.accounts.find((a) => a.name === name)?.roleArn;
  return { name, ...(roleArn !== undefined ? { roleArn } : {}) };
}

function many(deps: AppDeps): boolean {
  return (deps.accounts?.config.accounts.length ?? 1) > 1;
}

function accountOf(deps: AppDeps, query: MirrorQuery): string {
  if (query.account !== undefined) return query.account;
  return deps.accounts ? defaultAccount(deps.accounts.config).name : DEFAULT_ACCOUNT_NAME;
}

/** The region an audit line and a refusal name: one region, or `all`. */
function regionOf(query: MirrorQuery, region: string | undefined): string {
  if (query.scope.kind === 'region') return query.scope.region;
  return region && region !== ALL_REGIONS ? region : ALL_REGIONS;
}

/**
 * May `asker` run `query` (in `region`, for a page of one region out of `all`)? On refusal, the ephemeral message
 * to show, and the denial is audited; on admission, what to run it with.
 */
export async function admit(deps: AppDeps, asker: Asker, query: MirrorQuery, region?: string): Promise<Admission> {
  const accounts = deps.accounts;
  if (!accounts) return { ok: true, deps, query, account: DEFAULT_ACCOUNT_NAME, notes: [] };
  const account = accountOf(deps, query);
  const services = accounts.services(account);
  const scoped: MirrorQuery = many(deps) ? { ...query, account } : query;
  const where = regionOf(query, region);
  if (!services) {
    audit(deps, asker, scoped, where, 'invalid');
    return { ok: false, message: unknownAccountMessage(account) };
  }
  const viewer = { ...asker, usergroupsOf: accounts.usergroupsOf };
  const notes = many(deps) ? [accountNote(account)] : [];
  let regions = services.regions;
  if (where === ALL_REGIONS) {
    const visible = await visibleScopes(
      accounts.config.rules,
      viewer,
      services.regions.map((r) => ({ account, region: r })),
    );
    if (visible.allowed.length === 0) {
      const first = visible.skipped[0]?.reason;
      return deny(
        deps,
        asker,
        scoped,
        first ?? { account, region: ALL_REGIONS, nearRules: [], usergroupsUnavailable: false },
      );
    }
    if (visible.skipped.length > 0)
      notes.push(
        skippedNote(
          account,
          visible.skipped.map((s) => s.region),
        ),
      );
    regions = visible.allowed.map((s) => s.region);
  } else {
    const decision = await decide(accounts.config.rules, { ...viewer, account, region: where });
    if (!decision.allowed) return deny(deps, asker, scoped, decision.reason);
  }
  return {
    ok: true,
    account,
    query: scoped,
    notes,
    deps: {
      ...deps,
      sessions: services.sessions,
      inventory: services.inventory,
      overviews: services.overviews,
      regions,
    },
  };
}

function deny(deps: AppDeps, asker: Asker, query: MirrorQuery, reason: Refusal): Admission {
  deps.logger.info('access denied', {
    surface: asker.surface,
    account: reason.account,
    region: reason.region,
    rules: reason.nearRules.length,
  });
  audit(deps, asker, query, reason.region, 'denied');
  return { ok: false, message: accessDeniedMessage(reason) };
}

/** Writes the audit line of a request (and posts it to audit.channel). Without a config, nothing is written. */
export function audit(
  deps: AppDeps,
  asker: Asker,
  query: MirrorQuery | string,
  region: string | null,
  outcome: AuditOutcome,
  result: { count?: number; requestId?: string } = {},
): void {
  const sink = deps.accounts?.audit;
  if (!sink) return;
  const isQuery = typeof query !== 'string';
  sink.record({
    team: teamScope() || null,
    user: asker.user,
    channel: asker.channel ?? null,
    surface: asker.surface,
    account: isQuery ? accountOf(deps, query) : null,
    region,
    query: isQuery ? canonicalText(query) : query,
    outcome,
    count: result.count ?? null,
    requestId: result.requestId ?? null,
  });
}

/** The account's notes on top of an answer. */
export function withNotes(message: SlackMessage, notes: readonly string[]): SlackMessage {
  return notes.reduceRight((m, note) => withNote(m, note, 'top'), message);
}

/** A rendered page with the admission's notes, audited as ok or error. */
export function audited(
  deps: AppDeps,
  asker: Asker,
  admitted: Admitted,
  state: PageState,
  rendering: Promise<RenderedPage>,
): Promise<RenderedPage> {
  return rendering.then((rendered) => {
    const region = regionOf(admitted.query, state.region);
    if (rendered.kind === 'list') {
      const { page } = rendered;
      audit(deps, asker, admitted.query, region, 'ok', {
        count: page.sessions.length,
        ...(page.requestId !== undefined ? { requestId: page.requestId } : {}),
      });
    } else {
      const requestId = rendered.error?.details.requestId;
      audit(deps, asker, admitted.query, region, 'error', requestId !== undefined ? { requestId } : {});
    }
    return { ...rendered, message: withNotes(rendered.message, admitted.notes) };
  });
}
