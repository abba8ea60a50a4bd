/**
 * What a person sees when the config file's access rules refuse a request, and the line that names the account
 * on replies of a bot with several. A refusal names the account and the region, says a rule forbids it, and
 * quotes the rules that cover that account and region, so the person knows whom to ask. Pure.
 */
import type { Refusal } from '../access/decide';
import { code, mrkdwn } from './format';
import type { SlackMessage } from './surface';

const MAX_RULES_QUOTED = 5;

export function accessDeniedMessage(refusal: Refusal): SlackMessage {
  const where = `${code(refusal.account, 40)} / ${code(refusal.region, 40)}`;
  const lines = [
    `:no_entry: You may not see account ${where} from here: an access rule of this bot's config file forbids it. Nothing was asked of the cloud.`,
  ];
  if (refusal.nearRules.length > 0) {
    const quoted = refusal.nearRules.slice(0, MAX_RULES_QUOTED).map((r) => code(r, 60));
    const more = refusal.nearRules.length > MAX_RULES_QUOTED ? ', …' : '';
    lines.push(`Rules that cover it, for other people or places: ${quoted.join(', ')}${more}. Ask whoever keeps them.`);
  } else {
    lines.push('No rule covers that account and region for anyone. Ask whoever keeps the config file.');
  }
  if (refusal.usergroupsUnavailable) {
    lines.push(
      'Slack did not say which user groups you are in just now, so rules that name user groups could not match; try again in a minute.',
    );
  }
  const text = lines.join('\n');
  return {
    text: `You may not see ${refusal.account} / ${refusal.region} from here: an access rule forbids it.`,
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}

/** An account a button names that the config file no longer has. */
export function unknownAccountMessage(account: string): SlackMessage {
  const text = `:grey_question: This bot no longer has an account ${code(account, 40)}; ask again with \`account:NAME\`.`;
  return { text: `No account ${account}.`, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/** The small print on replies of a bot with several accounts. */
export function accountNote(account: string): string {
  return `:bank: Account ${code(account, 40)}`;
}

/** Under an `all` answer: the regions a rule kept out of it. */
export function skippedNote(account: string, regions: readonly string[]): string {
  const list = regions
    .slice(0, 10)
    .map((r) => code(r, 40))
    .join(', ');
  const more = regions.length > 10 ? `, and ${regions.length - 10} more` : '';
  return `:no_entry: Not shown: ${list}${more} of account ${code(account, 40)}; an access rule forbids them here.`;
}
