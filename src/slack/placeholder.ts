/**
 * Never silent: an answer that is not ready within about a second gets a placeholder at once ("Looking up
 * cn-hongkong…"), which the answer then replaces in place. An answer that is ready sooner goes out alone, so a
 * fast reply never flickers. Every surface (response_url, a thread, a DM) runs through `answerSoon`; each says only
 * how it shows a placeholder and how it delivers the answer.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import type { SlackMessage } from '../views/surface';
import { errorName, slackApiError } from './api-errors';
import type { ResponseBody, ResponseTarget } from './delivery';
import { respondSafely } from './replies';

/** How long an answer may take before the placeholder goes up. */
const PLACEHOLDER_AFTER_MS = 1_000;

/** A posted placeholder can also be taken down, where the answer belongs somewhere else. */
interface PostedSurface<T> extends Surface<T> {
  withdraw(): Promise<void>;
}

export interface Surface<T> {
  /** Puts the placeholder up; false when it could not (the answer then goes out as if none had been shown). */
  show(placeholder: SlackMessage): Promise<boolean>;
  /** Delivers the answer: replacing the placeholder when `replacing`, otherwise as the first message. */
  answer(result: T, replacing: boolean): Promise<void>;
}

/**
 * Waits up to `afterMs` for `work`; if it is not done by then, shows the placeholder and, once it is, replaces it.
 * The placeholder is always up before the answer is sent, so the answer never lands before (and under) it.
 */
export async function answerSoon<T>(
  work: Promise<T>,
  placeholder: () => SlackMessage,
  surface: Surface<T>,
  afterMs: number = PLACEHOLDER_AFTER_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), afterMs);
  });
  const first = await Promise.race([work.then(() => 'ready' as const), late]);
  clearTimeout(timer);
  if (first === 'ready') {
    await surface.answer(await work, false);
    return;
  }
  const shown = await surface.show(placeholder());
  await surface.answer(await work, shown);
}

/**
 * A response_url (a command's or a button's). The placeholder is one use of the URL's five and the answer another.
 * `showReplaces`: the placeholder replaces the message the button sits on (a page turn, a Retry), rather than
 * appearing as a new message (a command).
 */
export function responseUrlShow(
  target: ResponseTarget,
  logger: Logger,
  base: Pick<ResponseBody, 'response_type'>,
  showReplaces: boolean,
): (placeholder: SlackMessage) => Promise<boolean> {
  return (placeholder) => respondSafely(target, { ...base, replace_original: showReplaces, ...placeholder }, logger);
}

/** Where a posted placeholder lives, so chat.update can replace it. */
export interface PostedPlace {
  channel: string;
  threadTs?: string;
}

/**
 * A message posted through the Web API (a thread reply, a DM, a channel), replaced with chat.update. The placeholder's
 * ts is kept for the answer; if the update fails, the answer is posted anew so it is never lost, and the placeholder
 * is taken down so it is not shown twice.
 */
export function postedSurface<T>(
  client: WebClient,
  place: PostedPlace,
  logger: Logger,
  messageOf: (result: T) => SlackMessage,
  /** Delivers the answer when no placeholder is up to replace (or replacing it failed); `false`: it could not. */
  post: (result: T) => Promise<unknown>,
): PostedSurface<T> {
  let ts: string | undefined;
  // A post to a user id lands in the DM, whose own id (D…) is what chat.update and chat.delete need.
  let channel = place.channel;
  return {
    async withdraw() {
      if (ts === undefined) return;
      try {
        await client.chat.delete({ channel, ts });
      } catch (error) {
        logger.warn('could not take a placeholder down', { code: slackApiError(error), error: errorName(error) });
      }
    },
    async show(placeholder) {
      try {
        const posted = await client.chat.postMessage({
          channel: place.channel,
          ...(place.threadTs !== undefined ? { thread_ts: place.threadTs } : {}),
          text: placeholder.text,
          blocks: placeholder.blocks,
        });
        ts = posted.ts;
        if (typeof posted.channel === 'string') channel = posted.channel;
        return ts !== undefined;
      } catch (error) {
        logger.warn('could not post a placeholder', { code: slackApiError(error), error: errorName(error) });
        return false;
      }
    },
    async answer(result, replacing) {
      if (replacing && ts !== undefined) {
        const message = messageOf(result);
        try {
          await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
          return;
        } catch (error) {
          logger.warn('could not replace a placeholder', { code: slackApiError(error), error: errorName(error) });
        }
        // The update may have landed all the same (its answer lost on the way back), and a placeholder that did not
        // turn into the answer would say "Looking up…" for ever: once the answer is posted anew, the placeholder
        // goes, so the thread shows the answer once either way.
        if ((await post(result)) === false) return;
        await this.withdraw();
        return;
      }
      await post(result);
    },
  };
}
