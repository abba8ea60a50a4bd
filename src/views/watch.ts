/**
 * Watch messages: what changed, the confirmation, a channel's watch list, and the notices about failing, recovered
 * and paused watches. Pure: data in, blocks out. Every name, id and status comes from a user or the cloud, so all
 * of it is escaped.
 */
import type { KnownBlock } from '@slack/types';
import type { FieldChange, SessionChange, WatchedSession } from '../watch/diff';
import { button, Cue, code, DEFAULT_COMMAND, mrkdwn, nameText, plural, relativeTime, utcText } from './format';
import { MESSAGE_BLOCKS_MAX, MESSAGE_TEXT_BUDGET, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './surface';
import { userMention } from './surface';
import { escapeTruncated, oneLine, truncate } from './text';
import { WatchActionId } from './watch-action-ids';

/** What the views need to know about a watch (a subset of the stored Watch, so tests and callers stay small). */
export interface WatchInfo {
  id: string;
  /** The watching channel; Home, which lists one person's watches across channels, names it. */
  channel?: string;
  account: string | undefined;
  region: string;
  query: string;
  creator: string;
  createdAt: Date;
  paused?: { reason: string; at: Date } | undefined;
}

/** Sessions named one by one in a change message; the rest are counted. */
export const CHANGES_SHOWN_MAX = 40;
/** Watches listed one by one in a channel's list (each is a block); the rest are counted. */
export const WATCHES_SHOWN_MAX = 40;
/** One session's line never takes more than this, so one odd session cannot crowd out the rest. */
const CHANGE_LINE_MAX = 900;
/** Fallback (notification) text. */
const FALLBACK_MAX = 600;

/** Slack's date token, shown in the reader's own time zone (format.ts keeps its own private copy). */
function dateToken(date: Date): string {
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${utcText(date)}>`;
}

/** "5 minutes", "90 seconds", "1 hour": how often a watch polls. */
export function intervalText(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0 && seconds >= 120) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** `cn-hongkong tag:env=prod`, with the account when it is not the default. */
function watchedText(watch: Pick<WatchInfo, 'account' | 'query'>): string {
  const account = watch.account === undefined ? '' : ` in account ${code(watch.account, 64)}`;
  return `${code(watch.query, 400)}${account}`;
}

function unwatchHint(id: string): string {
  return `Stop with ${code(`${DEFAULT_COMMAND} unwatch ${id}`, 80)}`;
}

function sessionLabel(session: WatchedSession): string {
  return `${nameText(session.name, 80)} ${code(session.id, 64)}`;
}

function number(value: number | null): string {
  return value === null ? 'none' : String(value);
}

function ids(list: readonly string[]): string {
  const shown = list.slice(0, 10).map((id) => code(id, 64));
  const more = list.length > shown.length ? ` and ${list.length - shown.length} more` : '';
  return shown.join(', ') + more;
}

function word(text: string): string {
  return escapeTruncated(oneLine(text) || 'unknown', 40);
}

/** One field's change in plain words. */
function fieldChangeText(change: FieldChange): string {
  switch (change.kind) {
    case 'enabled':
      return change.to ? `${Cue.enabled} *enabled*` : `${Cue.disabled} *disabled*`;
    case 'status':
      return `status ${word(change.from)} → *${word(change.to)}*`;
    case 'businessStatus':
      if (change.to === 'FinancialLocked') {
        return `${Cue.locked} *FinancialLocked* (overdue payment: traffic is not mirrored)`;
      }
      if (change.from === 'FinancialLocked') return `no longer FinancialLocked (now ${word(change.to)})`;
      return `business status ${word(change.from)} → *${word(change.to)}*`;
    case 'sources': {
      const parts: string[] = [];
      if (change.added.length > 0) parts.push(`sources added ${ids(change.added)}`);
      if (change.removed.length > 0) parts.push(`sources removed ${ids(change.removed)}`);
      return parts.join('; ');
    }
    case 'target':
      return `target ${code(change.from, 64)} → ${code(change.to, 64)}`;
    case 'filter':
      return `filter ${code(change.from, 64)} → ${code(change.to, 64)}`;
    case 'priority':
      return `priority ${number(change.from)} → ${number(change.to)}`;
    case 'vni':
      return `VNI ${number(change.from)} → ${number(change.to)}`;
    case 'name':
      return `renamed from ${nameText(change.from, 80)}`;
  }
}

/** One session's line: who it is and everything that happened to it. */
export function changeLine(change: SessionChange): string {
  const who = sessionLabel(change.session);
  let line: string;
  switch (change.kind) {
    case 'appeared': {
      const s = change.session;
      const state = s.enabled ? 'enabled' : 'disabled';
      line = `:new: ${who} appeared: ${state}, ${plural(s.sources.length, 'source')} → ${code(s.target, 64)}`;
      break;
    }
    case 'disappeared':
      line = `:ghost: ${who} disappeared`;
      break;
    case 'changed':
      line = `:pencil2: ${who}: ${change.changes.map(fieldChangeText).join('; ')}`;
      break;
  }
  return truncate(line, CHANGE_LINE_MAX);
}

/** Short words for the notification text, which shows no formatting. */
function fallbackWords(change: SessionChange): string {
  const name = oneLine(change.session.name) || change.session.id;
  if (change.kind !== 'changed') return `${name} ${change.kind}`;
  const kinds = change.changes.map((c) =>
    c.kind === 'enabled' ? (c.to ? 'enabled' : 'disabled') : c.kind === 'businessStatus' ? c.to : `${c.kind} changed`,
  );
  return `${name} ${kinds.join(', ')}`;
}

export interface ChangesInput {
  watch: Pick<WatchInfo, 'id' | 'account' | 'query'>;
  changes: readonly SessionChange[];
  checkedAt: Date;
  /** Value for the "List sessions" button (the listener's own encoding of the query); no button when absent. */
  listValue?: string;
}

/** Packs lines into as few sections as fit Slack's per-section limit. */
function sections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > SECTION_TEXT_MAX) {
      blocks.push({ type: 'section', text: mrkdwn(current) });
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') blocks.push({ type: 'section', text: mrkdwn(current) });
  return blocks;
}

/**
 * The one message a poll with changes posts: each session and what changed, as many as fit (at most
 * CHANGES_SHOWN_MAX, and within the message text budget), then "and N more" with a way to see the whole list.
 */
export function watchChangesMessage(input: ChangesInput): SlackMessage {
  const { watch, changes } = input;
  const head = `:eyes: ${plural(changes.length, 'session')} changed in ${watchedText(watch)}`;
  const foot = `Checked ${dateToken(input.checkedAt)} · watch ${code(watch.id, 20)} · ${unwatchHint(watch.id)}`;
  // Room for the head, the foot, an "and N more" line and the button, with a margin.
  let budget = MESSAGE_TEXT_BUDGET - head.length - foot.length - 400;
  const lines: string[] = [];
  for (const change of changes) {
    if (lines.length >= CHANGES_SHOWN_MAX) break;
    const line = changeLine(change);
    if (line.length + 1 > budget) break;
    budget -= line.length + 1;
    lines.push(line);
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(head) }, ...sections(lines)];
  const hidden = changes.length - lines.length;
  if (hidden > 0) {
    const how = input.listValue === undefined ? `: run ${code(`${DEFAULT_COMMAND} ${watch.query}`, 400)}` : '';
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`…and ${plural(hidden, 'more session')} changed${how}`)],
    });
  }
  if (input.listValue !== undefined) {
    blocks.push({
      type: 'actions',
      elements: [button('List sessions', WatchActionId.ListQuery, input.listValue)],
    });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(foot)] });
  const summary = changes.slice(0, 5).map(fallbackWords).join('; ');
  const more = changes.length > 5 ? ` and ${changes.length - 5} more` : '';
  return {
    text: escapeTruncated(`${changes.length} changed in ${watch.query}: ${summary}${more}`, FALLBACK_MAX),
    blocks: blocks.slice(0, MESSAGE_BLOCKS_MAX),
  };
}

export interface CreatedInput {
  watch: Pick<WatchInfo, 'id' | 'account' | 'query'>;
  intervalSeconds: number;
}

/** The answer to `/mirrors watch …`: what is watched, how often, what counts as a change, and how to stop. */
export function watchCreatedMessage(input: CreatedInput): SlackMessage {
  const { watch } = input;
  const every = intervalText(input.intervalSeconds);
  return {
    text: escapeTruncated(`Watching ${watch.query} in this channel, every ${every}.`, FALLBACK_MAX),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:eyes: This channel now watches ${watchedText(watch)}, checked every ${every}.\n` +
            'It hears when a session appears or disappears, is enabled or disabled, changes status or business ' +
            'status (FinancialLocked), or changes its sources, target, filter, priority or VNI. ' +
            'Nothing is posted when nothing changed.',
        ),
      },
      {
        type: 'context',
        elements: [
          mrkdwn(
            `Watch ${code(watch.id, 20)} · ${unwatchHint(watch.id)} · all watches here: ${code(`${DEFAULT_COMMAND} watches`, 40)}`,
          ),
        ],
      },
    ],
  };
}

