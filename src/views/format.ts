/** Small shared pieces of wording and Block Kit used by every view. Pure. */
import type { Button, MrkdwnElement, PlainTextElement } from '@slack/types';
import { formatDistanceStrict } from 'date-fns';
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

export function enabledText(enabled: boolean): string {
  return enabled ? `${Cue.enabled} Enabled` : `${Cue.disabled} *Disabled*`;
}

/** Cue and word for TrafficMirrorSessionStatus; Created is the quiet normal case. */
export function statusText(status: string): string {
  switch (status) {
    case 'Created':
      return 'Created';
    case 'Creating':
    case 'Modifying':
      return `${Cue.pending} *${status}*`;
    case 'Deleting':
      return `${Cue.deleting} *Deleting*`;
    default:
      return `${Cue.unknownStatus} *${escapeTruncated(oneLine(status || 'unknown status'), 40)}*`;
  }
}

/** Cue and word for TrafficMirrorSessionBusinessStatus; Normal is the quiet normal case. */
export function businessStatusText(businessStatus: string): string {
  if (businessStatus === 'Normal' || businessStatus === '') return 'Normal';
  if (businessStatus === 'FinancialLocked')
    return `${Cue.locked} *FinancialLocked* — overdue payment, traffic not mirrored`;
  return `${Cue.warning} *${escapeTruncated(oneLine(businessStatus), 40)}*`;
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
  `${CompactCue.enabled} enabled · ${CompactCue.disabled} disabled · ${CompactCue.pending} creating/modifying · ` +
  `${CompactCue.deleting} deleting · ${CompactCue.locked} FinancialLocked (overdue payment, not mirrored)`;

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
