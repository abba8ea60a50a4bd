/**
 * A lone UTF-16 surrogate is not text: it has no UTF-8 form, so no API request can carry it (encodeURIComponent
 * throws). Slack's own clients never send one, but a JSON payload can spell it as "\ud800".
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const WELL_FORMED_RULE =
  'a term must be valid Unicode text; this one holds a lone UTF-16 surrogate (U+D800-U+DFFF, shown as �), which no query can carry';

export function hasLoneSurrogate(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(text);
}

/** The text with each lone surrogate replaced by U+FFFD, so it can be quoted back safely. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
