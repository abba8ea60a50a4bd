/**
 * The `all` overview: the first page of every configured region, grouped by region, in one message.
 *
 * The failed regions first, with a short reason each, and one legend; then one section per region with sessions (its
 * heading and one compact line per session) with its "More in …" button below it, then the empty regions in one
 * line. Many regions times many sessions do
 * not fit one message, so the layout is chosen like the list's: richest first, the first that passes
 * validateMessage within MESSAGE_TEXT_BUDGET wins. Fewer sessions per region go first, then plainer lines; a region
 * whose list is cut keeps its button, which opens its own full list.
 */
import type { Button, ContextBlock, KnownBlock } from '@slack/types';
import type { EniRole } from '../cloud/eni-lookup';
import type { CloudError } from '../cloud/errors';
import type { MirrorSession } from '../cloud/types';
import type { MirrorQuery } from '../query/types';
import { ActionId, regionMoreActionId } from './action-ids';
import { type CliInput, cliButton, cliContextBlock } from './cli';
import { shortCloudErrorText } from './errors';
import { button, COMPACT_LEGEND, code, DEFAULT_COMMAND, mrkdwn, plain, plural } from './format';
import { hostLabel } from './host';
import { ACTIONS_ELEMENTS_MAX, HEADER_TEXT_MAX, MESSAGE_TEXT_BUDGET, SECTION_TEXT_MAX } from './limits';
import { COMPACT_LEVELS, type CompactLevel, compactLine } from './session';
import { chipsMrkdwn, chipsOf, eniCountsText, ROLE_LEGEND, roleMarker } from './session-list';
import type { SlackMessage } from './surface';
import { escapeMrkdwn, escapeTruncated, truncate } from './text';
import { countText, validateMessage } from './validate';

/** One region's first page. */
export interface RegionSessions {
  region: string;
  ok: true;
  sessions: readonly MirrorSession[];
  /** The region has a page 2 (a NextToken, or an ENI stream that goes on). */
  hasNextPage: boolean;
  totalCount: number | undefined;
  /** A bare `eni-…` lookup: the ENI's role per session id and each stream's TotalCount. */
  eni?: { roles: ReadonlyMap<string, EniRole>; sourceTotal: number | undefined; targetTotal: number | undefined };
  /** A host lookup where no ENI of this region holds the IP or belongs to the instance: nothing was looked up. */
  notHeld?: boolean;
  /** Signed values of the region's own list: page 1, and page 2 when there is one. */
  more?: { firstPage: string; nextPage?: string };
}

interface RegionFailure {
  region: string;
  ok: false;
  error: CloudError;
}

export type RegionResult = RegionSessions | RegionFailure;

export interface MultiRegionInput {
  query: MirrorQuery;
  /** In the order of MIRRORS_REGIONS. */
  results: readonly RegionResult[];
  buttons: { share?: string };
  cli?: CliInput;
  commandName?: string;
}

/** Line shapes, richest first: an index into COMPACT_LEVELS and the characters of name it may show. */
const OVERVIEW_SHAPES: ReadonlyArray<readonly [level: number, name: number]> = [
  [1, 40],
  [2, 32],
  [3, 24],
  [3, 12],
  [4, 0],
  [5, 0],
];

/** Rows of "More in …" buttons for the regions that share sections (25 buttons each). */
const REST_BUTTON_ROWS = 2;

/** Sessions per region tried after "all of them", most first. */
const CAPS = [10, 5, 3, 1, 0];

export interface OverviewLayout {
  /** Sessions shown per region at most. */
  cap: number;
  /** Index into OVERVIEW_SHAPES. */
  shape: number;
  /** Regions (with sessions) that get their own section and button; the rest share sections, without buttons. */
  withButtons: number;
}

function isSessions(result: RegionResult): result is RegionSessions {
  return result.ok;
}

function headerText(query: MirrorQuery, regionCount: number): string {
  const subject = lookupSubject(query);
  const what = subject !== undefined ? `Sessions from or to ${subject}` : 'Traffic mirror sessions';
  return escapeTruncated(`${what} · all ${plural(regionCount, 'region')}`, HEADER_TEXT_MAX);
}

