/**
 * The ways a listener answers: on a response_url, or in a thread through the Web API. None of them throws: a
 * listener must not crash because Slack blinked, so what cannot be delivered is logged.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import type { SlackMessage } from '../views/surface';
import { errorName, slackApiError } from './api-errors';

const RETRY_DELAYS_MS = [300, 1000];

/**
 * respond() never retries and throws on a non-2xx. A response_url allows five uses in 30 minutes, so a Slack
 * hiccup (5xx, reset) is worth two more tries; a 404 (expired or used-up URL) is not.
 */
export async function respondSafely(respond: RespondFn, message: RespondArguments, logger: Logger): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await respond(message);
      return true;
    } catch (error) {
      const status = statusOf(error);
      const retryable = status === undefined || status >= 500 || status === 429;
      const delay = RETRY_DELAYS_MS[attempt];
      if (!retryable || delay === undefined) {
        logger.warn('could not answer on response_url', { status, attempt: attempt + 1, error: errorName(error) });
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number')
    return error.statusCode;
  return undefined;
}

/** A message beside the one a button sits on, for the clicker only: the message clicked stays as it was. */
export function whisperBeside(respond: RespondFn, message: SlackMessage, logger: Logger): Promise<boolean> {
  return respondSafely(respond, { response_type: 'ephemeral', replace_original: false, ...message }, logger);
}

export interface ThreadPlace {
  channel: string;
  threadTs: string;
}

/** Errors that mean "nowhere to write here": no one can be told, so they are only logged. */
const UNREACHABLE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'user_not_in_channel',
]);

function logPostFailure(logger: Logger, what: string, error: unknown, channel: string): void {
  const code = slackApiError(error);
  if (code !== undefined && UNREACHABLE.has(code)) logger.warn(`cannot ${what} here`, { channel, code });
  else logger.warn(`could not ${what}`, { channel, code, error: errorName(error) });
}

/** A reply in a thread that everyone sees. The WebClient already retries Slack's 5xx and waits out 429s. */
export async function postInThread(
  client: WebClient,
  place: ThreadPlace,
  message: SlackMessage,
  logger: Logger,
): Promise<boolean> {
  try {
    await client.chat.postMessage({
      channel: place.channel,
      thread_ts: place.threadTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return true;
  } catch (error) {
    logPostFailure(logger, 'post in thread', error, place.channel);
    return false;
  }
}

/** A reply in a thread that only `user` sees. */
export async function whisperInThread(
  client: WebClient,
  place: ThreadPlace,
  user: string,
  message: SlackMessage,
  logger: Logger,
): Promise<boolean> {
  try {
    await client.chat.postEphemeral({
      channel: place.channel,
      thread_ts: place.threadTs,
      user,
      text: message.text,
      blocks: message.blocks,
    });
    return true;
  } catch (error) {
    logPostFailure(logger, 'post ephemeral in thread', error, place.channel);
    return false;
  }
}
