/**
 * The session list: one page of ListTrafficMirrorSessions as one Slack message.
 *
 * The default is one row per session (status first, name, source → target) with its own Details button: an on-call
 * reader scans the page on one screen, sees what needs attention counted at the top and listed first, and finds the
 * position ("11–20 of 37 · page 2") right above the paging buttons, where the eye is after a click.
 *
 * Layout is chosen adaptively, and the first candidate that passes validateMessage and stays within
 * MESSAGE_TEXT_BUDGET wins:
 *  1. rows (at most ROWS_MAX sessions, the default) at ROW_LEVELS[0..]; or, with `view:cards` (at most
 *     CARD_LAYOUT_MAX_SESSIONS sessions), cards: one section per session with every field, at DETAIL_LEVELS[0..];
 *  2. compact: one line per session packed into sections, at COMPACT_LEVELS[0..] (pages too long for a button each);
 *  3. the last compact level, whatever it measures (cannot happen with ids of sane length; tests cover worst cases).
 *
 * Sessions that need attention come first within the page. Across pages the API's order rules (it has no sort), and
 * the summary says "on this page" whenever there are other pages.
 */
import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { EniRole } from '../cloud/eni-lookup';
import type { SessionPage } from '../cloud/types';
import { describeFilters } from '../query/describe';
import type { MirrorQuery } from '../query/types';
import { ActionId } from './action-ids';
import { type CliInput, cliButton, cliContextBlock } from './cli';
import { type Attention, attentionOf, button, COMPACT_LEGEND, code, DEFAULT_COMMAND, mrkdwn, plain } from './format';
import { type ResolvedHost, resolvedBlock } from './host';
import { HEADER_TEXT_MAX, MESSAGE_TEXT_BUDGET, SECTION_TEXT_MAX } from './limits';
import type { CompactLevel, DetailLevel } from './session';
import {
  COMPACT_LEVELS,
  compactLine,
  compactNameCost,
  DETAIL_LEVELS,
  ROW_LEVELS,
  rowLine,
  sessionCardText,
} from './session';
import type { SlackMessage } from './surface';
import { escapeMrkdwn, escapeTruncated, oneLine, truncate } from './text';
import { countText, validateMessage } from './validate';
import { watchQueryButton } from './watch';

export interface ListViewInput {
  query: MirrorQuery;
  region: string;
  page: SessionPage;
  /** 1-based. */
  pageNumber: number;
  /** 0-based position of the first session of this page in the whole result. */
  firstIndex: number;
  /**
   * Opaque, already-signed button values; absent = no button. `share` adds a "Share in channel" button, `details`
   * signs each session's Details button, `watch` adds "Watch this query" (views/watch.ts).
   */
  buttons: {
    next?: string;
    previous?: string;
    share?: string;
    details?: (sessionId: string) => string;
    watch?: string;
  };
  now: Date;
  /** The slash command's name, for hints. Default `/mirrors`. */
  commandName?: string;
  /** A bare `eni-…` lookup: what the ENI is to each session, and each stream's TotalCount. */
  eni?: EniListInfo;
  /** The same request as an aliyun command: small print when it fits, else a "Copy as CLI" button. */
  cli?: CliInput;
  /** A reply everyone in a thread sees: no CLI small print and no hints, so it stays short. */
  brief?: boolean;
}

interface EniListInfo {
  /** The ENI id, or the IP / instance id of a host lookup. */
  eni: string;
  /** A host lookup: what the IP or instance resolved to, said above the list. */
  resolved?: ResolvedHost;
  roles: ReadonlyMap<string, EniRole>;
  sourceTotal: number | undefined;
  targetTotal: number | undefined;
}

/** Above this many sessions a page is always shown in the compact layout (cards stop being scannable). */
export const CARD_LAYOUT_MAX_SESSIONS = 12;
/** Rows with a Details button each: one section per session, within Slack's 50 blocks with room for the rest. */
export const ROWS_MAX = 40;
/** Characters of filter chips in the summary line; the rest are counted ("+3 more"). */
const CHIPS_MAX_CHARS = 400;

