import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps';
import { publishHome } from '../../home';

export function appHomeOpened(deps: AppDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user, false);
  };
}
