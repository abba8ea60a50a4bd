/** The shapes every view hands to slack/: a message, a modal, and the lines that lead a message. Pure. */
import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import { CallbackId } from './action-ids';
import { mrkdwn, plain } from './format';
import { CONTEXT_ELEMENTS_MAX, MESSAGE_BLOCKS_MAX, MODAL_TITLE_MAX } from './limits';
import { truncate } from './text';

/** A message as chat.postMessage, respond() and an ack take it: fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A modal view as the listeners hand it to views.open / views.update. */
export interface ModalSurface extends ModalView {
  callback_id: string;
  blocks: KnownBlock[];
}

export function modalSurface(title: string, blocks: KnownBlock[], extra: Partial<ModalView> = {}): ModalSurface {
  return {
    type: 'modal',
    callback_id: CallbackId.DetailsModal,
    title: plain(truncate(title, MODAL_TITLE_MAX)),
    close: plain('Close'),
    ...extra,
    blocks,
  };
}

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

/** App Home as views.publish takes it: Slack's own HomeView, with the blocks we build (never a bare Block). */
export interface HomeSurface extends HomeView {
  blocks: KnownBlock[];
}
