import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isCloudError } from '../../../cloud/errors';
import { cloudErrorMessage, sessionDetailsMessage, sessionGoneMessage, tamperedButtonMessage } from '../../../views';
import { parseDetailsValue } from '../../../views/action-ids';
import type { AppDeps } from '../../deps';
import { errorName, respondSafely, type SlackMessage } from '../../message';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Details" on a session: re-read it from the API (the list may be minutes old) and answer beside the list,
 * so the list itself stays put.
 */
export function detailsAction(deps: AppDeps) {
  return async ({ ack, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const target = parseDetailsValue(action.value ?? '');
    const reply = (message: SlackMessage) => respondSafely(respond, { response_type: 'ephemeral', replace_original: false, ...message }, deps.logger);
    if (!target) {
      await reply(tamperedButtonMessage());
      return;
    }
    try {
      const page = await deps.sessions.listPage({ region: target.region, filters: { tags: [], sessionIds: [target.sessionId] }, maxResults: 1 });
      const session = page.sessions.find((s) => s.id === target.sessionId);
      await reply(session ? sessionDetailsMessage({ session, region: target.region, now: deps.now() }) : sessionGoneMessage(target.sessionId, target.region));
    } catch (error) {
      if (!isCloudError(error)) {
        deps.logger.error('details failed', { error: errorName(error) });
        throw error;
      }
      deps.logger.warn('details: cloud call failed', { code: error.code, ...error.details });
      await reply(cloudErrorMessage(error));
    }
  };
}
