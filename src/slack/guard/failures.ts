import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../log';
import { internalErrorMessage } from '../../views';
import type { SlackMessage } from '../../views/surface';
import { errorName, slackApiError } from '../api-errors';
import type { ResponseTarget } from '../delivery';
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
    const target = responseTargetOf(body, args.client);
    if (target) {
      await respondSafely(target, { response_type: 'ephemeral', replace_original: false, ...message }, logger);
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

/** A command's or a click's response_url, with the person and conversation to fall back to; any payload shape. */
function responseTargetOf(body: unknown, client: Args['client']): ResponseTarget | undefined {
  const responseUrl = field(body, 'response_url');
  const user = field(field(body, 'user'), 'id') ?? field(body, 'user_id');
  if (typeof responseUrl !== 'string' || typeof user !== 'string') return undefined;
  const channel =
    field(field(body, 'channel'), 'id') ?? field(body, 'channel_id') ?? field(field(body, 'container'), 'channel_id');
  const threadTs = field(field(body, 'message'), 'thread_ts') ?? field(field(body, 'container'), 'thread_ts');
  return {
    responseUrl,
    client,
    user,
    channel: typeof channel === 'string' ? channel : undefined,
    threadTs: typeof threadTs === 'string' ? threadTs : undefined,
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
