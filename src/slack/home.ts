import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { visibleScopes } from '../access/visible';
import type { RegionOverview } from '../cloud/types';
import { type AccountHomeSection, accountsHomeView, homeLoadingView, homeView } from '../views';
import type { WatchListEntry } from '../views/watch';
import { audit } from './access';
import { errorName } from './api-errors';
import type { AppDeps } from './deps';
import { sealHomeList } from './guard/button-values';
import { teamScope } from './guard/team-scope';

/** An account's part of Home: the regions the viewer may see there, and where their overviews come from. */
interface Visible {
  account: string;
  regions: string[];
  overviews: AppDeps['overviews'];
}

/**
 * What this viewer may see from App Home: every region of every account the access rules allow there. Without a
 * config file, the one account and all its regions.
 */
async function visibleToViewer(deps: AppDeps, userId: string): Promise<Visible[]> {
  const accounts = deps.accounts;
  if (!accounts) return [{ account: 'default', regions: deps.regions, overviews: deps.overviews }];
  const scopes = accounts.config.accounts.flatMap((a) =>
    (accounts.services(a.name)?.regions ?? []).map((region) => ({ account: a.name, region })),
  );
  const visible = await visibleScopes(
    accounts.config.rules,
    { user: userId, channel: undefined, channelKind: 'home', usergroupsOf: accounts.usergroupsOf },
    scopes,
  );
  const sections: Visible[] = [];
  for (const account of accounts.config.accounts) {
    const services = accounts.services(account.name);
    const regions = visible.allowed.filter((s) => s.account === account.name).map((s) => s.region);
    if (services && regions.length > 0)
      sections.push({ account: account.name, regions, overviews: services.overviews });
  }
  return sections;
}

function many(deps: AppDeps): boolean {
  return (deps.accounts?.config.accounts.length ?? 1) > 1;
}

/** Home's view from the overviews: today's single-account Home, or one section per account. */
function render(
  deps: AppDeps,
  sections: Array<{ account: string; overviews: RegionOverview[] }>,
  notice: string | undefined,
  yourWatches: { yourWatches?: WatchListEntry[] },
): HomeView {
  const listValue = (account: string) => (region: string) =>
    sealHomeList(deps.codec, region, many(deps) ? account : undefined);
  const only = sections[0];
  if (!many(deps) && sections.length === 1 && only) {
    return homeView({
      overviews: only.overviews,
      now: deps.now(),
      listValue: listValue(only.account),
      ...(notice ? { notice } : {}),
      ...yourWatches,
    });
  }
  const withValues: AccountHomeSection[] = sections.map((s) => ({ ...s, listValue: listValue(s.account) }));
  return accountsHomeView({ sections: withValues, now: deps.now(), ...(notice ? { notice } : {}), ...yourWatches });
}

/**
 * Publishes the overview for one user, for the app_home_opened event and the Refresh button. A first visit to a
 * region that is not cached yet sees "Scanning…" at once instead of an empty tab; Refresh keeps the old view until
 * the new one. Only what the access rules let the viewer see from App Home is scanned and shown.
 */
export async function publishHome(deps: AppDeps, client: WebClient, userId: string, force: boolean): Promise<void> {
  const visible = await visibleToViewer(deps, userId);
  const pending = Promise.all(
    visible.map(async (v) => ({ account: v.account, overviews: await v.overviews.overviews(v.regions, { force }) })),
  );
  const cold = visible.flatMap((v) => v.regions.filter((region) => v.overviews.peek(region) === undefined));
  if (!force && cold.length > 0) await publish(deps, client, userId, homeLoadingView(cold));
  const sections = await pending;
  const asker = { user: userId, channel: undefined, channelKind: 'home' as const, surface: 'home' as const };
  for (const section of sections) {
    const count = section.overviews.reduce((n, o) => n + (o.ok ? o.total : 0), 0);
    const failed = section.overviews.some((o) => !o.ok);
    audit(
      deps,
      asker,
      { scope: { kind: 'all' }, filters: { tags: [], sessionIds: [] }, limit: 10, account: section.account },
      'all',
      failed ? 'error' : 'ok',
      { count },
    );
  }
  await publish(deps, client, userId, render(deps, sections, undefined, await watchesOf(deps, userId)));
}

/**
 * Home as it was, with a line under its buttons saying where a list went. Uses what the overview cache holds (it
 * scans only a region whose entry has expired), so a click never waits for a full rescan.
 */
export async function publishHomeNotice(
  deps: AppDeps,
  client: WebClient,
  userId: string,
  notice: string,
): Promise<void> {
  const visible = await visibleToViewer(deps, userId);
  const sections = await Promise.all(
    visible.map(async (v) => ({ account: v.account, overviews: await v.overviews.overviews(v.regions) })),
  );
  await publish(deps, client, userId, render(deps, sections, notice, await watchesOf(deps, userId)));
}

/** "Your watches": read from the local store, so it costs no cloud call; Home still shows if the store fails. */
async function watchesOf(deps: AppDeps, userId: string): Promise<{ yourWatches?: WatchListEntry[] }> {
  if (!deps.watches) return {};
  try {
    return { yourWatches: await deps.watches.listCreator(teamScope(), userId) };
  } catch (error) {
    deps.logger.warn('could not read the watches for Home', { error: errorName(error) });
    return {};
  }
}

async function publish(deps: AppDeps, client: WebClient, userId: string, view: HomeView): Promise<void> {
  try {
    await client.views.publish({ user_id: userId, view });
  } catch (error) {
    deps.logger.warn('views.publish failed', { error: errorName(error) });
  }
}
