/** Text from users and the cloud, made safe for mrkdwn and cut to a limit without breaking an entity. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escape text from a user or the cloud for mrkdwn: `&`, `<` and `>`, and nothing else. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
}

const ELLIPSIS = '…';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cut `text` to at most `max` characters, ending with an ellipsis when cut. Never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  if (max === 1) return ELLIPSIS;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/**
 * Escape raw text for mrkdwn and cut it so that the *escaped* result has at most `max` characters. Cuts the raw
 * text, so an entity like `&amp;` is never split.
 */
export function escapeTruncated(text: string, max: number): string {
  if (max <= 0) return '';
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  const budget = max - ELLIPSIS.length;
  let width = 0;
  let end = 0;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    const pair = isHighSurrogate(c) && end + 1 < text.length;
    const w = pair ? 2 : c === 38 ? 5 : c === 60 || c === 62 ? 4 : 1; // & -> &amp;  < -> &lt;  > -> &gt;
    if (width + w > budget) break;
    width += w;
    end += pair ? 2 : 1;
  }
  return escapeMrkdwn(text.slice(0, end)) + ELLIPSIS;
}

/** Collapse runs of whitespace (newlines included) to one space: keeps one-line layouts one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