export type ListLayout =
  | { kind: 'rows'; level: number }
  | { kind: 'cards'; level: number }
  | { kind: 'compact'; level: number; nameCap: number }
  | { kind: 'empty' };

/** A name shorter than this is not worth showing in the compact layout (the id is there). */
const COMPACT_NAME_MIN = 6;
/**
 * Which compact shape (index into COMPACT_LEVELS) is acceptable with how many characters of name, in order of
 * preference: richer shapes first as long as names stay readable; source → target is kept over longer names.
 */
const COMPACT_PREFERENCE: ReadonlyArray<readonly [level: number, minName: number]> = [
  [0, 32],
  [1, 32],
  [2, 32],
  [1, 20],
  [2, 20],
  [3, 20],
  [2, 12],
  [3, 12],
  [3, COMPACT_NAME_MIN],
  [4, 12],
  [4, COMPACT_NAME_MIN],
  [5, COMPACT_NAME_MIN],
  [3, 0],
  [4, 0],
  [5, 0],
];

/** "1–10 of 37"; without "of" when TotalCount is unknown or smaller than what is shown. */
export function rangeText(firstIndex: number, shown: number, totalCount: number | undefined): string {
  const from = firstIndex + 1;
  const to = firstIndex + shown;
  const span = shown <= 1 ? `${from}` : `${from}–${to}`;
  return totalCount !== undefined && totalCount >= to ? `${span} of ${totalCount}` : span;
}

/** What the looked-up ENI is to a session, in a word or two: it mirrors *from* the ENI, or *to* it. */
export function roleMarker(role: EniRole | undefined): string {
  if (role === 'source') return '_from_';
  if (role === 'target') return '_to_';
  if (role === 'both') return '_from+to_';
  return '';
}

export const ROLE_LEGEND = '_from_: mirrors traffic from the ENI · _to_: mirrors traffic to it';

/** "3 as source · 2 as target"; "?" for a count the API did not give. */
export function eniCountsText(sourceTotal: number | undefined, targetTotal: number | undefined): string {
  return `${sourceTotal ?? '?'} as source · ${targetTotal ?? '?'} as target`;
}

/** The filter chips of a query, without the ENI itself when the view says it in words. */
export function chipsOf(query: MirrorQuery): string[] {
  const { eni, host, ...rest } = query;
  return describeFilters(eni === undefined && host === undefined ? query : rest);
}

/** A list that says the ENI in words drops its chip; without that info the chip is all that names it. */
function listChips(input: ListViewInput): string[] {
  return input.eni ? chipsOf(input.query) : describeFilters(input.query);
}

function withMarker(input: ListViewInput, sessionId: string, text: string): string {
  const marker = input.eni ? roleMarker(input.eni.roles.get(sessionId)) : '';
  return marker ? `${marker} ${text}` : text;
}

/** The filter chips as escaped code spans, cut to CHIPS_MAX_CHARS. */
export function chipsMrkdwn(chips: readonly string[]): string {
  let out = '';
  let shown = 0;
  for (const chip of chips) {
    const piece = code(chip, 140);
    if (out.length + piece.length + 1 > CHIPS_MAX_CHARS) break;
    out += (out ? ' ' : '') + piece;
    shown += 1;
  }
  if (shown < chips.length) out += ` +${chips.length - shown} more`;
  return out;
}

function header(region: string): KnownBlock {
  return { type: 'header', text: plain(escapeTruncated(`Traffic mirror sessions · ${region}`, HEADER_TEXT_MAX)) };
}

/** The header, and for a host lookup what the host resolved to. */
function heading(input: ListViewInput): KnownBlock[] {
  const resolved = input.eni?.resolved;
  return [header(input.region), ...(resolved ? [resolvedBlock(resolved)] : [])];
}

