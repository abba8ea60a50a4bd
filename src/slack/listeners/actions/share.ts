import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { DEFAULT_TTL_MS, pageNumberOf } from '../../../paging';
import {
  alreadySharedMessage,
  cannotShareMessage,
  sharedOriginalMessage,
  sharedPageMessage,
  shareFailedMessage,
} from '../../../views';
import type { SlackMessage } from '../../../views/surface';
import { audited } from '../../access';
import { errorName, postRefusal, slackApiError } from '../../api-errors';
import { type ButtonArgs, buttonAdmission } from '../../button-state';
import { postMessageOnce } from '../../delivery';
import type { AppDeps } from '../../deps';
import { renderPage } from '../../list-sessions';
import { clickTarget, respondSafely, whisperBeside } from '../../replies';

/** How long a shared page is remembered: the life of the paging state its button carries. */
const SHARED_REMEMBER_MS = DEFAULT_TTL_MS;

function threadOf(container: Record<string, unknown>): string | undefined {
  const ts = container.thread_ts;
  return typeof ts === 'string' && ts !== '' ? ts : undefined;
}

/**
 * "Share in channel" on an ephemeral list: fetch the page the button names again (the list may be hours old) and
 * post it to the conversation for everyone, marked with who shared it. It keeps its paging but loses Share, since
 * everyone already sees it. Every failure is answered beside the ephemeral list, which stays as it was.
 *
 * Shared once: on success the person's ephemeral copy is replaced by the same page marked "Shared in #channel by
 * @you", without its Share button; a click on another copy of the same button (a second device, a double click)
 * answers "already shared" instead of posting the page twice.
 */
export function shareAction(deps: AppDeps) {
  // As long as the button itself lives (its value expires with the paging state); per process, like the mention
  // de-duplication. A share in flight counts too, so a double click posts once; a failed one is forgotten.
  const shared = new LRUCache<string, true>({
    max: 10_000,
    ttl: SHARED_REMEMBER_MS,
    perf: { now: () => deps.now().getTime() },
    ttlResolution: 0,
  });
  return async ({ ack, action, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const reply = (message: SlackMessage) => whisperBeside(clickTarget(body, client), message, deps.logger);
    const { admitted, asker, state } = buttonAdmission(context);
    const channel = body.channel?.id;
    if (!channel) {
      deps.logger.warn('share clicked outside a conversation');
      return;
    }

    // Slash commands cannot run in threads, but a list that reached a thread some other way is shared there.
    const threadTs = threadOf(body.container);
    const key = `${channel}:${threadTs ?? ''}:${action.value ?? ''}`;
    if (shared.has(key)) {
      await reply(alreadySharedMessage(channel));
      return;
    }
    shared.set(key, true);
    const rendered = await audited(
      deps,
      asker,
      admitted,
      state,
      renderPage(admitted.deps, state, { shareable: false, owner: body.user.id }),
    );
    if (rendered.kind === 'error') {
      shared.delete(key);
      await reply(rendered.message);
      return;
    }
    const message = sharedPageMessage(rendered.message, body.user.id);
    try {
      await postMessageOnce(client, { channel, ...message, ...(threadTs ? { thread_ts: threadTs } : {}) }, deps.logger);
      deps.logger.info('shared a page', { channel, region: state.region, page: pageNumberOf(state) });
      await respondSafely(
        clickTarget(body, client),
        {
          response_type: 'ephemeral',
          replace_original: true,
          ...sharedOriginalMessage(rendered.message, channel, body.user.id),
        },
        deps.logger,
      );
    } catch (error) {
      shared.delete(key);
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
