import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { homeLoadingView, homeView } from '../views';
import type { WatchListEntry } from '../views/watch';
import { errorName } from './api-errors';
import type { AppDeps } from './deps';
import { sealHomeList } from './guard/button-values';
import { teamScope } from './guard/team-scope';

/**
 * Publishes the overview for one user, for the app_home_opened event and the Refresh button. A first visit to a
 * region that is not cached yet sees "Scanning…" at once instead of an empty tab; Refresh keeps the old view until
 * the new one.
 */
export async function publishHome(deps: AppDeps, client: WebClient, userId: string, force: boolean): Promise<void> {
  const pending = deps.overviews.overviews(deps.regions, { force });
  if (!force && deps.regions.some((region) => deps.overviews.peek(region) === undefined)) {
    await publish(deps, client, userId, homeLoadingView(deps.regions));
  }
  const overviews = await pending;
  const listValue = (region: string) => sealHomeList(deps.codec, region);
  const yourWatches = await watchesOf(deps, userId);
  await publish(deps, client, userId, homeView({ overviews, now: deps.now(), listValue, ...yourWatches }));
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
  const overviews = await deps.overviews.overviews(deps.regions);
  const listValue = (region: string) => sealHomeList(deps.codec, region);
  const yourWatches = await watchesOf(deps, userId);
  await publish(deps, client, userId, homeView({ overviews, now: deps.now(), notice, listValue, ...yourWatches }));
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