/** The top line: what was asked, and how many there are in all. The position sits by the buttons instead. */
function summaryContext(chips: readonly string[], input: ListViewInput, extra: string[] = []): ContextBlock {
  const eni = input.eni;
  const total = input.page.totalCount;
  const parts = eni
    ? [
        `Sessions that mirror from or to ${code(eni.eni, 100)}`,
        ...(chips.length > 0 ? [chipsMrkdwn(chips)] : []),
        eniCountsText(eni.sourceTotal, eni.targetTotal),
      ]
    : [
        chips.length > 0 ? chipsMrkdwn(chips) : 'All sessions',
        ...(total !== undefined && total >= input.firstIndex + input.page.sessions.length ? [`${total} in all`] : []),
      ];
  const legend = eni ? [ROLE_LEGEND] : [];
  return { type: 'context', elements: [mrkdwn(parts.join(' · ')), ...[...extra, ...legend].map(mrkdwn)] };
}

const ATTENTION_WORDS: Record<Attention, string> = {
  locked: 'locked (overdue payment)',
  disabled: 'disabled',
  changing: 'being created, changed or deleted',
  other: 'in another state',
};

/** Whether the page is the whole result: only then may the summary speak of "all" rather than "this page". */
function wholeResult(input: ListViewInput): boolean {
  return input.pageNumber === 1 && input.buttons.next === undefined;
}

/**
 * "2 of 10 on this page need attention, listed first: 1 locked (overdue payment) · 1 disabled". Undefined when
 * every session mirrors as it should.
 */
