/**
 * The query builder's submission, decoded: each input becomes one term of a command read by the same parser as
 * `/mirrors`, so the modal accepts exactly the queries the command does and rejects them with the same rules.
 */

import { canonicalText, parseCommand } from '../query';
import { protectEntities, quoteValue } from '../query/tokens';
import type { MirrorQuery, QueryError } from '../query/types';
import { WELL_FORMED_RULE } from '../query/unicode';
import {
  ALL_REGIONS_VALUE,
  BUILDER_ACTION,
  BUILDER_FIELD_RULES,
  BuilderBlock,
  type BuilderBlockId,
  type BuilderViewInput,
  builderAccounts,
  builderRegions,
  DESTINATION_CHANNEL,
  DESTINATION_DM,
} from '../views/query-builder';
import { truncate } from '../views/text';

/** The shape of view.state.values that the builder reads (Bolt's ViewStateValue is a superset). */
export interface BuilderStateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_conversation?: string | null;
}
export type BuilderState = Record<string, Record<string, BuilderStateValue>>;

export type BuilderDestination = { kind: 'dm' } | { kind: 'channel'; channel: string };

export type BuilderOutcome =
  | { kind: 'query'; query: MirrorQuery; text: string; destination: BuilderDestination }
  | { kind: 'errors'; errors: Record<string, string> };

function inputOf(state: BuilderState, block: BuilderBlockId): BuilderStateValue | undefined {
  return state[block]?.[BUILDER_ACTION];
}

function textOf(state: BuilderState, block: BuilderBlockId): string {
  return (inputOf(state, block)?.value ?? '').trim();
}

// Slack reports a select's choice as selected_option (a conversation as selected_conversation); `value` is also read
// so that a client that reports every input as text (the sandbox console does) still gets its choice through.
function selectedOf(state: BuilderState, block: BuilderBlockId): string | undefined {
  const input = inputOf(state, block);
  return input?.selected_option?.value ?? (input?.value || undefined);
}

