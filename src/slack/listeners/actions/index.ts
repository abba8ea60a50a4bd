import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ActionId, REGION_MORE_PATTERN } from '../../../views/action-ids';
import { HOME_LIST_ACTIONS, type HomeList } from '../../../views/home';
import { WatchActionId } from '../../../views/watch-action-ids';
import { withButtonAccess, withButtonState } from '../../button-state';
import type { AppDeps } from '../../deps';
import { withinUserRate } from '../../user-rate';
import { detailsAction } from './details';
import { homeListRegionAction } from './home-list-region';
import { homeRefreshAction } from './home-refresh';
import { openQueryBuilderAction } from './open-query-builder';
import { pagingAction } from './paging';
import { regionMoreAction } from './region-more';
import { shareAction } from './share';
import { showCliAction } from './show-cli';
import { watchListAction } from './watch-list';
import { watchQueryAction } from './watch-query';
import { watchRemoveAction } from './watch-remove';

type Button = BlockAction<ButtonAction>;

export function register(app: App, deps: AppDeps): void {
  // These buttons carry an encoded page state; the middleware answers a stale or altered one before the listener.
  const state = withButtonState(deps);
  // The buttons that ask the cloud spend one of the clicker's requests; a stale button is refused first, for free.
  const rate = withinUserRate(deps);
  // The access rules, for whoever clicks, at click time: before the rate limit and any cloud call.
  const access = withButtonAccess(deps);
  const paging = pagingAction(deps);
  app.action<Button>(ActionId.NextPage, state, access, rate, paging);
  app.action<Button>(ActionId.PreviousPage, state, access, rate, paging);
  app.action<Button>(ActionId.StartOver, state, access, rate, paging);
  app.action<Button>(ActionId.Retry, state, access, rate, pagingAction(deps, { replaceOnError: true }));
  app.action<Button>(ActionId.Share, state, withButtonAccess(deps, 'share'), rate, shareAction(deps));
  app.action<Button>(ActionId.ShowCli, state, access, showCliAction(deps));
  app.action<Button>(REGION_MORE_PATTERN, state, access, rate, regionMoreAction(deps));

  app.action<Button>(ActionId.Details, rate, detailsAction(deps));
  // Home's scans are cached and shared by everyone (cloud/overview-cache.ts): a refresh costs no quota of its own.
  app.action<Button>(ActionId.HomeRefresh, homeRefreshAction(deps));
  for (const [list, actionId] of Object.entries(HOME_LIST_ACTIONS) as Array<[HomeList, string]>) {
    app.action<Button>(actionId, rate, homeListRegionAction(deps, list));
  }
  app.action<Button>(ActionId.OpenQueryBuilder, openQueryBuilderAction(deps));
  app.action<Button>(WatchActionId.Remove, watchRemoveAction(deps));
  app.action<Button>(WatchActionId.WatchQuery, watchQueryAction(deps));
  app.action<Button>(WatchActionId.ListQuery, rate, watchListAction(deps));
}
