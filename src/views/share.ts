/** A list shared into a channel, and anything else that leads a list with a line of its own. Pure. */
import type { KnownBlock } from '@slack/types';
import { mrkdwn } from './format';
import { CONTEXT_ELEMENTS_MAX, MESSAGE_BLOCKS_MAX, truncate } from './limits';
import type { SlackMessage } from './session-list';

/** `<@U…>` for a Slack user id; ids from a payload are trusted to be ids, anything else is not rendered as one. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(userId) ? `<@${userId}>` : 'someone';
}

/**
 * The message with a context line on top. A list never comes near 50 blocks (26 at most), but should one ever,
 * the line joins the list's first context block instead of pushing it over the limit.
 */
export function withLeadContext(message: SlackMessage, lead: string): SlackMessage {
  const line = mrkdwn(truncate(lead, 2000));
  if (message.blocks.length < MESSAGE_BLOCKS_MAX) {
    return { ...message, blocks: [{ type: 'context', elements: [line] }, ...message.blocks] };
  }
  const blocks: KnownBlock[] = [...message.blocks];
  const index = blocks.findIndex((b) => b.type === 'context' && b.elements.length < CONTEXT_ELEMENTS_MAX);
  const target = blocks[index];
  if (target?.type === 'context') blocks[index] = { ...target, elements: [line, ...target.elements] };
  return { ...message, blocks };
}

/** One page of a list, posted to the channel by "Share in channel": everyone sees who shared it. */
export function sharedPageMessage(message: SlackMessage, userId: string): SlackMessage {
  const who = userMention(userId);
  const shared = withLeadContext(message, `:mega: Shared by ${who}`);
  return { ...shared, text: truncate(`Shared by ${who}: ${message.text}`, 3000) };
}
