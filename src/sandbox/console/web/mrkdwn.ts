/**
 * mrkdwn and plain_text -> HTML. Escape first, format after: control sequences, code and emoji are held aside as
 * finished HTML while the remaining (already escaped) text gets bold/italic/strike, quotes and line breaks.
 */
import type { TextObject } from '@slack/types';
import { type Clock, formatDate } from './dates';
import { emojify } from './emoji';
import { decode, esc, has, isObject, safeHref } from './html';

/** Who and what mentions resolve to. */
export interface Directory extends Clock {
  users?: Readonly<Record<string, { name: string }>> | undefined;
  channels?: Readonly<Record<string, { name: string }>> | undefined;
}

export interface MrkdwnOptions extends Directory {
  /** Slack's `verbatim`: no automatic links. */
  verbatim?: boolean;
}

// Held HTML is marked by two control characters, removed from the input first so no text can forge a mark.
const HOLD_OPEN = '\u0001';
const HOLD_CLOSE = '\u0002';
const MARKS = new RegExp(`[${HOLD_OPEN}${HOLD_CLOSE}]`, 'g');
const HELD = new RegExp(`${HOLD_OPEN}(\\d+)${HOLD_CLOSE}`, 'g');
const BARE_URL = new RegExp(`(^|[\\s(])(https?:\\/\\/[^\\s${HOLD_OPEN}]+[^\\s${HOLD_OPEN}.,;:!?)'])`, 'g');
const TICKS = '```';

/** A place to park finished HTML while the text around it is formatted. */
function holder(): { hold: (html: string) => string; release: (text: string) => string } {
  const held: string[] = [];
  return {
    hold(html) {
      held.push(html);
      return HOLD_OPEN + (held.length - 1) + HOLD_CLOSE;
    },
    release(text) {
      return text.replace(HELD, (_m, n: string) => held[Number(n)] ?? '');
    },
  };
}

export function lookupUser(options: Directory | undefined, id: string): string {
  const users = options?.users;
  const u = users && has(users, id) ? users[id] : undefined;
  return u?.name ? u.name : id;
}

export function lookupChannel(options: Directory | undefined, id: string): string {
  const channels = options?.channels;
  const c = channels && has(channels, id) ? channels[id] : undefined;
  return c?.name ? c.name : id;
}

function splitControl(inner: string): { target: string; label: string | null } {
  const bar = inner.indexOf('|');
  return bar >= 0 ? { target: inner.slice(0, bar), label: inner.slice(bar + 1) } : { target: inner, label: null };
}

function dateToken(parts: string[], label: string | null, options: Directory): string {
  const seconds = Number(parts[1]);
  const fallback = label !== null ? decode(label) : '';
  const format = parts[2];
  if (!Number.isFinite(seconds) || format === undefined) return esc(fallback);
  let text: string;
  try {
    text = formatDate(seconds, decode(format), options);
  } catch {
    text = fallback;
  }
  const title = new Date(seconds * 1000).toISOString();
  const html = `<span class="sk-date" data-testid="date-token" data-ts="${esc(String(seconds))}" title="${esc(title)}">${esc(text)}</span>`;
  const dateLink = parts[3] ? safeHref(decode(parts[3])) : null;
  return dateLink ? `<a href="${esc(dateLink)}" target="_blank" rel="noopener noreferrer">${html}</a>` : html;
}

/** One <...> control sequence -> HTML (escaped). */
function controlSequence(inner: string, options: Directory): string {
  const { target, label } = splitControl(inner);
  const first = target.charAt(0);
  if (first === '@') {
    const name = label !== null ? label : lookupUser(options, target.slice(1));
    return `<span class="sk-mention" data-testid="mention">@${esc(decode(name.replace(/^@/, '')))}</span>`;
  }
  if (first === '#') {
    const channel = label !== null ? label : lookupChannel(options, target.slice(1));
    return `<span class="sk-mention sk-channel-mention">#${esc(decode(channel))}</span>`;
  }
  if (first === '!') {
    const parts = target.slice(1).split('^');
    const cmd = parts[0] ?? '';
    if (cmd === 'here' || cmd === 'channel' || cmd === 'everyone')
      return `<span class="sk-mention sk-broadcast">@${cmd}</span>`;
    if (cmd === 'subteam') return `<span class="sk-mention">${esc(decode(label || '@group'))}</span>`;
    if (cmd === 'date') return dateToken(parts, label, options);
    return esc(decode(label || ''));
  }
  const url = decode(target);
  const href = safeHref(url);
  const shown = decode(label !== null ? label : url.replace(/^mailto:/i, ''));
  if (!href) return esc(shown);
  return `<a class="sk-link" href="${esc(href)}" target="_blank" rel="noopener noreferrer">${esc(shown)}</a>`;
}

