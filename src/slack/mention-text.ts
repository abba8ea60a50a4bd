/** What a person typed in a mention, recovered from the markup Slack puts in an event's text. */

/**
 * The command text of a mention: every mention of the bot removed, wherever it is. Without the bot's id, the
 * leading mention is taken to be the bot's (an app_mention's text normally starts with it).
 */
export function mentionText(text: string, botUserId: string | undefined): string {
  const mention = (id: string) => new RegExp(`<@${id}(?:\\|[^>]*)?>`, 'g');
  const stripped = botUserId
    ? text.replace(mention(botUserId), ' ')
    : text.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/, ' ');
  return unlink(stripped).trim();
}

/**
 * Slack rewrites what people type in messages: `db.example.com` arrives as `<http://db.example.com|db.example.com>`,
 * `@alice` as `<@U123>`, `#ops` as `<#C123|ops>`. A filter must see what was typed, not the markup (and a name
 * rule such as "no http://" must not be dodged by it), so the markup goes back to the text it stands for.
 */
function unlink(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]*)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]*)>/g, '$1')
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<([@#!][^|>]*)\|([^>]*)>/g, '$2')
    .replace(/<([@#][A-Z0-9]+)>/g, '$1');
}
