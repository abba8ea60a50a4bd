import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../log';
import { internalErrorMessage } from '../../views';
import type { SlackMessage } from '../../views/surface';
import { errorName, slackApiError } from '../api-errors';
import { respondSafely } from '../replies';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

/**
 * The last line behind every listener: whatever a listener throws, the request is still acknowledged (Slack
 * would otherwise show the user an error after 3 s) and the user still hears something, with a reference that
 * finds the log line. Listeners answer their own failures; this is for the ones nobody foresaw.
 */
export function answerFailures(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    try {
      await args.next();
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      logger.error('a listener failed; answered the user', { reference, error: errorName(error) });
      if ('ack' in args && typeof args.ack === 'function') {
        try {
          await args.ack();
        } catch {
          // Already acknowledged by the listener, as it should be.
        }
      }
      await tell(args, internalErrorMessage(reference), logger);
    }
  };
}

/** Beside the request where there is a response_url, in the mention's thread, or else in the user's DM. */
async function tell(args: Args, message: SlackMessage, logger: Logger): Promise<void> {
  const body: unknown = args.body;
  try {
    if ('respond' in args && typeof args.respond === 'function') {
      await respondSafely(args.respond, { response_type: 'ephemeral', replace_original: false, ...message }, logger);
      return;
    }
    const event = field(body, 'event');
    if (field(body, 'type') === 'event_callback') {
      const channel = field(event, 'channel');
      const user = field(event, 'user');
      // Only a mention asked for an answer; a failed Home refresh is not worth a DM.
      if (field(event, 'type') !== 'app_mention' || typeof channel !== 'string' || typeof user !== 'string') return;
      const thread = field(event, 'thread_ts') ?? field(event, 'ts');
      await args.client.chat.postEphemeral({
        channel,
        user,
        ...(typeof thread === 'string' ? { thread_ts: thread } : {}),
        ...message,
      });
      return;
    }
    const user = field(field(body, 'user'), 'id') ?? field(body, 'user_id');
    if (typeof user === 'string') await args.client.chat.postMessage({ channel: user, ...message });
  } catch (error) {
    logger.warn('could not tell the user about a failure', { error: slackApiError(error) ?? errorName(error) });
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