/** What the list shows about a watch's polling (from the shared query state). */
export interface WatchListEntry {
  watch: WatchInfo;
  lastCheck: Date | undefined;
  lastChange: Date | undefined;
  /** Polls failed in a row. */
  failures: number;
}

function whenText(date: Date | undefined, now: Date, never: string): string {
  return date === undefined ? never : relativeTime(date, now);
}

/** The Remove button's value for a watch: the listener's own signed encoding of its id. */
export type RemoveValue = (watchId: string) => string;

function entryBlock(entry: WatchListEntry, now: Date, removeValue: RemoveValue): KnownBlock {
  const { watch } = entry;
  const state: string[] = [
    `created by ${userMention(watch.creator)} ${relativeTime(watch.createdAt, now)}`,
    `last check ${whenText(entry.lastCheck, now, 'not yet')}`,
    `last change ${whenText(entry.lastChange, now, 'none seen')}`,
  ];
  let status = '';
  if (watch.paused) status = `\n${Cue.warning} *Paused:* ${escapeTruncated(oneLine(watch.paused.reason), 300)}`;
  else if (entry.failures > 0) status = `\n${Cue.warning} the last ${plural(entry.failures, 'check')} failed`;
  return {
    type: 'section',
    text: mrkdwn(`${watchedText(watch)} · ${code(watch.id, 20)}\n${state.join(' · ')}${status}`),
    accessory: button('Remove', WatchActionId.Remove, removeValue(watch.id), 'danger'),
  };
}

