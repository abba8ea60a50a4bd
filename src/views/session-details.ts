/** One session in full: what the Details button shows. */
import type { KnownBlock } from '@slack/types';
import type { MirrorSession } from '../cloud/types';
import { DEFAULT_COMMAND, code, mrkdwn, plain } from './format';
import { HEADER_TEXT_MAX, SECTION_TEXT_MAX, escapeMrkdwn, escapeTruncated, oneLine, truncate } from './limits';
import { DETAIL_LEVELS, sessionCardText, tagText } from './session';
import type { DetailLevel } from './session';
import type { SlackMessage } from './session-list';

export interface DetailsViewInput {
  session: MirrorSession;
  region: string;
  now: Date;
  commandName?: string;
}

/** Header, the full card (no Details button), every tag in its own section(s) when the card had to drop some. */
export function sessionDetailsMessage(input: DetailsViewInput): SlackMessage {
  const { session } = input;
  const title = oneLine(session.name) || session.id;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(escapeTruncated(title, HEADER_TEXT_MAX)) }];

  let level = 0;
  let text = '';
  for (; level < DETAIL_LEVELS.length; level += 1) {
    text = sessionCardText(session, input.now, DETAIL_LEVELS[level] as DetailLevel);
    if (text.length <= SECTION_TEXT_MAX) break;
  }
  blocks.push({ type: 'section', text: mrkdwn(truncate(text, SECTION_TEXT_MAX)) });

  const shownTags = (DETAIL_LEVELS[Math.min(level, DETAIL_LEVELS.length - 1)] as DetailLevel).tags;
  if (session.tags.length > shownTags) {
    let chunk = '*All tags*';
    for (const tag of session.tags) {
      const piece = tagText(tag.key, tag.value);
      if (chunk.length + 1 + piece.length > SECTION_TEXT_MAX) {
        blocks.push({ type: 'section', text: mrkdwn(chunk) });
        chunk = piece;
      } else chunk += ` ${piece}`;
    }
    blocks.push({ type: 'section', text: mrkdwn(chunk) });
  }

  const command = input.commandName ?? DEFAULT_COMMAND;
  blocks.push({
    type: 'context',
    elements: [mrkdwn(`Region ${code(input.region, 60)} · ${code(`${command} ${input.region} id:${session.id}`, 200)}`)],
  });
  return {
    text: escapeMrkdwn(truncate(`Traffic mirror session ${title} (${session.id}) in ${input.region}`, 300)),
    blocks,
  };
}
