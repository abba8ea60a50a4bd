import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../log';
import { parseCommand } from '../../../query';
import { helpMessage, queryErrorMessage } from '../../../views';
import type { AppDeps } from '../../deps';
import { errorName, type SlackMessage, slackApiError } from '../../message';
import { renderQuery } from '../../pages';

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

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
 * A reply in a thread that everyone sees. The WebClient already retries Slack's 5xx and waits out 429s; what is
 * left is logged, never thrown: a listener must not crash because Slack blinked.
 */
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

/**
 * The command text of a mention: every mention of the bot removed, wherever it is. Without the bot's id, the
 * leading mention is taken to be the bot's (an app_mention's text normally starts with it).
 */
export function mentionText(text: string, botUserId: string | undefined): string {
  const mention = (id: string) => new RegExp(`<@${id}(?:\\|[^>]*)?>`, 'g');
  const stripped = botUserId
    ? text.replace(mention(botUserId), ' ')
    : text.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/, ' ');
  return unlink(stripped).trim();
}

/**
 * Slack rewrites what people type in messages: `db.example.com` arrives as `<http://db.example.com|db.example.com>`,
 * `@alice` as `<@U123>`, `#ops` as `<#C123|ops>`. A filter must see what was typed, not the markup (and a name
 * rule such as "no http://" must not be dodged by it), so the markup goes back to the text it stands for.
 */
export function unlink(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]*)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]*)>/g, '$1')
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<([@#!][^|>]*)\|([^>]*)>/g, '$2')
    .replace(/<([@#][A-Z0-9]+)>/g, '$1');
}

/** Subtypes of a person's own message: a reply also sent to the channel, a message with a file. */
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

/** Slack retries an event it thinks we missed; the same message must not get two answers. */
const REMEMBERED_MENTIONS = 1_000;

/** `@mirrors …` in a channel or thread: the same grammar, answered in the thread for everyone. */
export function appMention(deps: AppDeps) {
  const answered = new Set<string>();
  const firstTime = (key: string): boolean => {
    if (answered.has(key)) return false;
    answered.add(key);
    // A Set iterates in insertion order: the first key is the oldest.
    if (answered.size > REMEMBERED_MENTIONS) {
      const oldest = answered.values().next().value;
      if (oldest !== undefined) answered.delete(oldest);
    }
    return true;
  };

  return async ({ event, client, context }: MentionArgs): Promise<void> => {
    // Other bots (or our own echoes) and edits never get an answer: that is how reply loops start.
    const botUserId = context.botUserId;
    const edited = 'edited' in event && event.edited !== undefined;
    const byBot = event.bot_id !== undefined || (event.subtype !== undefined && !PERSON_SUBTYPES.has(event.subtype));
    if (byBot || edited || !event.user || event.user === botUserId) {
      deps.logger.debug('ignored a mention', {
        channel: event.channel,
        bot: event.bot_id !== undefined,
        subtype: event.subtype,
        edited,
      });
      return;
    }
    if (!firstTime(`${event.channel}:${event.ts}`)) {
      deps.logger.info('ignored a repeated mention', { channel: event.channel });
      return;
    }
    const user = event.user;
    const place: ThreadPlace = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
    const text = mentionText(event.text, botUserId);

    // A bare mention asks what the bot does, even where a default region would make it a valid query.
    const outcome = text === '' ? { kind: 'help' as const } : parseCommand(text, { defaultRegion: deps.defaultRegion });
    if (outcome.kind === 'help') {
      await postInThread(
        client,
        place,
        helpMessage({ defaultRegion: deps.defaultRegion, regions: deps.regions }),
        deps.logger,
      );
      return;
    }
    if (outcome.kind === 'error') {
      deps.logger.info('rejected mention', { codes: outcome.errors.map((e) => e.code) });
      await whisperInThread(client, place, user, queryErrorMessage(outcome.errors), deps.logger);
      return;
    }
    // A list in a thread is for everyone already: no Share button.
    const rendered = await renderQuery(deps, outcome.query, { shareable: false });
    await postInThread(client, place, rendered.message, deps.logger);
  };
}
