/**
 * Modal inputs the way Slack's client handles them: which conversations a conversations_select offers (its filter),
 * what default_to_current_conversation pre-selects, each input's state exactly as Slack reports it in
 * `view.state.values` (`value`, `selected_option`, `selected_conversation`, `selected_options`, …), and the checks
 * Slack's client makes before it sends a view_submission at all (required inputs, numbers, lengths).
 *
 * The wording of the client's own errors follows Slack's ("Please complete this required field.") where it is
 * known; the rest is close to it. What matters for the app is that such a submission never reaches it.
 */
import { asBoolean, asString, clone, isRecord, type JsonObject } from './json';
import type { ModalInputValue, ModalInputValues, SandboxChannel, SandboxUser } from './types';

/** One input block's element. */
export interface InputElement {
  blockId: string;
  actionId: string;
  optional: boolean;
  element: JsonObject;
}

/** Every input block of a view with its element, in order. */
export function inputElements(blocks: readonly unknown[]): InputElement[] {
  const out: InputElement[] = [];
  for (const block of blocks) {
    if (!isRecord(block) || block.type !== 'input' || !isRecord(block.element)) continue;
    const blockId = asString(block.block_id);
    const actionId = asString(block.element.action_id);
    if (blockId === undefined || actionId === undefined) continue;
    out.push({ blockId, actionId, optional: asBoolean(block.optional) === true, element: block.element });
  }
  return out;
}

