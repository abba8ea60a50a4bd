/**
 * The ways a listener answers: on a response_url, or in a thread through the Web API. None of them throws: a
 * listener must not crash because Slack blinked, so what cannot be delivered is logged.
 */
import type { BlockAction, ButtonAction, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isRecord, stringField } from '../guards';
import type { Logger } from '../log';
import type { SlackMessage } from '../views/surface';
import { errorName, slackApiError } from './api-errors';
import { postMessageOnce, type ResponseBody, type ResponseTarget, respondOnce } from './delivery';

/** The command's response_url, with the person and conversation to fall back to. */
export function commandTarget(command: SlashCommand, client: WebClient): ResponseTarget {
  return {
    responseUrl: command.response_url,
    client,
    user: command.user_id,
    channel: command.channel_id,
    threadTs: undefined,
  };
}

function field(record: unknown, key: string): string | undefined {
  return isRecord(record) ? stringField(record, key) : undefined;
}

/** The clicked button's response_url, with the clicker and the conversation (and thread) the button was in. */
export function clickTarget(body: BlockAction<ButtonAction>, client: WebClient): ResponseTarget {
  return {
    responseUrl: body.response_url,
    client,
    user: body.user.id,
    channel: body.channel?.id ?? field(body.container, 'channel_id'),
    threadTs: field(body.message, 'thread_ts') ?? field(body.container, 'thread_ts'),
  };
}

/**
 * An answer on a response_url (delivery.ts: timeouts, safe retries, chat.postEphemeral when the URL fails). Never
 * throws: a listener must not crash because Slack blinked.
 */
export function respondSafely(target: ResponseTarget, message: ResponseBody, logger: Logger): Promise<boolean> {
  return respondOnce(target, message, logger);
}

/** A message beside the one a button sits on, for the clicker only: the message clicked stays as it was. */
export function whisperBeside(target: ResponseTarget, message: SlackMessage, logger: Logger): Promise<boolean> {
  return respondOnce(target, { response_type: 'ephemeral', replace_original: false, ...message }, logger);
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

/**
 * A reply in a thread that everyone sees, posted at most once (delivery.ts). When Slack will not take it (rate
 * limited past the budget, failing), `asker` still gets it, as an ephemeral in the same thread.
 */
export async function postInThread(
  client: WebClient,
  place: ThreadPlace,
  message: SlackMessage,
  logger: Logger,
  asker?: string,
): Promise<boolean> {
  try {
    await postMessageOnce(
      client,
      {
        channel: place.channel,
        thread_ts: place.threadTs,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      },
      logger,
    );
    return true;
  } catch (error) {
    logPostFailure(logger, 'post in thread', error, place.channel);
    const code = slackApiError(error);
    if (asker === undefined || (code !== undefined && UNREACHABLE.has(code))) return false;
    return whisperInThread(client, place, asker, message, logger);
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
