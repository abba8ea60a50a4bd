/** One session in full: what the Details button shows. */
import type { KnownBlock, MrkdwnElement } from '@slack/types';
import type { SessionContext } from '../cloud/session-context';
import type { MirrorSession } from '../cloud/types';
import { type ConsoleSite, sessionConsoleLinks } from './console-links';
import {
  code,
  createdText,
  DEFAULT_COMMAND,
  mrkdwn,
  nameText,
  plain,
  plural,
  statusLine,
  targetTypeText,
  utcText,
} from './format';
import { HEADER_TEXT_MAX, MODAL_BLOCKS_MAX, SECTION_FIELD_TEXT_MAX, SECTION_TEXT_MAX } from './limits';
import type { DetailLevel } from './session';
import { DETAIL_LEVELS, sessionCardText, tagText } from './session';
import { eniSuffix, filterRuleLines, mirrorsNothingReasons, permissionLine, rulesHeading } from './session-explain';
import type { SlackMessage } from './surface';
import { type ModalSurface, modalSurface } from './surface';
import { escapeMrkdwn, escapeTruncated, oneLine, truncate } from './text';

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
    elements: [
      mrkdwn(`Region ${code(input.region, 60)} · ${code(`${command} ${input.region} id:${session.id}`, 200)}`),
    ],
  });
  return {
    text: escapeMrkdwn(truncate(`Traffic mirror session ${title} (${session.id}) in ${input.region}`, 300)),
    blocks,
  };
}

// ---- the Details modal ---------------------------------------------------------------------------------------

const DETAILS_TITLE = 'Session details';
/** Longest code span for a tag key / value: their API maximum (64 / 128) fully escaped (`&` -> `&amp;`), uncut. */
const TAG_KEY_SHOWN = 64 * 5;
const TAG_VALUE_SHOWN = 128 * 5;
const SOURCE_SECTIONS_MAX = 40;

export interface DetailsModalInput extends DetailsViewInput {
  /** The account the session was read from, named when the bot has several (else undefined). */
  account?: string;
  /** Which console domain the links use. */
  site?: ConsoleSite;
  /** ENIs, instances and filter rules read beside the session; absent = ids only. */
  context?: SessionContext;
}

/** Sections the explanation takes at most: the flag, the rules (20 lines fit one; two for safety). */
const RULE_SECTIONS_MAX = 2;

/** Shown the instant the button is clicked: views.open must use the trigger within 3 s, the API may take longer. */
export function detailsLoadingModal(sessionId: string, region: string): ModalSurface {
  return modalSurface(DETAILS_TITLE, [
    {
      type: 'section',
      text: mrkdwn(
        `:hourglass_flowing_sand: Reading ${code(sessionId, 80)} in ${code(region, 60)} from Alibaba Cloud…`,
      ),
    },
  ]);
}