/** `/mirrors watches`: the channel's watches, each with a Remove button. */
export function watchListMessage(
  entries: readonly WatchListEntry[],
  now: Date,
  removeValue: RemoveValue,
): SlackMessage {
  if (entries.length === 0) {
    const how = code(`${DEFAULT_COMMAND} watch REGION TERM…`, 60);
    return {
      text: 'No watches in this channel.',
      blocks: [{ type: 'section', text: mrkdwn(`No watches in this channel. Start one with ${how}.`) }],
    };
  }
  const shown = entries.slice(0, WATCHES_SHOWN_MAX);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`:eyes: *${plural(entries.length, 'watch', 'watches')} in this channel*`) },
    ...shown.map((entry) => entryBlock(entry, now, removeValue)),
  ];
  const hidden = entries.length - shown.length;
  const tail = hidden > 0 ? `…and ${plural(hidden, 'more watch', 'more watches')}. ` : '';
  blocks.push({
    type: 'context',
    elements: [mrkdwn(`${tail}Remove one here or with ${code(`${DEFAULT_COMMAND} unwatch ID`, 40)}.`)],
  });
  return { text: `${plural(entries.length, 'watch', 'watches')} in this channel.`, blocks };
}

export interface FailingInput {
  watch: Pick<WatchInfo, 'id' | 'account' | 'query'>;
  failures: number;
  lastCheck: Date | undefined;
  /** Why, already in safe user-facing words (the caller maps the error); nothing when unknown. */
  reason?: string;
  now: Date;
}

/** Said once, after several failed checks in a row. */
export function watchFailingMessage(input: FailingInput): SlackMessage {
  const since =
    input.lastCheck === undefined
      ? 'no check has succeeded yet'
      : `last good check ${relativeTime(input.lastCheck, input.now)}`;
  const why = input.reason === undefined ? '' : `\n${escapeTruncated(oneLine(input.reason), 500)}`;
  return {
    text: escapeTruncated(`Watch on ${input.watch.query} is failing: changes cannot be seen.`, FALLBACK_MAX),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `${Cue.warning} The last ${plural(input.failures, 'check')} of ${watchedText(input.watch)} failed (${since}). ` +
            `Changes are not being seen; checks continue, less often, and this channel hears when they work again.${why}`,
        ),
      },
      { type: 'context', elements: [mrkdwn(`Watch ${code(input.watch.id, 20)} · ${unwatchHint(input.watch.id)}`)] },
    ],
  };
}

/** After a failing notice: checks work again. */
export function watchRecoveredMessage(
  watch: Pick<WatchInfo, 'id' | 'account' | 'query'>,
  checkedAt: Date,
): SlackMessage {
  return {
    text: escapeTruncated(`Watch on ${watch.query} works again.`, FALLBACK_MAX),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `${Cue.enabled} Checks of ${watchedText(watch)} work again (${dateToken(checkedAt)}). ` +
            'Changes from now on are reported as usual.',
        ),
      },
    ],
  };
}

