/**
 * The guided query: a modal with one input per filter, for people who would rather not type `tag:Key=Value` on a
 * phone. The modal only collects text; the submission is turned into command text and read by the same parser as
 * `/mirrors`, so both accept exactly the same queries and reject them with the same rules.
 */
import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import { canonicalText, parseCommand } from '../query';
import { protectEntities, quoteValue } from '../query/tokens';
import type { MirrorQuery, QueryError } from '../query/types';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../query/types';
import { CallbackId } from './action-ids';
import { code, DEFAULT_COMMAND, plain } from './format';
import { OPTION_TEXT_MAX, OPTION_VALUE_MAX, SELECT_OPTIONS_MAX, truncate } from './limits';
import { type ModalSurface, modalSurface } from './session-details';
import type { SlackMessage } from './session-list';
import { userMention, withLeadContext } from './share';

/** block_ids of the builder's inputs: response_action errors are keyed by these. */
export const BuilderBlock = {
  region: 'qb_region',
  tagKey: 'qb_tag_key',
  tagValue: 'qb_tag_value',
  name: 'qb_name',
  source: 'qb_source',
  target: 'qb_target',
  filter: 'qb_filter',
  enabled: 'qb_enabled',
  limit: 'qb_limit',
  destination: 'qb_destination',
  channel: 'qb_channel',
} as const;

export type BuilderBlockId = (typeof BuilderBlock)[keyof typeof BuilderBlock];

/** Every input has this action_id: it only has to be unique within its block. */
export const BUILDER_ACTION = 'qb_value';

export const ALL_REGIONS_VALUE = 'all';
export const DESTINATION_DM = 'dm';
export const DESTINATION_CHANNEL = 'channel';

export interface BuilderViewInput {
  regions: readonly string[];
  defaultRegion?: string;
}

function option(text: string, value: string): PlainTextOption {
  return { text: plain(truncate(text, OPTION_TEXT_MAX)), value: value.slice(0, OPTION_VALUE_MAX) };
}

/** The regions offered: the default first, then MIRRORS_REGIONS, then "All regions"; at most 100 options. */
export function builderRegions(input: BuilderViewInput): string[] {
  const regions = [input.defaultRegion, ...input.regions].filter((r): r is string => typeof r === 'string' && r !== '');
  return [...new Set(regions)].slice(0, SELECT_OPTIONS_MAX - 1);
}

function textInput(
  blockId: BuilderBlockId,
  label: string,
  placeholder: string,
  hint: string,
  maxLength: number,
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    hint: plain(hint),
    element: {
      type: 'plain_text_input',
      action_id: BUILDER_ACTION,
      placeholder: plain(placeholder),
      max_length: maxLength,
    },
  };
}

export function queryBuilderModal(input: BuilderViewInput): ModalSurface {
  const regions = builderRegions(input);
  const regionOptions = [...regions.map((r) => option(r, r)), option('All configured regions', ALL_REGIONS_VALUE)];
  const initialRegion = regionOptions[0] as PlainTextOption;
  const enabledOptions = [option('Any', 'any'), option('Enabled only', 'true'), option('Disabled only', 'false')];
  const dm = option('A DM from mirrors', DESTINATION_DM);
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: BuilderBlock.region,
      label: plain('Region'),
      element: {
        type: 'static_select',
        action_id: BUILDER_ACTION,
        options: regionOptions,
        initial_option: initialRegion,
      },
    },
    // Lengths allow a little over the API's limits, so an over-long value gets the rule's wording, not a silent cap.
    textInput(
      BuilderBlock.tagKey,
      'Tag key',
      'FinanceDept',
      'Exact key, case-sensitive. Leave empty for any tag.',
      100,
    ),
    textInput(
      BuilderBlock.tagValue,
      'Tag value',
      'FinanceJoshua',
      'Needs a tag key. Leave empty to match any value of that key.',
      200,
    ),
    textInput(BuilderBlock.name, 'Session name', 'db mirror', 'The exact name, spaces and all.', 200),
    textInput(BuilderBlock.source, 'Source ENI', 'eni-…', 'Sessions that mirror FROM this ENI.', 100),
    textInput(
      BuilderBlock.target,
      'Target ENI or SLB',
      'eni-… or lb-…',
      'Sessions that mirror TO this ENI or SLB instance.',
      100,
    ),
    textInput(BuilderBlock.filter, 'Filter id', 'tmf-…', 'Sessions that use this traffic mirror filter.', 100),
    {
      type: 'input',
      block_id: BuilderBlock.enabled,
      label: plain('Enabled'),
      element: {
        type: 'static_select',
        action_id: BUILDER_ACTION,
        options: enabledOptions,
        initial_option: enabledOptions[0],
      },
    },
    {
      type: 'input',
      block_id: BuilderBlock.limit,
      optional: true,
      label: plain('Sessions per page'),
      hint: plain(`1 to ${MAX_LIMIT}; ${DEFAULT_LIMIT} if empty.`),
      element: {
        type: 'number_input',
        action_id: BUILDER_ACTION,
        is_decimal_allowed: false,
        placeholder: plain(String(DEFAULT_LIMIT)),
      },
    },
    { type: 'divider' },
    {
      type: 'input',
      block_id: BuilderBlock.destination,
      label: plain('Where should the result go?'),
      element: {
        type: 'radio_buttons',
        action_id: BUILDER_ACTION,
        options: [dm, option('A channel (pick it below)', DESTINATION_CHANNEL)],
        initial_option: dm,
      },
    },
    {
      type: 'input',
      block_id: BuilderBlock.channel,
      optional: true,
      label: plain('Channel'),
      hint: plain('Only used when the result goes to a channel. mirrors must be a member of it.'),
      element: {
        type: 'conversations_select',
        action_id: BUILDER_ACTION,
        default_to_current_conversation: true,
        placeholder: plain('Pick a channel'),
        // Apps cannot post into DMs between people, so only channels are offered.
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    },
  ];
  return modalSurface('Find mirror sessions', blocks, {
    callback_id: CallbackId.QueryBuilderModal,
    submit: plain('Find sessions'),
    close: plain('Cancel'),
  });
}

// ---- reading a submission ------------------------------------------------------------------------------------

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

  /** Reads `scope term`; puts every problem under `block`; true when the term is good. */
  const check = (block: BuilderBlockId, term: string): boolean => {
    const outcome = parseCommand(commandText([scope, term]));
    if (outcome.kind !== 'error') return true;
    for (const error of outcome.errors) fail(block, ruleText(error));
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

  const outcome = parseCommand(commandText([scope, ...terms]));
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

/**
 * The first page of a builder query, led by the command that does the same, so people learn the short form; in a
 * channel it also says who asked.
 */
export function builderResultMessage(
  message: SlackMessage,
  canonical: string,
  options: { userId?: string; commandName?: string } = {},
): SlackMessage {
  const by = options.userId ? ` by ${userMention(options.userId)}` : '';
  const command = code(`${options.commandName ?? DEFAULT_COMMAND} ${canonical}`, 1500);
  return withLeadContext(message, `:mag: From the query builder${by} · same as ${command}`);
}