function summaryContext(
  input: MultiRegionInput,
  counts: { withSessions: number; empty: number; failed: number },
): ContextBlock {
  const chips = chipsOf(input.query);
  const chipText = chips.length > 0 ? chipsMrkdwn(chips) : '';
  const parts: string[] = [];
  const subject = lookupSubject(input.query);
  if (subject !== undefined) parts.push(`Sessions that mirror from or to ${code(subject, 100)}`);
  if (chipText) parts.push(chipText);
  else if (subject === undefined) parts.push('All sessions');
  parts.push(
    `${plural(input.results.length, 'region')}: ${counts.withSessions} with sessions · ${counts.empty} empty · ${counts.failed} failed`,
  );
  parts.push(`first page of each, up to ${input.query.limit} per region`);
  return { type: 'context', elements: [mrkdwn(parts.join(' · '))] };
}

function legendContext(input: MultiRegionInput): ContextBlock {
  const legend = lookupSubject(input.query) !== undefined ? `${COMPACT_LEGEND} · ${ROLE_LEGEND}` : COMPACT_LEGEND;
  return { type: 'context', elements: [mrkdwn(legend)] };
}

function regionCounts(result: RegionSessions, shown: number): string {
  const n = result.sessions.length;
  const counted = result.eni
    ? eniCountsText(result.eni.sourceTotal, result.eni.targetTotal)
    : result.totalCount !== undefined && result.totalCount >= n
      ? plural(result.totalCount, 'session')
      : `${n}${result.hasNextPage ? '+' : ''} ${n === 1 && !result.hasNextPage ? 'session' : 'sessions'}`;
  const total = result.eni ? undefined : result.totalCount;
  const partial = shown < n || result.hasNextPage || (total !== undefined && total > shown);
  return partial ? `${counted} · ${shown === 0 ? 'none shown here' : `first ${shown} shown`}` : counted;
}

/** The first `count` compact lines of one region at one shape; each line is computed once per layout search. */
type LineCache = (result: RegionSessions, shape: number, count: number) => readonly string[];

function lineCache(): LineCache {
  const cache = new Map<RegionSessions, Map<number, string[]>>();
  return (result, shapeIndex, count) => {
    let byShape = cache.get(result);
    if (!byShape) {
      byShape = new Map();
      cache.set(result, byShape);
    }
    let lines = byShape.get(shapeIndex);
    if (!lines) {
      lines = [];
      byShape.set(shapeIndex, lines);
    }
    const wanted = Math.min(count, result.sessions.length);
    if (lines.length < wanted) {
      const [levelIndex, nameCap] = OVERVIEW_SHAPES[shapeIndex] ?? [COMPACT_LEVELS.length - 1, 0];
      const shape: CompactLevel = { ...(COMPACT_LEVELS[levelIndex] as CompactLevel), name: nameCap };
      for (const session of result.sessions.slice(lines.length, wanted)) {
        const line = compactLine(session, shape);
        const marker = result.eni ? roleMarker(result.eni.roles.get(session.id)) : '';
        lines.push(truncate(marker ? `${marker} ${line}` : line, SECTION_TEXT_MAX));
      }
    }
    return lines.slice(0, wanted);
  };
}

function regionLines(result: RegionSessions, layout: OverviewLayout, lines: LineCache): string[] {
  const heading = `*${escapeTruncated(result.region, 60)}* · ${regionCounts(result, Math.min(layout.cap, result.sessions.length))}`;
  return [heading, ...lines(result, layout.shape, layout.cap)];
}

