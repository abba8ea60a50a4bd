import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { pageNumberOf } from '../../../paging';
import { buttonStateMessage, cannotShareMessage, sharedPageMessage, shareFailedMessage } from '../../../views';
import type { AppDeps } from '../../deps';
import { errorName, postRefusal, respondSafely, type SlackMessage, slackApiError } from '../../message';
import { renderPage } from '../../pages';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

function threadOf(container: Record<string, unknown>): string | undefined {
  const ts = container.thread_ts;
  return typeof ts === 'string' && ts !== '' ? ts : undefined;
}

/**
 * "Share in channel" on an ephemeral list: fetch the page the button names again (the list may be hours old) and
 * post it to the conversation for everyone, marked with who shared it. It keeps its paging but loses Share, since
 * everyone already sees it. Every failure is answered beside the ephemeral list, which stays as it was.
 */
export function shareAction(deps: AppDeps) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const reply = (message: SlackMessage) =>
      respondSafely(respond, { response_type: 'ephemeral', replace_original: false, ...message }, deps.logger);

    const decoded = deps.codec.decode(action.value ?? '');
    if (!decoded.ok) {
      deps.logger.info('share button refused', { reason: decoded.reason });
      await reply(buttonStateMessage(decoded.reason));
      return;
    }
    const channel = body.channel?.id;
    if (!channel) {
      deps.logger.warn('share clicked outside a conversation');
      return;
    }

    const rendered = await renderPage(deps, decoded.state, { shareable: false });
    if (rendered.kind === 'error') {
      await reply(rendered.message);
      return;
    }
    const message = sharedPageMessage(rendered.message, body.user.id);
    // Slash commands cannot run in threads, but a list that reached a thread some other way is shared there.
    const threadTs = threadOf(body.container);
    try {
      await client.chat.postMessage({ channel, ...message, ...(threadTs ? { thread_ts: threadTs } : {}) });
      deps.logger.info('shared a page', { channel, region: decoded.state.region, page: pageNumberOf(decoded.state) });
    } catch (error) {
      const refusal = postRefusal(error);
      if (refusal) {
        deps.logger.info('share refused by Slack', { channel, error: refusal });
        await reply(cannotShareMessage(refusal));
        return;
      }
      const reference = randomUUID().slice(0, 8);
      deps.logger.warn('could not share a page', {
        reference,
        channel,
        code: slackApiError(error),
        error: errorName(error),
      });
      await reply(shareFailedMessage(reference));
    }
  };
}