function attentionText(input: ListViewInput): string | undefined {
  const sessions = input.page.sessions;
  const flagged = sessions.map(attentionOf).filter((a) => a.length > 0);
  if (flagged.length === 0) return undefined;
  const counts = (Object.keys(ATTENTION_WORDS) as Attention[])
    .map((kind) => [kind, flagged.filter((a) => a.includes(kind)).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${ATTENTION_WORDS[kind]}`);
  const where = wholeResult(input) ? '' : ' on this page';
  const verb = flagged.length === 1 ? 'needs' : 'need';
  const first = sessions.length > 1 ? ', listed first' : '';
  return `:warning: *${flagged.length} of ${sessions.length}${where} ${verb} attention*${first}: ${counts.join(' · ')}`;
}

function attentionBlocks(input: ListViewInput): KnownBlock[] {
  const text = attentionText(input);
  return text ? [{ type: 'section', text: mrkdwn(text) }] : [];
}

/** Sessions that need attention first, each group in the API's order: honest within a page, and said so. */
function attentionFirst(input: ListViewInput): ListViewInput {
  const sessions = input.page.sessions;
  const flagged = sessions.filter((s) => attentionOf(s).length > 0);
  if (flagged.length === 0 || flagged.length === sessions.length) return input;
  const ordered = [...flagged, ...sessions.filter((s) => attentionOf(s).length === 0)];
  return { ...input, page: { ...input.page, sessions: ordered } };
}

/** "11–20 of 37 · page 2", right above the paging buttons, where the eye is after a click. */
function positionContext(input: ListViewInput, hint?: string): ContextBlock {
  const eni = input.eni;
  const where = eni
    ? `page ${input.pageNumber} · ${eniCountsText(eni.sourceTotal, eni.targetTotal)}`
    : `${rangeText(input.firstIndex, input.page.sessions.length, input.page.totalCount)} · page ${input.pageNumber}`;
  return {
    type: 'context',
    block_id: 'mirrors_position',
    elements: [mrkdwn(`*${where}*`), ...(hint ? [mrkdwn(hint)] : [])],
  };
}

function pagingActions(input: ListViewInput): ActionsBlock | undefined {
  const elements: Button[] = [];
  if (input.buttons.previous !== undefined) {
    elements.push(button('Previous page', ActionId.PreviousPage, input.buttons.previous));
  }
  if (input.buttons.next !== undefined) {
    elements.push(button('Next page', ActionId.NextPage, input.buttons.next, 'primary'));
  }
  if (input.buttons.share !== undefined) {
    elements.push(button('Share in channel', ActionId.Share, input.buttons.share));
  }
  if (input.buttons.watch !== undefined) elements.push(watchQueryButton(input.buttons.watch));
  const cli = input.cli;
  if (cli?.buttonValue !== undefined && (input.brief || !cliContextBlock(cli.script)))
    elements.push(cliButton(cli.buttonValue));
  return elements.length > 0 ? { type: 'actions', block_id: 'mirrors_paging', elements } : undefined;
}

/**
 * The CLI small print (when it fits inline and the reply is not brief), the position and the buttons close every
 * layout, and count in its measurement.
 */
function withActions(blocks: KnownBlock[], input: ListViewInput, hint?: string): KnownBlock[] {
  const cli = input.cli && !input.brief ? cliContextBlock(input.cli.script) : undefined;
  const actions = pagingActions(input);
  const position = input.page.sessions.length > 0 ? [positionContext(input, input.brief ? undefined : hint)] : [];
  return [...blocks, ...(cli ? [cli] : []), ...position, ...(actions ? [actions] : [])];
}

/** Card texts per session and detail level, computed at most once per render. */
type CardTexts = (level: number, index: number) => string;

function cardTexts(input: ListViewInput): CardTexts {
  const cache = new Map<string, string>();
  return (level, index) => {
    const key = `${level}:${index}`;
    let text = cache.get(key);
    if (text === undefined) {
      const session = input.page.sessions[index];
      text = session
        ? withMarker(input, session.id, sessionCardText(session, input.now, DETAIL_LEVELS[level] as DetailLevel))
        : '';
      cache.set(key, text);
    }
    return text;
  };
}

/** A card takes the richest level at or below the page's level that fits one section. */
function cardAt(texts: CardTexts, pageLevel: number, index: number): string {
  let text = '';
  for (let l = pageLevel; l < DETAIL_LEVELS.length; l += 1) {
    text = texts(l, index);
    if (text.length <= SECTION_TEXT_MAX) break;
  }
  return text;
}

function cardsLayout(
  input: ListViewInput,
  chips: readonly string[],
  pageLevel: number,
  texts: CardTexts,
): KnownBlock[] {
  const blocks: KnownBlock[] = [...heading(input), summaryContext(chips, input), ...attentionBlocks(input)];
  input.page.sessions.forEach((session, i) => {
    const text = cardAt(texts, pageLevel, i);
    if (i > 0) blocks.push({ type: 'divider' });
    const details = input.buttons.details;
    const section: SectionBlock = {
      type: 'section',
      text: mrkdwn(truncate(text, SECTION_TEXT_MAX)),
      ...(details ? { accessory: button('Details', ActionId.Details, details(session.id)) } : {}),
    };
    blocks.push(section);
  });
  return withActions(blocks, input);
}

/** The default: one row per session, each with its own Details button. */
function rowsLayout(input: ListViewInput, chips: readonly string[], level: CompactLevel): KnownBlock[] {
  const blocks: KnownBlock[] = [...heading(input), summaryContext(chips, input), ...attentionBlocks(input)];
  for (const session of input.page.sessions) {
    const marker = input.eni ? roleMarker(input.eni.roles.get(session.id)) : '';
    const details = input.buttons.details;
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(rowLine(session, level, marker), SECTION_TEXT_MAX)),
      ...(details ? { accessory: button('Details', ActionId.Details, details(session.id)) } : {}),
    });
  }
  const command = input.commandName ?? DEFAULT_COMMAND;
  return withActions(blocks, input, `Every field: add ${code('view:cards', 20)} to ${code(command, 40)}`);
}

function compactLayout(input: ListViewInput, chips: readonly string[], level: CompactLevel): KnownBlock[] {
  const command = input.commandName ?? DEFAULT_COMMAND;
  const blocks: KnownBlock[] = [
    ...heading(input),
    summaryContext(chips, input, [COMPACT_LEGEND]),
    ...attentionBlocks(input),
  ];
  let chunk = '';
  const flush = (): void => {
    if (chunk) blocks.push({ type: 'section', text: mrkdwn(chunk) });
    chunk = '';
  };
  for (const session of input.page.sessions) {
    const line = truncate(withMarker(input, session.id, compactLine(session, level)), SECTION_TEXT_MAX);
    if (chunk && chunk.length + 1 + line.length > SECTION_TEXT_MAX) flush();
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  flush();
  const example = input.page.sessions[0]?.id ?? 'tms-…';
  return withActions(blocks, input, `One session's details: ${code(`${command} ${input.region} id:${example}`, 200)}`);
}

function emptySentence(input: ListViewInput, chips: readonly string[]): string {
  const where = escapeTruncated(input.region, 100);
  const match = chips.length > 0 ? ` match ${chips.map((c) => escapeTruncated(c, 140)).join(', ')}` : '';
  const eni = input.eni;
  if (eni) {
    const id = escapeTruncated(eni.eni, 100);
    const matching = chips.length > 0 ? ` matching ${chips.map((c) => escapeTruncated(c, 140)).join(', ')}` : '';
    return input.firstIndex > 0 || input.pageNumber > 1
      ? `No more sessions that mirror from or to ${id} in ${where}${matching}.`
      : `${id} appears in no traffic mirror session in ${where}${matching} (neither as a source nor as a target).`;
  }
  return `${input.firstIndex > 0 ? 'No more' : 'No'} traffic mirror sessions in ${where}${match}.`;
}

function emptyLayout(input: ListViewInput, chips: readonly string[], command: string): SlackMessage {
  const sentence = truncate(emptySentence(input, chips), SECTION_TEXT_MAX);
  const blocks: KnownBlock[] = [...heading(input), { type: 'section', text: mrkdwn(sentence) }];
  const hints: string[] = [];
  if (input.firstIndex > 0 || input.pageNumber > 1) hints.push(`page ${input.pageNumber}`);
  if (chips.length > 0)
    hints.push(
      `Try fewer filters, e.g. ${code(`${command} ${input.region}${input.eni ? ` ${input.eni.eni}` : ''}`, 120)}`,
    );
  hints.push(`${code(`${command} help`, 60)} shows every filter`);
  blocks.push({ type: 'context', elements: [mrkdwn(hints.join(' · '))] });
  return { text: truncate(sentence, 300), blocks: withActions(blocks, input) };
}

function fits(blocks: KnownBlock[]): boolean {
  return countText(blocks) <= MESSAGE_TEXT_BUDGET && validateMessage(blocks, 'message').length === 0;
}

function layoutFor(input: ListViewInput, chips: readonly string[]): { layout: ListLayout; blocks: KnownBlock[] } {
  if (input.page.sessions.length === 0) {
    return {
      layout: { kind: 'empty' },
      blocks: emptyLayout(input, chips, input.commandName ?? DEFAULT_COMMAND).blocks,
    };
  }
  if (input.query.view !== 'cards' && input.page.sessions.length <= ROWS_MAX) {
    for (let level = 0; level < ROW_LEVELS.length; level += 1) {
      const blocks = rowsLayout(input, chips, ROW_LEVELS[level] as CompactLevel);
      if (fits(blocks)) return { layout: { kind: 'rows', level }, blocks };
    }
  }
  if (input.query.view === 'cards' && input.page.sessions.length <= CARD_LAYOUT_MAX_SESSIONS) {
    const texts = cardTexts(input);
    for (let level = 0; level < DETAIL_LEVELS.length; level += 1) {
      // The cards alone already over budget: skip building and validating this level.
      const cardsText = input.page.sessions.reduce((sum, _s, i) => sum + cardAt(texts, level, i).length, 0);
      if (cardsText > MESSAGE_TEXT_BUDGET) continue;
      const blocks = cardsLayout(input, chips, level, texts);
      if (fits(blocks)) return { layout: { kind: 'cards', level }, blocks };
    }
  }
  // Compact: for each shape, names get the room that is left. Prefer a shape that leaves a readable name.
  // Each shape is sized once, and only when the preference list gets to it.
  const sized = new Map<number, ReturnType<typeof compactWithNames>>();
  const sizedAt = (level: number): ReturnType<typeof compactWithNames> => {
    if (!sized.has(level)) sized.set(level, compactWithNames(input, chips, COMPACT_LEVELS[level] as CompactLevel));
    return sized.get(level);
  };
  for (const [level, wanted] of COMPACT_PREFERENCE) {
    const candidate = sizedAt(level);
    if (candidate && candidate.nameCap >= Math.min(wanted, candidate.longestName)) {
      return { layout: { kind: 'compact', level, nameCap: candidate.nameCap }, blocks: candidate.blocks };
    }
  }
  // Nothing fits even without names (ids hundreds of characters long): the plainest shape, measured as it is.
  const last = COMPACT_LEVELS.length - 1;
  const shape = { ...(COMPACT_LEVELS[last] as CompactLevel), name: 0 };
  return { layout: { kind: 'compact', level: last, nameCap: 0 }, blocks: compactLayout(input, chips, shape) };
}

/**
 * The compact layout in one shape, with the largest name cap that still fits the text budget (found by binary
 * search over the cap: short names keep their full length, only long ones are cut). Undefined if the shape does
 * not fit even without names.
 */
function compactWithNames(
  input: ListViewInput,
  chips: readonly string[],
  shape: CompactLevel,
): { blocks: KnownBlock[]; nameCap: number; longestName: number } | undefined {
  const base = compactLayout(input, chips, { ...shape, name: 0 });
  if (!fits(base)) return undefined;
  const sessions = input.page.sessions;
  const longestName = Math.min(shape.name, Math.max(0, ...sessions.map((s) => escapeMrkdwn(oneLine(s.name)).length)));
  // Each newline-joined line grows by the name's cost; section packing may add at most one more section.
  const room = MESSAGE_TEXT_BUDGET - countText(base);
  const cost = (cap: number): number => sessions.reduce((sum, s) => sum + compactNameCost(s, cap), 0);
  let lo = 0;
  let hi = longestName;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost(mid) <= room) lo = mid;
    else hi = mid - 1;
  }
  // A cut name shorter than COMPACT_NAME_MIN says nothing the id does not: drop names rather than show that.
  const usable = (cap: number): number => (cap >= longestName || cap >= COMPACT_NAME_MIN ? cap : 0);
  let cap = usable(lo);
  for (;;) {
    const blocks = cap === 0 ? base : compactLayout(input, chips, { ...shape, name: cap });
    if (fits(blocks)) return { blocks, nameCap: cap, longestName };
    if (cap === 0) return undefined;
    cap = usable(cap - 1);
  }
}

