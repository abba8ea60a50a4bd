import { createHash, randomUUID } from 'node:crypto';
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

interface SharedPages {
  /** True for the first click on this page in this conversation; a share in flight counts, so a double click posts once. */
  claim(key: string): Promise<boolean>;
  /** A failed share is forgotten, so the person can try again. */
  forget(key: string): Promise<void>;
}

/**
 * Remembered as long as the button itself lives (its value expires with the paging state). With Redis every
 * replica shares the memory (a double click may land on two replicas); else this process remembers alone.
 */
function sharedPages(deps: AppDeps): SharedPages {
  const store = deps.sharedPages;
  if (store) {
    // A button value runs to a couple of thousand characters: a digest keeps the Redis key short.
    const keyOf = (key: string) => `share:${createHash('sha256').update(key).digest('hex')}`;
    return {
      claim: (key) => store.setIfAbsent(keyOf(key), '1', SHARED_REMEMBER_MS),
      forget: (key) => store.delete(keyOf(key)),
    };
  }
  const local = new LRUCache<string, true>({
    max: 10_000,
    ttl: SHARED_REMEMBER_MS,
    perf: { now: () => deps.now().getTime() },
    ttlResolution: 0,
  });
  return {
    claim: async (key) => {
      if (local.has(key)) return false;
      local.set(key, true);
      return true;
    },
    forget: async (key) => {
      local.delete(key);
    },
  };
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
  const shared = sharedPages(deps);
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
    if (!(await shared.claim(key))) {
      await reply(alreadySharedMessage(channel));
      return;
    }
    const rendered = await audited(
      deps,
      asker,
      admitted,
      state,
      renderPage(admitted.deps, state, { shareable: false, owner: body.user.id }),
    );
    if (rendered.kind === 'error') {
      await shared.forget(key);
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
      await shared.forget(key);
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