/** How a control sequence reads as plain text (inside code). */
function controlPlain(inner: string, options: Directory): string {
  const { target, label } = splitControl(inner);
  if (label !== null) return target.charAt(0) === '@' || target.charAt(0) === '#' ? target.charAt(0) + label : label;
  if (target.charAt(0) === '@') return `@${lookupUser(options, target.slice(1))}`;
  if (target.charAt(0) === '#') return `#${lookupChannel(options, target.slice(1))}`;
  if (target.charAt(0) === '!') return `@${target.slice(1).split('^')[0]}`;
  return target;
}

function plainCode(raw: string, options: Directory): string {
  return esc(decode(raw.replace(/<([^<>\n]+)>/g, (_m, inner: string) => controlPlain(inner, options))));
}

const BOUNDARY_BEFORE = `(^|[\\s(\\[{"'${HOLD_CLOSE}>.,;:!?/-])`;
const BOUNDARY_AFTER = `(?=$|[\\s)\\]}"'${HOLD_OPEN}<.,;:!?/-])`;
const emphasis = (mark: string): RegExp =>
  new RegExp(`${BOUNDARY_BEFORE}\\${mark}(?!\\s)([^${mark}\\n]*?[^\\s${mark}])\\${mark}${BOUNDARY_AFTER}`, 'g');
const BOLD = emphasis('*');
const ITALIC = emphasis('_');
const STRIKE = emphasis('~');

/** Lines starting with ">" become block quotes. */
function quotes(html: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = (): void => {
    if (quote.length) out.push(`<blockquote class="sk-quote">${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of html.split('\n')) {
    const m = /^&gt;\s?(.*)$/.exec(line);
    if (m) {
      quote.push(m[1] ?? '');
    } else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out
    .join('\n')
    .replace(/\n/g, '<br>')
    .replace(/<\/blockquote><br>/g, '</blockquote>');
}

export function mrkdwn(text: unknown, options: MrkdwnOptions = {}): string {
  const { hold, release } = holder();
  const src = String(text ?? '').replace(MARKS, '');
  // Pre-formatted blocks.
  const parts = src.split(TICKS);
  let staged = '';
  parts.forEach((part, i) => {
    if (i % 2 === 1 && i < parts.length - 1) {
      staged += hold(`<pre class="sk-pre" data-testid="pre">${plainCode(part.replace(/^\n/, ''), options)}</pre>`);
    } else {
      staged += (i % 2 === 1 ? TICKS : '') + part;
    }
  });
  // Inline code.
  staged = staged.replace(/`([^`\n]+)`/g, (_m, code: string) =>
    hold(`<code class="sk-code">${plainCode(code, options)}</code>`),
  );
  // Control sequences: links, mentions, dates. A raw "<" only ever starts one.
  staged = staged.replace(/<([^<>\n]*)>/g, (_m, inner: string) => hold(controlSequence(inner, options)));
  // What is left is text: decode Slack's entities once, then escape for HTML.
  let html = emojify(esc(decode(staged)), hold);
  if (!options.verbatim) {
    html = html.replace(
      BARE_URL,
      (_m, pre: string, url: string) =>
        pre + hold(`<a class="sk-link" href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`),
    );
  }
  html = html.replace(BOLD, '$1<b>$2</b>').replace(ITALIC, '$1<i>$2</i>').replace(STRIKE, '$1<s>$2</s>');
  return release(quotes(html));
}

/** plain_text: literal, except emoji (unless `emoji` is false) and line breaks. */
export function plain(text: unknown, emoji?: boolean): string {
  const { hold, release } = holder();
  let html = esc(String(text ?? '').replace(MARKS, ''));
  if (emoji !== false) html = emojify(html, hold);
  return release(html.replace(/\n/g, '<br>'));
}

export function textObject(obj: TextObject | undefined, options?: Directory): string {
  if (!isObject(obj)) return '';
  if (obj.type === 'mrkdwn')
    return mrkdwn(obj.text, {
      users: options?.users,
      channels: options?.channels,
      timeZone: options?.timeZone,
      now: options?.now,
      verbatim: obj.verbatim === true,
    });
  return plain(obj.text, obj.emoji);
}