/** The options of a select, radio_buttons, checkboxes or overflow (option_groups flattened). */
function optionsOf(element: JsonObject): JsonObject[] {
  const options: JsonObject[] = [];
  if (Array.isArray(element.options)) for (const o of element.options) if (isRecord(o)) options.push(o);
  if (Array.isArray(element.option_groups)) {
    for (const group of element.option_groups) {
      if (isRecord(group) && Array.isArray(group.options))
        for (const o of group.options) if (isRecord(o)) options.push(o);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------------------------

type ConversationType = 'public' | 'private' | 'im' | 'mpim';

/** A conversation one person could pick in a conversations_select. */
export interface ConversationChoice {
  id: string;
  /** `incidents` for a channel; the other person's name for a DM. */
  name: string;
  type: ConversationType;
  /** A DM with a bot user (exclude_bot_users leaves these out). */
  withBot: boolean;
}

/** What a person sees in a conversations_select before any filter: every channel, and their own DMs. */
export function conversationChoices(
  channels: Iterable<SandboxChannel>,
  users: ReadonlyMap<string, SandboxUser>,
  userId: string,
  botUserId: string,
  botName: string,
): ConversationChoice[] {
  const out: ConversationChoice[] = [];
  for (const channel of channels) {
    if (!channel.isIm) {
      out.push({ id: channel.id, name: channel.name, type: 'public', withBot: false });
    } else if (channel.imUser === userId) {
      // The stand-in's DMs are each person's DM with the app (its Messages tab): the other side is the bot.
      out.push({ id: channel.id, name: users.get(botUserId)?.name ?? botName, type: 'im', withBot: true });
    }
  }
  return out;
}

/** conversations_select `filter`: include (im, mpim, private, public), exclude_bot_users. */
function passesFilter(choice: ConversationChoice, filter: unknown): boolean {
  if (!isRecord(filter)) return true;
  if (Array.isArray(filter.include) && filter.include.length > 0 && !filter.include.includes(choice.type)) return false;
  if (asBoolean(filter.exclude_bot_users) === true && choice.withBot) return false;
  return true;
}

/** The conversations an element offers. */
function offeredConversations(element: JsonObject, choices: readonly ConversationChoice[]): ConversationChoice[] {
  return choices.filter((c) => passesFilter(c, element.filter));
}

/**
 * What a conversations_select shows before the person touches it: initial_conversation, else (with
 * default_to_current_conversation) the conversation they were viewing when the modal opened, if the filter allows it.
 */
function initialConversation(
  element: JsonObject,
  current: string | undefined,
  choices: readonly ConversationChoice[],
): string | null {
  const initial = asString(element.initial_conversation);
  if (initial !== undefined && initial !== '') return initial;
  if (asBoolean(element.default_to_current_conversation) !== true || current === undefined) return null;
  return offeredConversations(element, choices).some((c) => c.id === current) ? current : null;
}

// ---------------------------------------------------------------------------------------------------------------
// State, as view.state.values reports it
// ---------------------------------------------------------------------------------------------------------------

export interface StateContext {
  /** The conversation the modal was opened from. */
  current: string | undefined;
  choices: readonly ConversationChoice[];
  users: ReadonlyMap<string, SandboxUser>;
}

const TEXT_INPUTS = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);
const SINGLE_OPTION = new Set(['static_select', 'external_select', 'radio_buttons']);
const MANY_OPTIONS = new Set(['multi_static_select', 'multi_external_select', 'checkboxes']);

function list(value: ModalInputValue): string[] {
  if (value === null) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function single(value: ModalInputValue): string | null {
  if (value === null) return null;
  const first = typeof value === 'string' ? value : value[0];
  return first === undefined || first === '' ? null : first;
}

function where(input: Pick<InputElement, 'blockId' | 'actionId'>): string {
  return `${input.blockId}/${input.actionId}`;
}

function option(input: InputElement, value: string): JsonObject {
  const found = optionsOf(input.element).find((o) => o.value === value);
  if (!found) {
    const offered = optionsOf(input.element).map((o) => asString(o.value) ?? '?');
    throw new Error(`${where(input)} has no option "${value}"; it offers: ${offered.join(', ') || 'none'}`);
  }
  return clone(found);
}

function conversation(input: InputElement, id: string, ctx: StateContext): string {
  if (!offeredConversations(input.element, ctx.choices).some((c) => c.id === id)) {
    throw new Error(
      `${where(input)} does not offer the conversation ${id} (its filter: ${JSON.stringify(input.element.filter ?? {})})`,
    );
  }
  return id;
}

function user(input: InputElement, id: string, ctx: StateContext): string {
  if (!ctx.users.has(id)) throw new Error(`${where(input)}: no user ${id}`);
  return id;
}

/** One input's state. `given` undefined: the person left it as it was (its initial value). */
function elementState(input: InputElement, given: ModalInputValue | undefined, ctx: StateContext): JsonObject {
  const { element } = input;
  const type = asString(element.type) ?? '';
  if (TEXT_INPUTS.has(type)) {
    const raw = given === undefined ? (asString(element.initial_value) ?? null) : single(given);
    return { type, value: raw === '' ? null : raw };
  }
  if (SINGLE_OPTION.has(type)) {
    if (given === undefined)
      return { type, selected_option: isRecord(element.initial_option) ? clone(element.initial_option) : null };
    const value = single(given);
    return { type, selected_option: value === null ? null : option(input, value) };
  }
  if (MANY_OPTIONS.has(type)) {
    if (given === undefined)
      return { type, selected_options: Array.isArray(element.initial_options) ? clone(element.initial_options) : [] };
    return { type, selected_options: list(given).map((v) => option(input, v)) };
  }
  switch (type) {
    case 'conversations_select': {
      const value = given === undefined ? initialConversation(element, ctx.current, ctx.choices) : single(given);
      return {
        type,
        selected_conversation: value === null ? null : given === undefined ? value : conversation(input, value, ctx),
      };
    }
    case 'multi_conversations_select': {
      if (given === undefined) {
        const initial = Array.isArray(element.initial_conversations)
          ? element.initial_conversations.filter((c): c is string => typeof c === 'string')
          : [];
        const current = initial.length === 0 ? initialConversation(element, ctx.current, ctx.choices) : null;
        return { type, selected_conversations: current === null ? initial : [current] };
      }
      return { type, selected_conversations: list(given).map((id) => conversation(input, id, ctx)) };
    }
    case 'channels_select': {
      const value = given === undefined ? (asString(element.initial_channel) ?? null) : single(given);
      return { type, selected_channel: value };
    }
    case 'multi_channels_select':
      return {
        type,
        selected_channels:
          given === undefined
            ? Array.isArray(element.initial_channels)
              ? clone(element.initial_channels)
              : []
            : list(given),
      };
    case 'users_select': {
      const value = given === undefined ? (asString(element.initial_user) ?? null) : single(given);
      return { type, selected_user: value === null || given === undefined ? value : user(input, value, ctx) };
    }
    case 'multi_users_select':
      return {
        type,
        selected_users:
          given === undefined
            ? Array.isArray(element.initial_users)
              ? clone(element.initial_users)
              : []
            : list(given).map((id) => user(input, id, ctx)),
      };
    case 'datepicker':
      return { type, selected_date: given === undefined ? (asString(element.initial_date) ?? null) : single(given) };
    case 'timepicker':
      return { type, selected_time: given === undefined ? (asString(element.initial_time) ?? null) : single(given) };
    case 'datetimepicker': {
      const raw = given === undefined ? element.initial_date_time : single(given);
      const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : null;
      return { type, selected_date_time: seconds !== null && Number.isFinite(seconds) ? seconds : null };
    }
    default:
      return { type, value: given === undefined ? null : single(given) };
  }
}

/** view.state.values: every input block, whether touched or not, as Slack sends it. Throws on an impossible value. */
export function viewStateValues(
  blocks: readonly unknown[],
  given: ModalInputValues,
  ctx: StateContext,
): Record<string, Record<string, JsonObject>> {
  const known = inputElements(blocks);
  for (const [blockId, actions] of Object.entries(given)) {
    for (const actionId of Object.keys(actions)) {
      if (!known.some((i) => i.blockId === blockId && i.actionId === actionId)) {
        throw new Error(
          `the modal has no input ${blockId}/${actionId}; its inputs: ${known.map(where).join(', ') || 'none'}`,
        );
      }
    }
  }
  const values: Record<string, Record<string, JsonObject>> = {};
  for (const input of known) {
    const entry = values[input.blockId] ?? {};
    values[input.blockId] = entry;
    entry[input.actionId] = elementState(input, given[input.blockId]?.[input.actionId], ctx);
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Slack's client-side checks
// ---------------------------------------------------------------------------------------------------------------

export const ClientRule = {
  required: 'Please complete this required field.',
  number: 'Please enter a number.',
  wholeNumber: 'Please enter a whole number.',
  email: 'Please enter a valid email address.',
  url: 'Please enter a valid URL.',
} as const;

function isEmpty(state: JsonObject): boolean {
  for (const [key, value] of Object.entries(state)) {
    if (key === 'type') continue;
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    return false;
  }
  return true;
}

function numberProblem(element: JsonObject, text: string): string | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return ClientRule.number;
  const n = Number(text);
  if (asBoolean(element.is_decimal_allowed) !== true && !Number.isInteger(n)) return ClientRule.wholeNumber;
  const min = element.min_value !== undefined ? Number(element.min_value) : undefined;
  const max = element.max_value !== undefined ? Number(element.max_value) : undefined;
  if (min !== undefined && Number.isFinite(min) && n < min)
    return `Please enter a number that is at least ${String(element.min_value)}.`;
  if (max !== undefined && Number.isFinite(max) && n > max)
    return `Please enter a number that is at most ${String(element.max_value)}.`;
  return undefined;
}

function textProblem(element: JsonObject, text: string): string | undefined {
  const type = element.type;
  if (type === 'number_input') return numberProblem(element, text);
  if (type === 'email_text_input' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return ClientRule.email;
  if (type === 'url_text_input' && !/^https?:\/\/\S+$/i.test(text)) return ClientRule.url;
  if (type === 'plain_text_input') {
    const min = typeof element.min_length === 'number' ? element.min_length : undefined;
    const max = typeof element.max_length === 'number' ? element.max_length : undefined;
    if (min !== undefined && text.length < min) return `Please enter at least ${min} characters.`;
    if (max !== undefined && text.length > max) return `Please enter no more than ${max} characters.`;
  }
  return undefined;
}

/** What Slack's client refuses to send, per block_id: the person sees these and the app hears nothing. */
export function clientErrors(
  blocks: readonly unknown[],
  values: Record<string, Record<string, JsonObject>>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const input of inputElements(blocks)) {
    const state = values[input.blockId]?.[input.actionId];
    if (!state) continue;
    if (isEmpty(state)) {
      if (!input.optional) errors[input.blockId] = ClientRule.required;
      continue;
    }
    const text = asString(state.value);
    const problem = text === undefined ? undefined : textProblem(input.element, text);
    if (problem !== undefined) errors[input.blockId] = problem;
  }
  return errors;
}
