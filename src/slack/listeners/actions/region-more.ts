import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** From an `all` overview: one region's own paged list. (issue 4) */
export function regionMoreAction(deps: AppDeps) {
  return async ({ ack }: ButtonArgs): Promise<void> => {
    await ack();
    deps.logger.debug('region more not handled yet');
  };
}