/** Which layout sessionListMessage picks for this input (exported for tests and the bench). */
export function chooseListLayout(input: ListViewInput): { layout: ListLayout; blocks: KnownBlock[] } {
  return layoutFor(attentionFirst(input), listChips(input));
}

/** One page of sessions as one message: header, summary, the sessions, paging buttons. */
export function sessionListMessage(input: ListViewInput): SlackMessage {
  const command = input.commandName ?? DEFAULT_COMMAND;
  const chips = listChips(input);
  if (input.page.sessions.length === 0) return emptyLayout(input, chips, command);
  const { blocks } = layoutFor(attentionFirst(input), chips);
  const filtersNote = chips.length > 0 ? ` matching ${truncate(chips.join(', '), 120)}` : '';
  const eni = input.eni;
  const text = eni
    ? escapeMrkdwn(
        `Sessions that mirror from or to ${truncate(eni.eni, 60)} in ${truncate(input.region, 60)}${filtersNote}: ` +
          `${eniCountsText(eni.sourceTotal, eni.targetTotal)} (page ${input.pageNumber})`,
      )
    : escapeMrkdwn(
        `Traffic mirror sessions in ${truncate(input.region, 60)}${filtersNote}: ` +
          `${rangeText(input.firstIndex, input.page.sessions.length, input.page.totalCount)} (page ${input.pageNumber})`,
      );
  return { text, blocks };
}