/** Lines packed into as few section texts as fit SECTION_TEXT_MAX each. */
function packLines(lines: readonly string[]): string[] {
  const texts: string[] = [];
  let text = '';
  for (const line of lines) {
    if (text && text.length + 1 + line.length > SECTION_TEXT_MAX) {
      texts.push(text);
      text = '';
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) texts.push(text);
  return texts;
}

/** The button of a region whose overview is not its whole result: page 2 when page 1 is all here, else page 1. */
function moreButton(result: RegionSessions, cap: number, n = 0): Button | undefined {
  if (!result.more) return undefined;
  const cut = cap < result.sessions.length;
  if (!cut && !result.hasNextPage) return undefined;
  const value = !cut && result.more.nextPage !== undefined ? result.more.nextPage : result.more.firstPage;
  return button(`More in ${result.region}`, regionMoreActionId(n), value);
}

function failureLines(failures: readonly RegionFailure[]): string[] {
  if (failures.length === 0) return [];
  return [
    `:warning: *Could not list ${plural(failures.length, 'region')}:*`,
    ...failures.map((f) => truncate(`• ${code(f.region, 60)}: ${shortCloudErrorText(f.error)}`, 400)),
  ];
}

/** The ENI, IP or instance an on-call lookup is about, or undefined for a plain list. */
function lookupSubject(query: MirrorQuery): string | undefined {
  return query.eni ?? (query.host ? hostLabel(query.host) : undefined);
}

function emptyLine(empty: readonly RegionSessions[], query: MirrorQuery): string[] {
  if (empty.length === 0) return [];
  const subject = lookupSubject(query);
  if (query.host !== undefined && subject !== undefined) {
    // "Not mirrored" only where ENIs were found; elsewhere nothing could be asked.
    const notHeld = empty.filter((r) => r.notHeld);
    const held = empty.filter((r) => !r.notHeld);
    return [
      ...(held.length ? regionsLine(held, `Not mirrored from or to ${code(subject, 100)} in`) : []),
      ...(notHeld.length
        ? regionsLine(notHeld, `No ENI holds ${code(subject, 100)}, so I can't tell whether it is mirrored, in`)
        : []),
    ];
  }
  return regionsLine(
    empty,
    subject !== undefined ? `Not mirrored from or to ${code(subject, 100)} in` : 'No matching sessions in',
  );
}

function regionsLine(empty: readonly RegionSessions[], what: string): string[] {
  // One line, so one section at most: regions beyond what fits are counted.
  const room = SECTION_TEXT_MAX - what.length - 20;
  const names: string[] = [];
  let length = 0;
  for (const region of empty) {
    const name = code(region.region, 60);
    if (length + name.length + 2 > room) break;
    names.push(name);
    length += name.length + 2;
  }
  const more = empty.length > names.length ? ` +${empty.length - names.length} more` : '';
  return [`${what} ${names.join(', ')}${more}.`];
}

function build(input: MultiRegionInput, layout: OverviewLayout, lines: LineCache): KnownBlock[] {
  const results = input.results;
  const withSessions = results.filter(isSessions).filter((r) => r.sessions.length > 0);
  const empty = results.filter(isSessions).filter((r) => r.sessions.length === 0);
  const failures = results.filter((r): r is RegionFailure => !r.ok);

  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(headerText(input.query, results.length)) },
    summaryContext(input, { withSessions: withSessions.length, empty: empty.length, failed: failures.length }),
  ];
  // What failed comes first: an on-call reader must not find out after forty rows that a region is missing.
  for (const text of packLines(failureLines(failures))) blocks.push({ type: 'section', text: mrkdwn(text) });
  // One legend, on top, as in the list.
  if (withSessions.length > 0) blocks.push(legendContext(input));
  withSessions.slice(0, layout.withButtons).forEach((result, index) => {
    const texts = packLines(regionLines(result, layout, lines));
    for (const text of texts.length > 0 ? texts : [escapeMrkdwn(result.region)])
      blocks.push({ type: 'section', text: mrkdwn(text) });
    // Below the group, not beside it: an accessory takes the right column and makes every row wrap.
    const more = moreButton(result, layout.cap);
    if (more) blocks.push({ type: 'actions', block_id: `mirrors_more_${index}`, elements: [more] });
  });
  const rest = withSessions.slice(layout.withButtons);
  const packed = rest.flatMap((result) => regionLines(result, layout, lines));
  for (const text of packLines(packed)) blocks.push({ type: 'section', text: mrkdwn(text) });
  // Regions that share sections share a row of buttons below them, as many rows as Slack allows.
  const restButtons = rest
    .filter((result) => moreButton(result, layout.cap) !== undefined)
    .map((result, i) => moreButton(result, layout.cap, i % ACTIONS_ELEMENTS_MAX) as Button);
  const rows = Math.min(REST_BUTTON_ROWS, Math.ceil(restButtons.length / ACTIONS_ELEMENTS_MAX));
  for (let row = 0; row < rows; row += 1) {
    const elements = restButtons.slice(row * ACTIONS_ELEMENTS_MAX, (row + 1) * ACTIONS_ELEMENTS_MAX);
    blocks.push({ type: 'actions', block_id: `mirrors_more_rest_${row}`, elements });
  }
  for (const text of packLines(emptyLine(empty, input.query))) blocks.push({ type: 'section', text: mrkdwn(text) });
  if (restButtons.length > rows * ACTIONS_ELEMENTS_MAX) {
    const command = input.commandName ?? DEFAULT_COMMAND;
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `Too many regions for a button each: for one region's full list, run ${code(`${command} REGION`, 60)} with the same filters.`,
        ),
      ],
    });
  }
  const cli = input.cli ? cliContextBlock(input.cli.script) : undefined;
  if (cli) blocks.push(cli);
  const actions: Button[] = [];
  if (input.buttons.share !== undefined) actions.push(button('Share in channel', ActionId.Share, input.buttons.share));
  if (!cli && input.cli?.buttonValue !== undefined) actions.push(cliButton(input.cli.buttonValue));
  if (actions.length > 0) blocks.push({ type: 'actions', block_id: 'mirrors_overview', elements: actions });
  return blocks;
}

