import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ActionId } from '../../views/action-ids';
import type { AppDeps } from '../deps';
import { detailsAction } from './actions/details';
import { homeListRegionAction, homeRefreshAction } from './actions/home';
import { pagingAction } from './actions/paging';
import { mirrorsCommand } from './commands/mirrors';
import { appHomeOpened } from './events/app-home-opened';

/** Any command whose name starts with /mirrors, so a staging copy can be /mirrors-staging. */
const COMMAND = /^\/mirrors/;

export function registerListeners(app: App, deps: AppDeps): void {
  app.command(COMMAND, mirrorsCommand(deps));

  const paging = pagingAction(deps);
  app.action<BlockAction<ButtonAction>>(ActionId.NextPage, paging);
  app.action<BlockAction<ButtonAction>>(ActionId.PreviousPage, paging);
  app.action<BlockAction<ButtonAction>>(ActionId.StartOver, paging);
  app.action<BlockAction<ButtonAction>>(ActionId.HomeRefresh, homeRefreshAction(deps));
  app.action<BlockAction<ButtonAction>>(ActionId.HomeListRegion, homeListRegionAction(deps));

  app.action<BlockAction<ButtonAction>>(ActionId.Details, detailsAction(deps));

  app.event('app_home_opened', appHomeOpened(deps));
}
