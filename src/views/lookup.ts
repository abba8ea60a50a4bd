/**
 * The messages around a lookup rather than its result: the placeholder shown while the API is slow, the Retry
 * button on a failure a retry could fix, and the hints added to an empty answer.
 */
import type { KnownBlock } from '@slack/types';
import { ActionId } from './action-ids';
import { button, code, DEFAULT_COMMAND, mrkdwn, plural } from './format';
import { MESSAGE_BLOCKS_MAX } from './limits';
import type { SlackMessage } from './surface';
import { escapeTruncated } from './text';

export interface PlaceholderInput {
  /** The region asked, `every configured region`, or undefined for a page turn of a known list. */
  where: string;
  /** What was asked, as the command a person would type (canonical text without the command name). */
  asked: string;
  /** For a page turn: the page being fetched. */
  page?: number;
  /**
   * The placeholder stays where it is and the answer arrives below it. A slash command's response_url posts anew
   * even with `replace_original` (bolt-js#2287), so there the placeholder must not promise to be replaced.
   */
  stays?: boolean;
}

/** "Looking up cn-hongkong…" with what was asked, shown until the answer replaces it. */
export function placeholderMessage(input: PlaceholderInput): SlackMessage {
  const what = input.page !== undefined && input.page > 1 ? `page ${input.page} of ` : '';
  const lead = `:hourglass_flowing_sand: Looking up ${what}${escapeTruncated(input.where, 200)}…`;
  return {
    text: `Looking up ${what}${input.where}…`.slice(0, 300),
    blocks: [
      { type: 'section', text: mrkdwn(lead) },
      {
        type: 'context',
        elements: [
          mrkdwn(
            `${code(`${DEFAULT_COMMAND} ${input.asked}`, 300)} · the VPC API is slow to answer; ${input.stays ? 'the answer will follow below' : 'this message will be replaced'}.`,
          ),
        ],
      },
    ],
  };
}

const RETRY_BLOCK_ID = 'mirrors_retry';

/** A Retry button below a message, which re-runs the same query; left out if the message has no room for it. */
export function withRetryButton(message: SlackMessage, retryValue: string, label = 'Retry'): SlackMessage {
  if (message.blocks.length >= MESSAGE_BLOCKS_MAX) return message;
  const block: KnownBlock = {
    type: 'actions',
    block_id: RETRY_BLOCK_ID,
    elements: [button(label, ActionId.Retry, retryValue, 'primary')],
  };
  return { ...message, blocks: [...message.blocks, block] };
}

/** A line of small print added to a message (a hint, where the answer was found), if there is room for it. */
export function withNote(message: SlackMessage, note: string, at: 'top' | 'bottom' = 'bottom'): SlackMessage {
  if (message.blocks.length >= MESSAGE_BLOCKS_MAX) return message;
  const block: KnownBlock = { type: 'context', elements: [mrkdwn(note)] };
  return { ...message, blocks: at === 'top' ? [block, ...message.blocks] : [...message.blocks, block] };
}

/** "Found in cn-hongkong", above a list that a bare id found without a region. */
export function foundInNote(region: string, searched: number): string {
  return `:mag: Found in ${code(region, 60)} (searched ${plural(searched, 'configured region')}).`;
}

/** A bare id with no region, found in none of the configured regions: most likely a mistyped or truncated id. */
export function notFoundAnywhereMessage(id: string, regions: readonly string[], idRule: string): SlackMessage {
  const list = regions.map((r) => code(r, 60)).join(', ');
  const role = id.startsWith('eni-') ? ' (neither as a source nor as a target)' : '';
  return {
    text: escapeTruncated(`${id} appears in no traffic mirror session in any configured region. Check the id.`, 300),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:mag: ${code(id, 80)} appears in no traffic mirror session${role} in any of the ${plural(regions.length, 'configured region')} (${list}).`,
        ),
      },
      {
        type: 'context',
        elements: [mrkdwn(`Check the id: ${escapeTruncated(idRule, 300)}. A pasted id is often cut short.`)],
      },
    ],
  };
}

/** Tag keys are case-sensitive: a key that matches a known one except for case, with the command to copy. */
export function tagCaseHint(typed: string, known: string, corrected: string): string {
  return (
    `:bulb: Tag keys are case-sensitive, and ${code(typed, 70)} matches none; ${code(known, 70)} exists. ` +
    `Did you mean ${code(`${DEFAULT_COMMAND} ${corrected}`, 500)}?`
  );
}

/** The ENI is in sessions of other regions the bot has seen. */
export function eniElsewhereHint(eni: string, regions: readonly string[], corrected: string): string {
  const where = regions.map((r) => code(r, 60)).join(', ');
  return `:bulb: ${code(eni, 80)} is mirrored in ${where}: try ${code(`${DEFAULT_COMMAND} ${corrected}`, 300)}.`;
}

/** The ENI is in no session of any region the bot has scanned: a mistyped or truncated id is likely. */
export function eniUnknownHint(eni: string, scanned: readonly string[], idRule: string): string {
  return (
    `:bulb: ${code(eni, 80)} appears in no session of the ${plural(scanned.length, 'region')} the bot has scanned ` +
    `(${scanned.map((r) => code(r, 60)).join(', ')}). Check the id: ${escapeTruncated(idRule, 300)}.`
  );
}
