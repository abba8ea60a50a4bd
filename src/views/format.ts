/** Small shared pieces of wording and Block Kit used by every view. Pure. */
import type { Button, MrkdwnElement, PlainTextElement } from '@slack/types';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import type { MirrorSession } from '../cloud/types';
import { BUTTON_TEXT_MAX, BUTTON_VALUE_MAX } from './limits';
import { escapeTruncated, oneLine, truncate } from './text';

export const DEFAULT_COMMAND = '/mirrors';

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

export function plain(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

export function button(
  text: string,
  actionId: string,
  value: string | undefined,
  style?: 'primary' | 'danger',
): Button {
  const b: Button = { type: 'button', text: plain(truncate(text, BUTTON_TEXT_MAX)), action_id: actionId };
  if (value !== undefined) b.value = value.slice(0, BUTTON_VALUE_MAX);
  if (style) b.style = style;
  return b;
}

/**
 * Escaped text inside a code span, the escaped text cut to `max`. A backtick in the text would end the span early
 * (and let the rest be read as mrkdwn), so it is shown as the look-alike U+02CB.
 */
export function code(raw: string, max = 200): string {
  return `\`${escapeTruncated(oneLine(raw).replace(/`/g, '\u02cb'), max)}\``;
}

// ---- time ----------------------------------------------------------------------------------------------------

/** "3 days ago" (or "in 2 hours" for a clock that runs ahead); "just now" under 10 s. */
export function relativeTime(date: Date, now: Date): string {
  if (Math.abs(now.getTime() - date.getTime()) < 10_000) return 'just now';
  return formatDistanceStrict(date, now, { addSuffix: true });
}

/** "2023-09-05 15:26 UTC" — the fallback shown by clients that cannot render a date token. */
export function utcText(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Slack's date token: renders in the reader's own time zone. */
function dateToken(date: Date): string {
  const unix = Math.floor(date.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${utcText(date)}>`;
}

/** "3 days ago (<!date…>)", or the raw creation text when it could not be parsed. */
export function createdText(session: MirrorSession, now: Date): string {
  if (session.createdAt && !Number.isNaN(session.createdAt.getTime())) {
    return `${relativeTime(session.createdAt, now)} (${dateToken(session.createdAt)})`;
  }
  return session.creationTimeRaw ? escapeTruncated(oneLine(session.creationTimeRaw), 40) : 'unknown';
}

// ---- status cues ---------------------------------------------------------------------------------------------

export const Cue = {
  enabled: ':large_green_circle:',
  disabled: ':white_circle:',
  pending: ':hourglass_flowing_sand:',
  deleting: ':wastebasket:',
  unknownStatus: ':grey_question:',
  locked: ':lock:',
  warning: ':warning:',
} as const;

/** The same cues as single Unicode characters, for the compact layout where every character counts. */
const CompactCue = {
  enabled: '🟢',
  disabled: '⚪',
  pending: '⏳',
  deleting: '🗑',
  unknownStatus: '❔',
  locked: '🔒',
} as const;

/** Why a session needs someone to look at it, in plain words; none for a healthy, enabled session. */
export type Attention = 'locked' | 'disabled' | 'changing' | 'other';

export function attentionOf(session: MirrorSession): Attention[] {
  const found: Attention[] = [];
  if (session.businessStatus === 'FinancialLocked') found.push('locked');
  else if (session.businessStatus !== 'Normal' && session.businessStatus !== '') found.push('other');
  if (!session.enabled) found.push('disabled');
  if (session.status === 'Creating' || session.status === 'Modifying' || session.status === 'Deleting')
    found.push('changing');
  else if (session.status !== 'Created' && !found.includes('other')) found.push('other');
  return found;
}

/** "Being created…" for Creating, Modifying and Deleting; the API's word, escaped, for anything else. */
function stateWords(session: MirrorSession): string {
  switch (session.status) {
    case 'Creating':
      return 'Being created…';
    case 'Modifying':
      return 'Being changed…';
    case 'Deleting':
      return 'Being deleted…';
    default:
      return escapeTruncated(oneLine(session.status || 'unknown state'), 40);
  }
}

/**
 * The exceptions of a session, most serious first, each a cue and plain words: "Locked (overdue payment)",
 * "Disabled", "Being created…". Empty for a session that mirrors as it should.
 */
function exceptionWords(
  session: MirrorSession,
  cue: (kind: keyof typeof CompactCue) => string,
  bold: (words: string) => string,
): string[] {
  const words: string[] = [];
  if (session.businessStatus === 'FinancialLocked') words.push(`${cue('locked')} ${bold('Locked (overdue payment)')}`);
  else if (session.businessStatus !== 'Normal' && session.businessStatus !== '')
    words.push(`${cue('unknownStatus')} ${bold(escapeTruncated(oneLine(session.businessStatus), 40))}`);
  if (!session.enabled) words.push(`${cue('disabled')} ${bold('Disabled')}`);
  if (session.status !== 'Created') {
    const kind =
      session.status === 'Deleting' ? 'deleting' : session.status.endsWith('ing') ? 'pending' : 'unknownStatus';
    words.push(`${cue(kind)} ${bold(stateWords(session))}`);
  }
  return words;
}

/** A card's and the Details modal's status line: ":large_green_circle: Mirroring", or only the exceptions. */
export function statusLine(session: MirrorSession): string {
  const words = exceptionWords(
    session,
    (kind) => Cue[kind],
    (w) => `*${w}*`,
  );
  if (words.length === 0) return `${Cue.enabled} Mirroring`;
  const line = words.join(' · ');
  return session.businessStatus === 'FinancialLocked' ? `${line} — traffic not mirrored` : line;
}

/**
 * The status that leads a one-line row: a green dot alone when all is well, else the exceptions in plain words and
 * a colon, so they do not run into the (bold) name: "🔒 Locked (overdue payment) · ⚪ Disabled:".
 */
export function rowStatus(session: MirrorSession): string {
  const words = exceptionWords(
    session,
    (kind) => CompactCue[kind],
    (w) => w,
  );
  return words.length === 0 ? CompactCue.enabled : `${words.join(' · ')}:`;
}

/** The compact cue: lock / status first (when not normal), then enabled or disabled. */
export function compactCue(session: MirrorSession): string {
  let cue = '';
  if (session.businessStatus === 'FinancialLocked') cue += CompactCue.locked;
  if (session.status === 'Creating' || session.status === 'Modifying') cue += CompactCue.pending;
  else if (session.status === 'Deleting') cue += CompactCue.deleting;
  else if (session.status !== 'Created') cue += CompactCue.unknownStatus;
  cue += session.enabled ? CompactCue.enabled : CompactCue.disabled;
  return cue;
}

export const COMPACT_LEGEND =
  `${CompactCue.enabled} mirroring · ${CompactCue.disabled} disabled · ${CompactCue.pending} being created or changed · ` +
  `${CompactCue.deleting} being deleted · ${CompactCue.locked} locked (overdue payment, not mirrored)`;

export function targetTypeText(targetType: string): string {
  if (targetType === 'NetworkInterface') return 'ENI';
  if (targetType === 'SLB') return 'SLB';
  return targetType ? escapeTruncated(oneLine(targetType), 40) : 'unknown type';
}

/** A session's name in bold (escaped, cut), or an italic placeholder when it has none. */
export function nameText(name: string, max: number): string {
  const clean = oneLine(name);
  return clean ? `*${escapeTruncated(clean, max)}*` : '_(no name)_';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