function link(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label)}>`;
}

/**
 * Lines packed into as few sections as they fit (3000 characters each), the heading on the first. At most
 * `maxBlocks` sections: lines beyond that are counted ("…and 3 more") rather than dropped silently.
 */
function packedSections(heading: string, lines: readonly string[], maxBlocks: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let chunk = heading;
  let shown = 0;
  for (const line of lines) {
    const piece = truncate(line, SECTION_TEXT_MAX - 40);
    if (chunk.length + 1 + piece.length > SECTION_TEXT_MAX - 40) {
      if (blocks.length + 1 >= maxBlocks) break;
      blocks.push({ type: 'section', text: mrkdwn(chunk) });
      chunk = piece;
    } else chunk += `\n${piece}`;
    shown += 1;
  }
  if (shown < lines.length) chunk += `\n…and ${plural(lines.length - shown, 'more')}`;
  blocks.push({ type: 'section', text: mrkdwn(chunk) });
  return blocks;
}

function fieldText(label: string, value: string): MrkdwnElement {
  return mrkdwn(truncate(`*${label}*\n${value}`, SECTION_FIELD_TEXT_MAX));
}

/**
 * Every field of one session, every tag and every source ENI (nothing is cut to fit a message: a modal has 100
 * blocks), with links to the console for the session, its sources, its target and its filter.
 */
export function sessionDetailsModal(input: DetailsModalInput): ModalSurface {
  const { session, region } = input;
  const links = sessionConsoleLinks(region, session, input.site);
  const title = oneLine(session.name) || session.id;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(escapeTruncated(title, HEADER_TEXT_MAX)) }];

  blocks.push({
    type: 'section',
    text: mrkdwn(
      truncate(
        // The header already shows the name (or the id, when there is none).
        `${oneLine(session.name) ? code(session.id, 100) : nameText('', 0)}\n` +
          `${statusLine(session)}\n` +
          `${link(links.session, `Sessions in ${region} (console)`)}: search for the id there.`,
        SECTION_TEXT_MAX,
      ),
    ),
  });

  const context = input.context;
  const reasons = mirrorsNothingReasons(session, context);
  if (reasons.length > 0)
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(`:warning: *Mirrors nothing:* ${reasons.join('; ')}.`, SECTION_TEXT_MAX)),
    });

  const fields: MrkdwnElement[] = [
    fieldText(
      'Filter',
      session.filterId
        ? `${code(session.filterId, 100)}${links.filter ? ` · ${link(links.filter, 'filters (console)')}` : ''}`
        : '_none_',
    ),
    fieldText('Priority', session.priority !== undefined ? String(session.priority) : '_not set_'),
    fieldText('VNI', session.vni !== undefined ? String(session.vni) : '_not set_'),
    fieldText('Packet length', session.packetLength !== undefined ? `${session.packetLength} bytes` : '_not set_'),
    fieldText('Resource group', session.resourceGroupId ? code(session.resourceGroupId, 100) : '_none_'),
    fieldText('Created', createdText(session, input.now)),
  ];
  blocks.push({ type: 'section', fields });

  const description = oneLine(session.description);
  if (description)
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Description*\n${escapeTruncated(description, SECTION_TEXT_MAX - 20)}`),
    });

  const targetIsEni = session.targetId.startsWith('eni-');
  const target = session.targetId
    ? `${code(session.targetId, 100)} (${targetTypeText(session.targetType)})${links.target ? ` · ${link(links.target, 'console')}` : ''}` +
      (targetIsEni ? eniSuffix(session.targetId, context) : '')
    : '_none_';
  // The sources come before the target (traffic flows from them to it), the filter's rules after it.
  const heading = rulesHeading(context);
  const tail: KnownBlock[] = [
    { type: 'section', text: mrkdwn(truncate(`*To* ${target}`, SECTION_TEXT_MAX)) },
    ...(heading !== undefined ? packedSections(heading, filterRuleLines(context), RULE_SECTIONS_MAX) : []),
  ];
  const permissions = permissionLine(context);

  // With several accounts the same region exists in each: the footer says whose session this is, and its command
  // asks that account again.
  const accountText = input.account !== undefined ? `Account ${code(input.account, 40)} · ` : '';
  const accountTerm = input.account !== undefined ? `account:${input.account} ` : '';
  const footer: KnownBlock = {
    type: 'context',
    elements: [
      mrkdwn(
        `${accountText}Region ${code(region, 60)} · ` +
          `${code(`${input.commandName ?? DEFAULT_COMMAND} ${accountTerm}${region} id:${session.id}`, 200)} · ` +
          `read ${utcText(input.now)}`,
      ),
      ...(permissions !== undefined ? [mrkdwn(permissions)] : []),
    ],
  };

  // Tags need at most one section each (20 at most). Sources get up to SOURCE_SECTIONS_MAX sections, some 500 ENIs
  // (the default quota is 10 per session): that bounds the view well under its 250 kB as well as its 100 blocks.
  const tagLines = session.tags.map(
    (t) =>
      `• ${code(t.key, TAG_KEY_SHOWN)}${t.value === '' ? ' _(empty value)_' : ` = ${code(t.value, TAG_VALUE_SHOWN)}`}`,
  );
  const tagRoom = Math.min(Math.max(tagLines.length, 1), 40);
  const sourceRoom = Math.max(
    1,
    Math.min(SOURCE_SECTIONS_MAX, MODAL_BLOCKS_MAX - blocks.length - tail.length - tagRoom - 1),
  );
  const sourceLines = links.sources.map(
    (s) => `• ${code(s.id, 100)} · ${link(s.url, 'console')}${eniSuffix(s.id, context)}`,
  );
  const sources =
    sourceLines.length > 0
      ? packedSections(`*From* ${plural(sourceLines.length, 'source ENI')}`, sourceLines, sourceRoom)
      : [{ type: 'section' as const, text: mrkdwn('*From* _no source ENIs_') }];
  blocks.push(...sources, ...tail);

  if (tagLines.length > 0)
    blocks.push(...packedSections(`*Tags* (${tagLines.length})`, tagLines, MODAL_BLOCKS_MAX - blocks.length - 1));
  else blocks.push({ type: 'section', text: mrkdwn('*Tags* _none_') });
  blocks.push(footer);
  return modalSurface(DETAILS_TITLE, blocks);
}

/** Details on a session the API no longer returns. */
export function sessionGoneModal(sessionId: string, region: string, account?: string): ModalSurface {
  const where = account !== undefined ? `${code(region, 60)} of account ${code(account, 40)}` : code(region, 60);
  const again = `${DEFAULT_COMMAND} ${account !== undefined ? `account:${account} ` : ''}${region}`;
  return modalSurface(DETAILS_TITLE, [
    {
      type: 'section',
      text: mrkdwn(`:ghost: ${code(sessionId, 80)} no longer exists in ${where} (deleted since this list was drawn).`),
    },
    {
      type: 'context',
      elements: [mrkdwn(`Run the list again for the sessions there now: ${code(again, 120)}`)],
    },
  ]);
}

/** Any failure (cloud error, unexpected): the blocks that explain it, in the same modal. */
export function detailsProblemModal(blocks: KnownBlock[]): ModalSurface {
  return modalSurface(DETAILS_TITLE, blocks);
}
