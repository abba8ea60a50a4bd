/** Short answers about watches that are not in views/watch.ts: an unknown id, and a bot without watches. */
import { code, DEFAULT_COMMAND, mrkdwn } from './format';
import type { SlackMessage } from './surface';
import { escapeTruncated, oneLine } from './text';

function single(text: string, fallback: string): SlackMessage {
  return { text: escapeTruncated(fallback, 300), blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/** `unwatch` or Remove with an id this channel does not have (a typo, another channel's watch, already removed). */
export function watchNotFoundMessage(id: string): SlackMessage {
  return single(
    `This channel has no watch ${code(id, 40)}. ${code(`${DEFAULT_COMMAND} watches`, 40)} lists the ones it has.`,
    'This channel has no such watch.',
  );
}

/** `unwatch` with no id, or something that is not one. */
export function watchIdNeededMessage(text: string): SlackMessage {
  const got = text === '' ? 'no id' : code(text, 40);
  return single(
    `${code(`${DEFAULT_COMMAND} unwatch`, 40)} needs a watch id like ${code('w-abcd2345', 20)}, got ${got}. ` +
      `${code(`${DEFAULT_COMMAND} watches`, 40)} lists this channel's watches with their ids.`,
    'unwatch needs a watch id such as w-abcd2345.',
  );
}

/** A deployment started without a watch store (never in production: main.ts always builds one). */
export function watchesUnavailableMessage(): SlackMessage {
  return single('Watches are not available in this deployment.', 'Watches are not available in this deployment.');
}

/** The shared watch store (Redis) cannot be reached: nothing was read or changed. */
export function watchStoreUnreachableMessage(): SlackMessage {
  const text =
    'Watches cannot be read or changed right now: their shared store is unreachable. Nothing was changed; try again in a minute.';
  return single(`:warning: ${text}`, text);
}

/** The access policy would not let this channel (or its creator) watch the query; the reason is the policy's. */
export function watchRefusedMessage(reason: string): SlackMessage {
  return single(
    `:no_entry: This channel cannot watch that query: ${escapeTruncated(oneLine(reason), 500)}`,
    'This channel cannot watch that query.',
  );
}
