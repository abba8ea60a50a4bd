import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ActionId, CallbackId } from '../../views/action-ids';
import type { AppDeps } from '../deps';
import { detailsAction } from './actions/details';
import { homeListRegionAction, homeRefreshAction } from './actions/home';
import { pagingAction } from './actions/paging';
import { regionMoreAction } from './actions/region-more';
import { shareAction } from './actions/share';
import { showCliAction } from './actions/show-cli';
import { mirrorsCommand } from './commands/mirrors';
import { appHomeOpened } from './events/app-home-opened';
import { appMention } from './events/app-mention';
import { openQueryBuilderAction, queryBuilderShortcut, queryBuilderSubmission } from './shortcuts/query-builder';

/** Any command whose name starts with /mirrors, so a staging copy can be /mirrors-staging. */
const COMMAND = /^\/mirrors/;

type Button = BlockAction<ButtonAction>;

export function registerListeners(app: App, deps: AppDeps): void {
  app.command(COMMAND, mirrorsCommand(deps));
  app.event('app_mention', appMention(deps));
  app.event('app_home_opened', appHomeOpened(deps));

  const paging = pagingAction(deps);
  app.action<Button>(ActionId.NextPage, paging);
  app.action<Button>(ActionId.PreviousPage, paging);
  app.action<Button>(ActionId.StartOver, paging);
  app.action<Button>(ActionId.Details, detailsAction(deps));
  app.action<Button>(ActionId.Share, shareAction(deps));
  app.action<Button>(ActionId.ShowCli, showCliAction(deps));
  app.action<Button>(ActionId.RegionMore, regionMoreAction(deps));
  app.action<Button>(ActionId.HomeRefresh, homeRefreshAction(deps));
  app.action<Button>(ActionId.HomeListRegion, homeListRegionAction(deps));
  app.action<Button>(ActionId.OpenQueryBuilder, openQueryBuilderAction(deps));

  app.shortcut(CallbackId.QueryBuilderShortcut, queryBuilderShortcut(deps));
  app.view(CallbackId.QueryBuilderModal, queryBuilderSubmission(deps));
}
