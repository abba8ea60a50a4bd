import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ActionId } from '../../../views/action-ids';
import { WatchActionId } from '../../../views/watch-action-ids';
import { withButtonState } from '../../button-state';
import type { AppDeps } from '../../deps';
import { detailsAction } from './details';
import { homeListRegionAction } from './home-list-region';
import { homeRefreshAction } from './home-refresh';
import { openQueryBuilderAction } from './open-query-builder';
import { pagingAction } from './paging';
import { regionMoreAction } from './region-more';
import { shareAction } from './share';
import { showCliAction } from './show-cli';
import { watchRemoveAction } from './watch-remove';

type Button = BlockAction<ButtonAction>;

export function register(app: App, deps: AppDeps): void {
  // These buttons carry an encoded page state; the middleware answers a stale or altered one before the listener.
  const state = withButtonState(deps);
  const paging = pagingAction(deps);
  app.action<Button>(ActionId.NextPage, state, paging);
  app.action<Button>(ActionId.PreviousPage, state, paging);
  app.action<Button>(ActionId.StartOver, state, paging);
  app.action<Button>(ActionId.Share, state, shareAction(deps));
  app.action<Button>(ActionId.ShowCli, state, showCliAction(deps));
  app.action<Button>(ActionId.RegionMore, state, regionMoreAction(deps));

  app.action<Button>(ActionId.Details, detailsAction(deps));
  app.action<Button>(ActionId.HomeRefresh, homeRefreshAction(deps));
  app.action<Button>(ActionId.HomeListRegion, homeListRegionAction(deps));
  app.action<Button>(ActionId.OpenQueryBuilder, openQueryBuilderAction(deps));
  app.action<Button>(WatchActionId.Remove, watchRemoveAction(deps));
}
