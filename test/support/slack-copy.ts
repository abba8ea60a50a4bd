/**
 * What a person copies out of a message: the text of its code blocks and code spans as the sandbox console renders
 * Slack's mrkdwn (the same rules: entities undone, nothing formatted inside code). A block is preformatted, so it
 * copies as it is; a span is not, so runs of whitespace copy as one space, as a browser gives them.
 */
import { mrkdwn } from '../../src/sandbox/console/web/mrkdwn';

function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) =>
      name === 'amp' ? '&' : name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : "'",
    );
}

/** The text of each ``` block in a mrkdwn text, in order. */
export function copiedBlocks(text: string): string[] {
  const html = mrkdwn(text);
  return [...html.matchAll(/<pre class="sk-pre"[^>]*>([\s\S]*?)<\/pre>/g)].map((m) => htmlText(m[1] ?? ''));
}

/** The text of each inline code span in a mrkdwn text, in order. */
export function copiedSpans(text: string): string[] {
  const html = mrkdwn(text);
  return [...html.matchAll(/<code class="sk-code">([\s\S]*?)<\/code>/g)].map((m) =>
    htmlText(m[1] ?? '').replace(/\s+/g, ' '),
  );
}
