import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Copy as CLI" when the aliyun command line is too long for the list itself. (issue 4) */
export function showCliAction(deps: AppDeps) {
  return async ({ ack }: ButtonArgs): Promise<void> => {
    await ack();
    deps.logger.debug('show cli not handled yet');
  };
}
