import { mrkdwn } from './format';
import type { SlackMessage } from './surface';
import { userMention, withLeadContext } from './surface';
import { truncate } from './text';

/** One page of a list, posted to the channel by "Share in channel": everyone sees who shared it. */
export function sharedPageMessage(message: SlackMessage, userId: string): SlackMessage {
  const who = userMention(userId);
  const shared = withLeadContext(message, `:mega: Shared by ${who}`);
  return { ...shared, text: truncate(`Shared by ${who}: ${message.text}`, 3000) };
}

/** `<#C…>` for a channel id from a payload; a DM or anything else reads "this conversation". */
function channelMention(channelId: string): string {
  return /^[CG][A-Z0-9]{2,30}$/.test(channelId) ? `<#${channelId}>` : 'this conversation';
}

/**
 * What the person's own ephemeral copy becomes once shared: the same page, without its Share button, led by
 * "Shared in #channel by @you", so a second click cannot post it twice.
 */
export function sharedOriginalMessage(message: SlackMessage, channelId: string, userId: string): SlackMessage {
  const where = channelMention(channelId);
  const marked = withLeadContext(message, `:white_check_mark: Shared in ${where} by ${userMention(userId)}`);
  return { ...marked, text: truncate(`Shared in ${where}: ${message.text}`, 3000) };
}

/** A second click on a copy that still has its Share button (another device, an old screen). */
export function alreadySharedMessage(channelId: string): SlackMessage {
  const text = `Already shared in ${channelMention(channelId)}: this page is there for everyone.`;
  return { text, blocks: [{ type: 'context', elements: [mrkdwn(`:white_check_mark: ${text}`)] }] };
}
