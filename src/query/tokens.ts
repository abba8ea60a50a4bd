/** One whitespace-separated term: `raw` as typed (for error messages), `value` with quotes and escapes removed. */
export interface Token {
  raw: string;
  value: string;
  /** Where the term starts in the text tokenized. */
  start?: number;
}

export type Tokenized = { tokens: Token[]; unclosed?: string };

// Slack's clients turn straight quotes into smart ones; accept all three as quote marks so either works.
const QUOTES = new Set(['"', '\u201c', '\u201d']);

function isQuote(ch: string): boolean {
  return QUOTES.has(ch);
}

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

/** Slack escapes these three in command text. One pass, so `&amp;lt;` becomes `&lt;`, not `<`. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

/** The inverse of unescapeHtml for our own output: only an `&` that would be read as an entity needs escaping. */
export function protectEntities(text: string): string {
  return text.replace(/&(?=(?:amp|lt|gt);)/g, '&amp;');
}

/**
 * Splits on whitespace outside quotes. A quote may open anywhere in a term (`name:"db mirror"`). Inside quotes a
 * backslash escapes a quote mark or another backslash, so any value can be written; elsewhere it is literal.
 * An unclosed quote stops tokenizing: the rest of the text is the unclosed term.
 */
export function tokenize(text: string): Tokenized {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text.charAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let value = '';
    while (i < n && !isSpace(text.charAt(i))) {
      const ch = text.charAt(i);
      if (!isQuote(ch)) {
        value += ch;
        i++;
        continue;
      }
      i++;
      let closed = false;
      while (i < n) {
        const c = text.charAt(i);
        const next = text.charAt(i + 1);
        if (c === '\\' && (next === '\\' || isQuote(next))) {
          value += next;
          i += 2;
          continue;
        }
        i++;
        if (isQuote(c)) {
          closed = true;
          break;
        }
        value += c;
      }
      if (!closed) return { tokens, unclosed: text.slice(start) };
    }
    tokens.push({ raw: text.slice(start, i), value, start });
  }
  return { tokens };
}

/** Writes a value so that tokenize reads it back unchanged as (part of) one term. */
export function quoteValue(value: string): string {
  if (value !== '' && !/[\s"\u201c\u201d]/.test(value)) return value;
  let out = '"';
  for (const ch of value) out += ch === '\\' || isQuote(ch) ? `\\${ch}` : ch;
  return `${out}"`;
}