function fits(blocks: KnownBlock[]): boolean {
  return countText(blocks) <= MESSAGE_TEXT_BUDGET && validateMessage(blocks, 'message').length === 0;
}

/** Which layout multiRegionMessage picks (exported for tests and the bench). */
export function chooseOverviewLayout(input: MultiRegionInput): { layout: OverviewLayout; blocks: KnownBlock[] } {
  const withSessions = input.results.filter(isSessions).filter((r) => r.sessions.length > 0);
  const most = Math.max(0, ...withSessions.map((r) => r.sessions.length));
  const caps = [most, ...CAPS.filter((c) => c < most)];
  const n = withSessions.length;
  const lines = lineCache();
  // The session lines alone, a lower bound of the message's text: too much, and the layout is not even built.
  const tooLong = (layout: OverviewLayout): boolean =>
    withSessions.reduce((sum, r) => sum + lines(r, layout.shape, layout.cap).reduce((s, l) => s + l.length + 1, 0), 0) >
    MESSAGE_TEXT_BUDGET;
  const tryLayout = (layout: OverviewLayout): KnownBlock[] | undefined => {
    if (tooLong(layout)) return undefined;
    const blocks = build(input, layout, lines);
    return fits(blocks) ? blocks : undefined;
  };
  // Fewer own sections only when the regions alone would use up the blocks.
  const buttonCounts = [n, ...[40, 30, 20, 10, 0].filter((k) => k < n)];
  const plainest = OVERVIEW_SHAPES.length - 1;
  for (const withButtons of buttonCounts) {
    // Richer shapes and more sessions only add text: when the plainest shape does not fit, nothing richer does.
    if (!tryLayout({ cap: 0, shape: plainest, withButtons })) continue;
    for (const cap of caps) {
      if (!tryLayout({ cap, shape: plainest, withButtons })) continue;
      for (let shape = 0; shape < OVERVIEW_SHAPES.length; shape += 1) {
        const layout = { cap, shape, withButtons };
        const blocks = tryLayout(layout);
        if (blocks) return { layout, blocks };
      }
    }
  }
  // Only with hundreds of regions: headings alone, measured as they are.
  const layout = { cap: 0, shape: plainest, withButtons: 0 };
  return { layout, blocks: build(input, layout, lines) };
}

/** The `all` overview as one message. */
export function multiRegionMessage(input: MultiRegionInput): SlackMessage {
  const { blocks } = chooseOverviewLayout(input);
  const withSessions = input.results.filter(isSessions).filter((r) => r.sessions.length > 0).length;
  const failed = input.results.filter((r) => !r.ok).length;
  const empty = input.results.length - withSessions - failed;
  const what =
    lookupSubject(input.query) !== undefined
      ? `Sessions that mirror from or to ${truncate(lookupSubject(input.query) ?? '', 60)}`
      : 'Traffic mirror sessions';
  const text = escapeMrkdwn(
    `${what} across ${plural(input.results.length, 'region')}: ${withSessions} with sessions, ${empty} empty, ${failed} failed`,
  );
  return { text, blocks };
}
