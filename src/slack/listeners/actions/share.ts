import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Share in channel" on an ephemeral list: post the current page to the channel. (issue 4) */
export function shareAction(deps: AppDeps) {
  return async ({ ack }: ButtonArgs): Promise<void> => {
    await ack();
    deps.logger.debug('share not handled yet');
  };
}
