import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps';

/** `@mirrors …` in a channel or thread: the same grammar, answered in the thread for everyone. (issue 4) */
export function appMention(deps: AppDeps) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    deps.logger.debug('app_mention not handled yet', { channel: event.channel });
  };
}