/** A rule as a modal shows it: plain text, so the backticks that mark terms in mrkdwn would only be noise. */
function ruleText(error: QueryError): string {
  return truncate(error.rule.replace(/`/g, ''), 1000);
}

export const BuilderRule = {
  region: 'Pick a region from the list.',
  account: 'Pick an account from the list.',
  tagValueWithoutKey: 'A tag value needs a tag key: fill in Tag key too, or leave both empty.',
  tagKeyEquals: 'A tag key here cannot contain =: put the value in Tag value.',
  channel: 'Pick a channel, or send the result to your DM.',
} as const;

// parseCommand reads text as Slack sends it, undoing Slack's HTML escaping; typed text has none, so protect it.
function commandText(terms: readonly string[]): string {
  return protectEntities(terms.join(' '));
}

/**
 * A submission to a query, or an error per input. Each input becomes one term of a command; each term is checked
 * on its own, so an error lands under the input that caused it, and then the whole command is read once more by
 * the same parser to make the query.
 */
export function readBuilderSubmission(state: BuilderState, input: BuilderViewInput): BuilderOutcome {
  const errors: Record<string, string> = {};
  const fail = (block: BuilderBlockId, message: string): void => {
    errors[block] = errors[block] ? `${errors[block]} ${message}` : message;
  };

  const offered = builderRegions(input);
  const region = selectedOf(state, BuilderBlock.region);
  // The value came back from a client: only what the modal offered is accepted.
  const regionOk = region === ALL_REGIONS_VALUE || (region !== undefined && offered.includes(region));
  if (!regionOk) fail(BuilderBlock.region, BuilderRule.region);
  const scope = regionOk && region !== undefined ? region : (offered[0] ?? ALL_REGIONS_VALUE);
  const accounts = builderAccounts(input);
  const account = accounts.length > 0 ? selectedOf(state, BuilderBlock.account) : undefined;
  if (accounts.length > 0 && (account === undefined || !accounts.includes(account)))
    fail(BuilderBlock.account, BuilderRule.account);

  /** Reads `scope term`; puts every problem under `block`, in the form's words; true when the term is good. */
  const check = (block: BuilderBlockId, term: string): boolean => {
    const outcome = parseCommand(commandText([scope, term]));
    if (outcome.kind !== 'error') return true;
    const formRule = BUILDER_FIELD_RULES[block];
    const rules = outcome.errors.map((error) =>
      // The form's words replace the grammar's, except where the grammar names a problem the form cannot (text
      // that is not valid Unicode).
      error.code === 'invalid-value' && formRule !== undefined && error.rule !== WELL_FORMED_RULE
        ? formRule
        : ruleText(error),
    );
    for (const rule of new Set(rules)) fail(block, rule);
    return false;
  };

  const terms: string[] = [];
  const tagKey = textOf(state, BuilderBlock.tagKey);
  const tagValue = textOf(state, BuilderBlock.tagValue);
  if (tagKey === '' && tagValue !== '') fail(BuilderBlock.tagValue, BuilderRule.tagValueWithoutKey);
  else if (tagKey.includes('=')) fail(BuilderBlock.tagKey, BuilderRule.tagKeyEquals);
  else if (tagKey !== '') {
    const keyTerm = `tag:${quoteValue(tagKey)}`;
    const fullTerm = `tag:${quoteValue(`${tagKey}=${tagValue}`)}`;
    if (check(BuilderBlock.tagKey, keyTerm) && (tagValue === '' || check(BuilderBlock.tagValue, fullTerm))) {
      terms.push(tagValue === '' ? keyTerm : fullTerm);
    }
  }
  // An instance id is a bare term; anything else is read as an IP, so a typo gets the IP's rule.
  const host = textOf(state, BuilderBlock.host);
  if (host !== '') {
    const term = host.toLowerCase().startsWith('i-') ? quoteValue(host) : `ip:${quoteValue(host)}`;
    if (check(BuilderBlock.host, term)) terms.push(term);
  }
  const keyed: Array<[BuilderBlockId, string]> = [
    [BuilderBlock.name, 'name'],
    [BuilderBlock.source, 'source'],
    [BuilderBlock.target, 'target'],
    [BuilderBlock.filter, 'filter'],
    [BuilderBlock.limit, 'limit'],
  ];
  for (const [block, key] of keyed) {
    const value = textOf(state, block);
    const term = `${key}:${quoteValue(value)}`;
    if (value !== '' && check(block, term)) terms.push(term);
  }
  const enabled = selectedOf(state, BuilderBlock.enabled);
  if (enabled === 'true' || enabled === 'false') terms.push(`enabled:${enabled}`);

  const destination = selectedOf(state, BuilderBlock.destination) ?? DESTINATION_DM;
  const channelInput = inputOf(state, BuilderBlock.channel);
  const channel = channelInput?.selected_conversation ?? (channelInput?.value || undefined);
  if (destination === DESTINATION_CHANNEL && !channel) fail(BuilderBlock.channel, BuilderRule.channel);

  if (Object.keys(errors).length > 0) return { kind: 'errors', errors };

  const accountTerm = account !== undefined && accounts.includes(account) ? [`account:${account}`] : [];
  const outcome = parseCommand(commandText([scope, ...accountTerm, ...terms]));
  if (outcome.kind !== 'query') {
    // Each term passed alone, so only a combination can fail here; the region input is the one place to say so.
    const rules = outcome.kind === 'error' ? outcome.errors.map(ruleText).join(' ') : 'The query could not be read.';
    return { kind: 'errors', errors: { [BuilderBlock.region]: truncate(rules, 1000) } };
  }
  return {
    kind: 'query',
    query: outcome.query,
    text: canonicalText(outcome.query),
    destination: destination === DESTINATION_CHANNEL && channel ? { kind: 'channel', channel } : { kind: 'dm' },
  };
}
