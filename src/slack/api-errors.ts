/** What the Web API's errors say, read without trusting their shape, and how much of them may reach the log. */
/**
 * An unexpected error as the log shows it: its class and message. The message may hold a URL or a token, which the
 * logger's scrub removes before the line is written.
 */
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
