import type { SlackMessage } from './surface';
import { userMention, withLeadContext } from './surface';
import { truncate } from './text';

/** One page of a list, posted to the channel by "Share in channel": everyone sees who shared it. */
export function sharedPageMessage(message: SlackMessage, userId: string): SlackMessage {
  const who = userMention(userId);
  const shared = withLeadContext(message, `:mega: Shared by ${who}`);
  return { ...shared, text: truncate(`Shared by ${who}: ${message.text}`, 3000) };
}
