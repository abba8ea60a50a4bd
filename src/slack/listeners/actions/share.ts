import { randomUUID } from 'node:crypto';
import { pageNumberOf } from '../../../paging';
import { cannotShareMessage, sharedPageMessage, shareFailedMessage } from '../../../views';
import type { SlackMessage } from '../../../views/surface';
import { errorName, postRefusal, slackApiError } from '../../api-errors';
import { type ButtonArgs, buttonState } from '../../button-state';
import { postMessageOnce } from '../../delivery';
import type { AppDeps } from '../../deps';
import { renderPage } from '../../list-sessions';
import { clickTarget, whisperBeside } from '../../replies';

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
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const reply = (message: SlackMessage) => whisperBeside(clickTarget(body, client), message, deps.logger);
    const state = buttonState(context);
    const channel = body.channel?.id;
    if (!channel) {
      deps.logger.warn('share clicked outside a conversation');
      return;
    }

    const rendered = await renderPage(deps, state, { shareable: false, owner: body.user.id });
    if (rendered.kind === 'error') {
      await reply(rendered.message);
      return;
    }
    const message = sharedPageMessage(rendered.message, body.user.id);
    // Slash commands cannot run in threads, but a list that reached a thread some other way is shared there.
    const threadTs = threadOf(body.container);
    try {
      await postMessageOnce(client, { channel, ...message, ...(threadTs ? { thread_ts: threadTs } : {}) }, deps.logger);
      deps.logger.info('shared a page', { channel, region: state.region, page: pageNumberOf(state) });
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
