/**
 * The guided query: a modal with one input per filter, for people who would rather not type `tag:Key=Value` on a
 * phone. The modal only collects text; the submission is turned into command text and read by the same parser as
 * `/mirrors`, so both accept exactly the same queries and reject them with the same rules.
 */
import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../query/types';
import { CallbackId } from './action-ids';
import { code, DEFAULT_COMMAND, mrkdwn, plain } from './format';
import { OPTION_TEXT_MAX, OPTION_VALUE_MAX, SELECT_OPTIONS_MAX } from './limits';
import type { SlackMessage } from './surface';
import { type ModalSurface, modalSurface, userMention, withLeadContext } from './surface';
import { truncate } from './text';

/** block_ids of the builder's inputs: response_action errors are keyed by these. */
export const BuilderBlock = {
  region: 'qb_region',
  account: 'qb_account',
  tagKey: 'qb_tag_key',
  tagValue: 'qb_tag_value',
  name: 'qb_name',
  host: 'qb_host',
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
  /** The configured accounts, the default first: with more than one, the form asks which (`account:`). */
  accounts?: readonly string[];
  /**
   * Where it was opened. From a conversation (a shortcut), the result goes there by default: the channel picker
   * shows the conversation the person was in (default_to_current_conversation, or `channel` when the payload names
   * it). From App Home, to the DM.
   */
  openedFrom?: { kind: 'home' } | { kind: 'conversation'; channel?: string };
}

/**
 * The rules of the inputs in the form's own words: the label the person sees, not the command's key. The parser
 * still decides what is valid; these only say it.
 */
export const BUILDER_FIELD_RULES: Readonly<Partial<Record<BuilderBlockId, string>>> = {
  [BuilderBlock.tagKey]:
    'Tag key must be 1 to 64 characters, must not start with aliyun or acs:, and must not contain http:// or https://.',
  [BuilderBlock.tagValue]: 'Tag value must be at most 128 characters and must not contain http:// or https://.',
  [BuilderBlock.name]: 'Session name must be 1 to 128 characters and must not start with http:// or https://.',
  [BuilderBlock.source]: 'Source ENI must be an ENI id: eni- followed by letters and digits.',
  [BuilderBlock.target]: 'Target must be an ENI id (eni-…) or an SLB id (lb-…), followed by letters and digits.',
  [BuilderBlock.filter]: 'Filter id must be a traffic mirror filter id: tmf- followed by letters and digits.',
  [BuilderBlock.limit]: `Sessions per page must be a whole number from 1 to ${MAX_LIMIT}.`,
};

/**
 * Why the chosen channel cannot take the result, shown under the Channel input (plain text: a modal error is not
 * mrkdwn), so the form stays open and the person can invite the bot or pick another channel.
 */
export function builderChannelErrorText(refusal: 'not_in_channel' | 'channel_not_found' | string): string {
  return refusal === 'not_in_channel'
    ? 'Invite @mirrors to this channel first (type /invite @mirrors there), or pick another channel.'
    : 'mirrors cannot post in this channel. If it is private, invite @mirrors first (/invite @mirrors); or pick another channel, or your DM.';
}

function option(text: string, value: string): PlainTextOption {
  return { text: plain(truncate(text, OPTION_TEXT_MAX)), value: value.slice(0, OPTION_VALUE_MAX) };
}

/** The regions offered: the default first, then MIRRORS_REGIONS, then "All regions"; at most 100 options. */
export function builderRegions(input: BuilderViewInput): string[] {
  const regions = [input.defaultRegion, ...input.regions].filter((r): r is string => typeof r === 'string' && r !== '');
  return [...new Set(regions)].slice(0, SELECT_OPTIONS_MAX - 1);
}

/** The accounts offered (default first), or none when the bot has only one. */
export function builderAccounts(input: BuilderViewInput): string[] {
  const accounts = input.accounts ?? [];
  return accounts.length > 1 ? accounts.slice(0, SELECT_OPTIONS_MAX) : [];
}

function accountPicker(input: BuilderViewInput): InputBlock[] {
  const accounts = builderAccounts(input);
  const first = accounts[0];
  if (first === undefined) return [];
  return [
    {
      type: 'input',
      block_id: BuilderBlock.account,
      label: plain('Account'),
      hint: plain('Which cloud account to ask. The access rules decide which you may see.'),
      element: {
        type: 'static_select',
        action_id: BUILDER_ACTION,
        options: accounts.map((a) => option(a, a)),
        initial_option: option(first, first),
      },
    },
  ];
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
  const inChannel = option('A channel (pick it below)', DESTINATION_CHANNEL);
  const opened = input.openedFrom ?? { kind: 'home' };
  const fromConversation = opened.kind === 'conversation';
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
    ...accountPicker(input),
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
    textInput(
      BuilderBlock.host,
      'IP or instance',
      '10.0.1.5 or i-…',
      "Sessions that mirror from or to this host's ENIs. Leave Source and Target empty.",
      100,
    ),
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
        options: [dm, inChannel],
        // Where the person is: opened in #incidents, the answer belongs in #incidents, not in a DM they won't see.
        initial_option: fromConversation ? inChannel : dm,
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
        ...(opened.kind === 'conversation' && opened.channel ? { initial_conversation: opened.channel } : {}),
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

/**
 * What a channel shows while a builder query runs: posted before the form closes (so a channel without the bot is
 * reported under the Channel input), then replaced by the answer.
 */
export function builderPlaceholderMessage(
  canonical: string,
  userId: string,
  options: { commandName?: string } = {},
): SlackMessage {
  const command = code(`${options.commandName ?? DEFAULT_COMMAND} ${canonical}`, 1500);
  const text = `:hourglass_flowing_sand: Looking up ${command} for ${userMention(userId)}…`;
  return { text: truncate(`Looking up ${canonical}…`, 300), blocks: [{ type: 'context', elements: [mrkdwn(text)] }] };
}
