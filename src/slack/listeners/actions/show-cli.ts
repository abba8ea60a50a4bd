import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { allRegionsCliScript, buttonStateMessage, cliMessages, cliScript } from '../../../views';
import type { AppDeps } from '../../deps';
import { respondSafely, type SlackMessage } from '../../message';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Copy as CLI" when the aliyun command is too long for the list itself: the whole command, beside the list and
 * for the clicker only, in as many messages as Slack's limits need (in order: they continue each other).
 */
export function showCliAction(deps: AppDeps) {
  return async ({ ack, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const whisper = (message: SlackMessage) =>
      respondSafely(respond, { response_type: 'ephemeral', replace_original: false, ...message }, deps.logger);
    const decoded = deps.codec.decode(action.value ?? '');
    if (!decoded.ok) {
      deps.logger.info('stale or invalid CLI button', { reason: decoded.reason });
      await whisper(buttonStateMessage(decoded.reason));
      return;
    }
    const { query, region } = decoded.state;
    const script = query.scope.kind === 'all' ? allRegionsCliScript(query, deps.regions) : cliScript(query, region);
    for (const message of cliMessages(script)) {
      // A part that did not arrive makes the rest useless to paste.
      if (!(await whisper(message))) return;
    }
  };
}
