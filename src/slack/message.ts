import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Logger } from '../log';

export type { SlackMessage } from '../views/session-list';

const RETRY_DELAYS_MS = [300, 1000];

/**
 * respond() never retries and throws on a non-2xx. A response_url allows five uses in 30 minutes, so a Slack
 * hiccup (5xx, reset) is worth two more tries; a 404 (expired or used-up URL) is not. Failures are logged, never
 * thrown: a listener must not crash because Slack blinked.
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

/** An unexpected error goes to the log as its class and message, never its stack; the log scrubs any URL or key. */
export function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}

/** The `error` of a Web API call that Slack answered with `ok: false` (WebClient throws it as `data.error`). */
export function slackApiError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string'
    ? data.error
    : undefined;
}

/** The errors that mean the bot may not post in a conversation, as opposed to a failure worth reporting. */
export function postRefusal(error: unknown): 'not_in_channel' | 'channel_not_found' | undefined {
  const code = slackApiError(error);
  return code === 'not_in_channel' || code === 'channel_not_found' ? code : undefined;
}