/** Said once, when a notification was refused because the channel lost access. */
export function watchPausedMessage(watch: Pick<WatchInfo, 'id' | 'account' | 'query'>, reason: string): SlackMessage {
  return {
    text: escapeTruncated(`Watch on ${watch.query} is paused: this channel lost access.`, FALLBACK_MAX),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `${Cue.warning} *Paused:* this channel lost access to ${watchedText(watch)}, so the watch stopped ` +
            `(${escapeTruncated(oneLine(reason), 500)}).`,
        ),
      },
      {
        type: 'context',
        elements: [
          mrkdwn(
            `Watch ${code(watch.id, 20)} · it resumes by itself, and says so here, once access is restored; ` +
              `or ${unwatchHint(watch.id).toLowerCase()}`,
          ),
        ],
      },
    ],
  };
}

/** Said once, when a paused watch's access returned: it notifies again. */
export function watchResumedMessage(watch: Pick<WatchInfo, 'id' | 'account' | 'query'>): SlackMessage {
  return {
    text: escapeTruncated(`Watch on ${watch.query} resumed: this channel has access again.`, FALLBACK_MAX),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `${Cue.enabled} *Resumed:* this channel has access to ${watchedText(watch)} again. ` +
            'Changes from now on are reported as usual.',
        ),
      },
      { type: 'context', elements: [mrkdwn(`Watch ${code(watch.id, 20)} · ${unwatchHint(watch.id)}`)] },
    ],
  };
}

/** A list's way to start a watch of what it shows, in this conversation. */
export function watchQueryButton(value: string) {
  return button('Watch this query', WatchActionId.WatchQuery, value);
}

/** `/mirrors watch` or "Watch this query" for a query this channel already watches: nothing new is made. */
export function alreadyWatchingMessage(watch: Pick<WatchInfo, 'id' | 'account' | 'query'>): SlackMessage {
  return {
    text: escapeTruncated(`This channel already watches ${watch.query}.`, FALLBACK_MAX),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(`This channel already watches ${watchedText(watch)} (watch ${code(watch.id, 20)}).`),
      },
      { type: 'context', elements: [mrkdwn(unwatchHint(watch.id))] },
    ],
  };
}

/** The answer to `/mirrors unwatch ID` and the Remove button. */
export function watchRemovedMessage(watch: Pick<WatchInfo, 'id' | 'account' | 'query'>): SlackMessage {
  return {
    text: escapeTruncated(`Stopped watching ${watch.query}.`, FALLBACK_MAX),
    blocks: [
      { type: 'section', text: mrkdwn(`Stopped watching ${watchedText(watch)} (watch ${code(watch.id, 20)}).`) },
    ],
  };
}

/** Home lists this many of the person's watches; the rest are counted. */
const HOME_WATCHES_SHOWN = 15;

/**
 * "Your watches" on App Home: the watches this person made, in whichever channel, in one section. Removing one
 * happens in its channel (the list there has Remove), since a channel's watches are the channel's business.
 */
export function homeWatchesBlocks(entries: readonly WatchListEntry[], now: Date): KnownBlock[] {
  if (entries.length === 0) return [];
  const lines = entries.slice(0, HOME_WATCHES_SHOWN).map(({ watch, lastCheck, lastChange, failures }) => {
    // Ids come from Slack's payloads; anything else is left out rather than put inside a mention.
    const where =
      watch.channel !== undefined && /^[CDG][A-Z0-9]{2,30}$/.test(watch.channel) ? ` in <#${watch.channel}>` : '';
    const state = watch.paused
      ? `${Cue.warning} paused`
      : failures > 0
        ? `${Cue.warning} last ${plural(failures, 'check')} failed`
        : `checked ${whenText(lastCheck, now, 'not yet')}, last change ${whenText(lastChange, now, 'none seen')}`;
    return `• ${watchedText(watch)}${where} · ${code(watch.id, 20)} · ${state}`;
  });
  // As many whole lines as fit one section, with room kept for the count of the rest.
  const shown: string[] = [];
  let room = SECTION_TEXT_MAX - 100;
  for (const line of lines) {
    if (line.length + 1 > room) break;
    room -= line.length + 1;
    shown.push(line);
  }
  const hidden = entries.length - shown.length;
  if (hidden > 0) shown.push(`…and ${plural(hidden, 'more watch', 'more watches')}`);
  return [
    { type: 'section', block_id: 'mirrors_home_watches', text: mrkdwn(`*Your watches*\n${shown.join('\n')}`) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Remove one with ${code(`${DEFAULT_COMMAND} watches`, 40)} or ${code(`${DEFAULT_COMMAND} unwatch ID`, 40)} in its channel.`,
        ),
      ],
    },
  ];
}
