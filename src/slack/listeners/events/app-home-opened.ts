import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { homeView } from '../../../views';
import type { AppDeps } from '../../deps';
import { errorName } from '../../message';

/** Publishes the overview for one user. Shared by the event and the Refresh button. */
export async function publishHome(deps: AppDeps, client: WebClient, userId: string, force: boolean): Promise<void> {
  const overviews = await deps.overviews.overviews(deps.regions, { force });
  const view = homeView({ overviews, now: deps.now() });
  try {
    await client.views.publish({ user_id: userId, view });
  } catch (error) {
    deps.logger.warn('views.publish failed', { error: errorName(error) });
  }
}

export function appHomeOpened(deps: AppDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user, false);
  };
}
