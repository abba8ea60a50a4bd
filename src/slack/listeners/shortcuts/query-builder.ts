import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps';

/** The guided query: a modal query builder from a global shortcut or App Home. (issue 4) */
export function queryBuilderShortcut(deps: AppDeps) {
  return async ({ ack }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    deps.logger.debug('query builder not handled yet');
  };
}

export function openQueryBuilderAction(deps: AppDeps) {
  return async ({ ack }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    deps.logger.debug('query builder not handled yet');
  };
}

export function queryBuilderSubmission(deps: AppDeps) {
  return async ({ ack }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    deps.logger.debug('query builder not handled yet');
  };
}
