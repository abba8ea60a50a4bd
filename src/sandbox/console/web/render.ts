/**
 * Block Kit -> HTML strings, as Slack's client lays it out. No DOM: the page sets innerHTML, and tests call it in
 * Node. Typed against the bot's own Block Kit types (@slack/types), yet defensive: it shows whatever the bot sent,
 * including blocks it gets wrong.
 *
 * Safety: every piece of text is escaped before any formatting is applied; links are only made for http(s) and
 * mailto; images only load from this origin or data: URLs (anything else is a placeholder).
 */
import type {
  ActionsBlockElement,
  AnyBlock,
  ConversationType,
  InputBlock,
  InputBlockElement,
  KnownBlock,
  Option,
  OptionGroup,
  PlainTextElement,
  RichTextBlock,
  RichTextElement,
  SectionBlockAccessory,
  TextObject,
} from '@slack/types';
import type { Conversation } from '../wire';
import { formatDate } from './dates';
import { emojiHtml } from './emoji';
import { attr, esc, has, isObject, loadableImage, safeHref } from './html';
import { type Directory, lookupChannel, lookupUser, mrkdwn, plain, textObject } from './mrkdwn';

export type { Conversation } from '../wire';
export { emojiHtml } from './emoji';
export { esc } from './html';
export { mrkdwn, plain, textObject } from './mrkdwn';

interface Person {
  name: string;
  realName?: string;
  isBot?: boolean;
}

export interface RenderOptions extends Directory {
  users?: Readonly<Record<string, Person>> | undefined;
  conversations?: readonly Conversation[] | undefined;
  /** What default_to_current_conversation picks: the conversation the modal was opened from. */
  currentConversation?: string | null | undefined;
  /** block_id -> message, shown under that input. */
  errors?: Readonly<Record<string, string>> | undefined;
}

type BlockElement = ActionsBlockElement | SectionBlockAccessory | InputBlockElement;

/** Something from the wire that at least looks like a block. */
export function isBlock(value: unknown): value is AnyBlock {
  return isObject(value) && typeof value.type === 'string';
}

/** A text object from the wire (a modal's title, a button's text), or undefined. */
export function asText(value: unknown): TextObject | undefined {
  if (!isObject(value) || typeof value.text !== 'string') return undefined;
  if (value.type === 'mrkdwn') return { type: 'mrkdwn', text: value.text, verbatim: value.verbatim === true };
  if (value.type === 'plain_text')
    return { type: 'plain_text', text: value.text, ...(value.emoji === false ? { emoji: false } : {}) };
  return undefined;
}

function imageHtml(url: unknown, alt: string | undefined, cls: string, testid: string): string {
  if (loadableImage(url))
    return `<img class="${cls}" src="${esc(url)}" alt="${esc(alt || '')}"${attr('data-testid', testid)}>`;
  const initial = (
    String(alt || '?')
      .trim()
      .charAt(0) || '?'
  ).toUpperCase();
  const title = `${alt ? `${alt} \u2014 ` : ''}image not loaded in the sandbox: ${String(url || '')}`;
  return `<span class="${cls} sk-img-placeholder" role="img" aria-label="${esc(alt || '')}" title="${esc(title)}"${attr('data-testid', testid)}>${esc(initial)}</span>`;
}

function imageUrl(image: object): unknown {
  return 'image_url' in image ? image.image_url : undefined;
}

/** radio groups need page-unique names. */
let choiceGroups = 0;

function optionList(el: { options?: Option[]; option_groups?: OptionGroup[] }): Option[] {
  let opts: Option[] = [];
  if (Array.isArray(el.options)) opts = el.options.filter(isObject);
  if (Array.isArray(el.option_groups))
    for (const g of el.option_groups)
      if (isObject(g) && Array.isArray(g.options)) opts = opts.concat(g.options.filter(isObject));
  return opts;
}

function placeholderText(el: { placeholder?: PlainTextElement }, fallback: string): string {
  return isObject(el.placeholder) ? String(el.placeholder.text) : fallback;
}

/** A conversations_select filter as the wire may carry it (Slack's type insists on a non-empty include). */
type Filter = { include?: readonly ConversationType[]; exclude_bot_users?: boolean };

/** conversations_select filter: include (public, private, im, mpim) and exclude_bot_users. */
function conversationAllowed(c: Conversation, filter: Filter | undefined): boolean {
  if (!isObject(filter)) return true;
  if (Array.isArray(filter.include) && filter.include.length && !filter.include.includes(c.type)) return false;
  if (filter.exclude_bot_users === true && c.withBot) return false;
  return true;
}

/** What a conversations_select shows first: initial_conversation, else the current conversation if allowed. */
function initialConversation(
  el: { initial_conversation?: string; default_to_current_conversation?: boolean; filter?: Filter },
  options: RenderOptions,
): string | null {
  if (typeof el.initial_conversation === 'string' && el.initial_conversation) return el.initial_conversation;
  const current = options.currentConversation;
  if (el.default_to_current_conversation !== true || !current) return null;
  const list = options.conversations ?? [];
  return list.some((c) => c.id === current && conversationAllowed(c, el.filter)) ? current : null;
}

function conversationLabel(c: Conversation): string {
  return c.type === 'im' ? c.name : `# ${c.name}`;
}

/** A <select> of ids: conversations, channels or users. */
function pickerSelect(
  actionId: string | undefined,
  common: string,
  kind: string,
  choices: { id: string; label: string }[],
  initial: string | null,
  head: string,
): string {
  let html = `<select class="sk-select sk-picker" data-testid="select-${esc(actionId || '')}"${common}${attr('data-kind', kind)}>`;
  html += `<option value="" disabled${initial ? '' : ' selected'}>${esc(head)}</option>`;
  let listed = false;
  for (const c of choices) {
    if (c.id === initial) listed = true;
    html += `<option value="${esc(c.id)}"${c.id === initial ? ' selected' : ''}>${esc(c.label)}</option>`;
  }
  if (initial && !listed) html += `<option value="${esc(initial)}" selected>${esc(initial)}</option>`;
  return `${html}</select>`;
}

function optionValues(list: unknown): (string | undefined)[] {
  return Array.isArray(list)
    ? list.filter(isObject).map((o) => (typeof o.value === 'string' ? o.value : undefined))
    : [];
}

/** radio_buttons and checkboxes: one labelled input per option, with its description under it. */
function choiceGroup(
  el: {
    action_id?: string;
    options?: Option[];
    initial_option?: Option;
    initial_options?: Option[];
  },
  common: string,
  kind: 'radio_buttons' | 'checkboxes',
  options: RenderOptions,
): string {
  const multi = kind === 'checkboxes';
  const chosen = multi
    ? optionValues(el.initial_options)
    : optionValues(isObject(el.initial_option) ? [el.initial_option] : []);
  choiceGroups += 1;
  const name = `sk-${kind}-${choiceGroups}`;
  let html = `<div class="sk-choices sk-${multi ? 'checks' : 'radios'}" role="${multi ? 'group' : 'radiogroup'}" data-testid="${multi ? 'checkboxes-' : 'radio-'}${esc(el.action_id || '')}"${common}${attr('data-kind', kind)}>`;
  for (const o of optionList(el)) {
    const description = isObject(o.description)
      ? `<span class="sk-choice-desc">${textObject(o.description, options)}</span>`
      : '';
    html +=
      `<label class="sk-choice"><input type="${multi ? 'checkbox' : 'radio'}" name="${name}" value="${esc(o.value)}"${chosen.includes(o.value) ? ' checked' : ''}>` +
      `<span class="sk-choice-text"><span class="sk-choice-label">${textObject(o.text, options)}</span>${description}</span></label>`;
  }
  return `${html}</div>`;
}

function textInput(
  el: BlockElement & { type: 'plain_text_input' | 'number_input' | 'email_text_input' | 'url_text_input' },
  common: string,
): string {
  const initial = 'initial_value' in el ? el.initial_value : undefined;
  const value = typeof initial === 'string' ? initial : typeof initial === 'number' ? String(initial) : '';
  const ph = isObject(el.placeholder) ? attr('placeholder', el.placeholder.text) : '';
  const tid = attr('data-testid', `input-${el.action_id || ''}`);
  const mode =
    el.type === 'number_input'
      ? attr('inputmode', el.is_decimal_allowed === true ? 'decimal' : 'numeric')
      : el.type === 'email_text_input'
        ? attr('inputmode', 'email')
        : el.type === 'url_text_input'
          ? attr('inputmode', 'url')
          : '';
  if (el.type === 'plain_text_input' && el.multiline)
    return `<textarea class="sk-input" rows="4"${common}${tid}${attr('data-kind', el.type)}${ph}>${esc(value)}</textarea>`;
  return `<input class="sk-input" type="text"${common}${tid}${attr('data-kind', el.type)}${mode}${ph} value="${esc(value)}">`;
}

/**
 * One interactive element. inputBlock: the block_id when it sits in an input block (its value is then read on
 * submit, not sent on change, unless the block has dispatch_action).
 */
function elementHtml(
  el: BlockElement,
  blockId: string | undefined,
  options: RenderOptions,
  inputBlock?: string,
  dispatch?: boolean,
): string {
  if (!isObject(el)) return '';
  if (el.type === 'image') return imageHtml(imageUrl(el), el.alt_text, 'sk-accessory-img', 'accessory-image');
  const confirm = 'confirm' in el && isObject(el.confirm) ? JSON.stringify(el.confirm) : undefined;
  const common =
    (inputBlock ? attr('data-input-block', inputBlock) : '') +
    attr('data-action-id', el.action_id) +
    attr('data-block-id', blockId) +
    (dispatch ? ' data-dispatch="1"' : '') +
    attr('data-confirm', confirm);
  switch (el.type) {
    case 'button': {
      const cls = `sk-btn${el.style === 'primary' ? ' sk-btn-primary' : el.style === 'danger' ? ' sk-btn-danger' : ''}`;
      const href = el.url ? safeHref(el.url) : null;
      return (
        `<button type="button" class="${cls}" data-testid="button-${esc(el.action_id || '')}"${common}` +
        `${attr('data-value', el.value)}${attr('data-url', href || undefined)}${attr('data-kind', 'button')}${href ? ` title="${esc(href)}"` : ''}>` +
        `${textObject(el.text, options)}${href ? ' <span class="sk-ext" aria-hidden="true">\u2197</span>' : ''}</button>`
      );
    }
    case 'static_select':
    case 'external_select':
    case 'overflow':
    case 'multi_static_select': {
      const opts = el.type === 'external_select' ? [] : optionList(el);
      const multi = el.type === 'multi_static_select';
      const initials =
        el.type === 'multi_static_select'
          ? optionValues(el.initial_options)
          : el.type !== 'overflow' && isObject(el.initial_option)
            ? optionValues([el.initial_option])
            : [];
      const head = el.type === 'overflow' ? '\u22EF' : placeholderText(el, multi ? 'Select options' : 'Select an item');
      let html = `<select class="${el.type === 'overflow' ? 'sk-overflow' : 'sk-select'}"${multi ? ' multiple' : ''} data-testid="select-${esc(el.action_id || '')}"${common}${attr('data-kind', el.type)}>`;
      if (!multi) html += `<option value="" disabled${initials.length ? '' : ' selected'}>${esc(head)}</option>`;
      for (const o of opts)
        html += `<option value="${esc(o.value)}"${initials.includes(o.value) ? ' selected' : ''}>${esc(isObject(o.text) ? o.text.text : '')}</option>`;
      return `${html}</select>`;
    }
    case 'radio_buttons':
    case 'checkboxes':
      return choiceGroup(el, common, el.type, options);
    case 'conversations_select':
    case 'channels_select': {
      const all = options.conversations ?? [];
      const isChannels = el.type === 'channels_select';
      const allowed = all.filter((c) =>
        el.type === 'channels_select' ? c.type === 'public' : conversationAllowed(c, el.filter),
      );
      const initial =
        el.type === 'channels_select'
          ? typeof el.initial_channel === 'string'
            ? el.initial_channel
            : null
          : initialConversation(el, options);
      return pickerSelect(
        el.action_id,
        common,
        el.type,
        allowed.map((c) => ({ id: c.id, label: conversationLabel(c) })),
        initial,
        placeholderText(el, isChannels ? 'Select a channel' : 'Select a conversation'),
      );
    }
    case 'users_select': {
      const users = options.users ?? {};
      const people = Object.entries(users)
        .filter(([, u]) => isObject(u) && !u.isBot)
        .map(([id, u]) => ({ id, label: u.realName || u.name }));
      const initial = typeof el.initial_user === 'string' ? el.initial_user : null;
      return pickerSelect(el.action_id, common, el.type, people, initial, placeholderText(el, 'Select a user'));
    }
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return textInput(el, common);
    case 'datepicker':
    case 'timepicker': {
      const initial = el.type === 'datepicker' ? el.initial_date : el.initial_time;
      return `<input class="sk-input sk-input-narrow" type="${el.type === 'datepicker' ? 'date' : 'time'}"${common}${attr('data-testid', `input-${el.action_id || ''}`)}${attr('data-kind', el.type)} value="${esc(typeof initial === 'string' ? initial : '')}">`;
    }
    default:
      return `<span class="sk-unsupported" data-testid="unsupported-element">${esc(String(el.type))} (not rendered by the sandbox)</span>`;
  }
}

function inputHtml(block: InputBlock, options: RenderOptions): string {
  const errors = options.errors ?? {};
  const blockId = block.block_id;
  const error = blockId && has(errors, blockId) ? errors[blockId] : undefined;
  let html = `<div class="sk-input-block${error !== undefined ? ' sk-input-invalid' : ''}">`;
  html += `<label class="sk-input-label">${textObject(block.label, options)}${block.optional ? ' <span class="sk-optional">(optional)</span>' : ''}</label>`;
  if (isObject(block.element))
    html += elementHtml(block.element, blockId, options, blockId || '', block.dispatch_action === true);
  if (error !== undefined)
    html += `<div class="sk-input-error" data-testid="input-error" role="alert">${esc(error)}</div>`;
  if (isObject(block.hint))
    html += `<div class="sk-hint-text" data-testid="input-hint">${textObject(block.hint, options)}</div>`;
  return `${html}</div>`;
}

function richTextElement(e: RichTextElement, options: RenderOptions): string {
  let s: string;
  switch (e.type) {
    case 'text':
      s = plain(e.text, false);
      break;
    case 'link':
      s = safeHref(e.url)
        ? `<a class="sk-link" href="${esc(e.url)}" target="_blank" rel="noopener noreferrer">${esc(e.text || e.url)}</a>`
        : esc(e.text || e.url || '');
      break;
    case 'emoji':
      s = emojiHtml(e.name) || esc(`:${e.name}:`);
      break;
    case 'user':
      s = `<span class="sk-mention">@${esc(lookupUser(options, e.user_id))}</span>`;
      break;
    case 'channel':
      s = `<span class="sk-mention">#${esc(lookupChannel(options, e.channel_id))}</span>`;
      break;
    case 'broadcast':
      s = `<span class="sk-mention sk-broadcast">@${esc(e.range)}</span>`;
      break;
    case 'date':
      s = `<span class="sk-date">${esc(formatDate(Number(e.timestamp), String(e.format || '{date_short}'), options))}</span>`;
      break;
    default: {
      const text = (e as { text?: unknown }).text;
      s = esc(text || '');
    }
  }
  const st = isObject(e.style) ? e.style : {};
  if (st.code) s = `<code class="sk-code">${s}</code>`;
  if (st.bold) s = `<b>${s}</b>`;
  if (st.italic) s = `<i>${s}</i>`;
  if (st.strike) s = `<s>${s}</s>`;
  return s;
}

function richTextElements(elements: readonly RichTextElement[] | undefined, options: RenderOptions): string {
  const list: readonly RichTextElement[] = Array.isArray(elements) ? elements : [];
  return list.map((e) => (isObject(e) ? richTextElement(e, options) : '')).join('');
}

function richTextHtml(block: RichTextBlock, options: RenderOptions): string {
  if (!Array.isArray(block.elements)) return '';
  return block.elements
    .map((section) => {
      if (!isObject(section)) return '';
      switch (section.type) {
        case 'rich_text_section':
          return `<div class="sk-rt-section">${richTextElements(section.elements, options)}</div>`;
        case 'rich_text_preformatted':
          return `<pre class="sk-pre">${richTextElements(section.elements, options)}</pre>`;
        case 'rich_text_quote':
          return `<blockquote class="sk-quote">${richTextElements(section.elements, options)}</blockquote>`;
        case 'rich_text_list': {
          const tag = section.style === 'ordered' ? 'ol' : 'ul';
          const items = Array.isArray(section.elements) ? section.elements : [];
          const lis = items
            .map((item) => `<li>${richTextElements(isObject(item) ? item.elements : [], options)}</li>`)
            .join('');
          return `<${tag} class="sk-rt-list" style="margin-left:${(Number(section.indent) || 0) * 24}px">${lis}</${tag}>`;
        }
        default:
          return '';
      }
    })
    .join('');
}

function blockBody(block: KnownBlock, options: RenderOptions): string | null {
  switch (block.type) {
    case 'header':
      return `<div class="sk-header" data-testid="header">${textObject(block.text, options)}</div>`;
    case 'section': {
      let main = '';
      if (isObject(block.text))
        main += `<div class="sk-section-text" data-testid="section-text">${textObject(block.text, options)}</div>`;
      if (Array.isArray(block.fields)) {
        const fields = block.fields.map(
          (f) => `<div class="sk-field" data-testid="section-field">${textObject(f, options)}</div>`,
        );
        main += `<div class="sk-fields" data-testid="section-fields">${fields.join('')}</div>`;
      }
      const accessory = isObject(block.accessory)
        ? `<div class="sk-accessory" data-testid="section-accessory">${elementHtml(block.accessory, block.block_id, options)}</div>`
        : '';
      return `<div class="sk-section"><div class="sk-section-main">${main}</div>${accessory}</div>`;
    }
    case 'context': {
      const parts = (Array.isArray(block.elements) ? block.elements : []).map((e) =>
        isObject(e) && e.type === 'image'
          ? imageHtml(imageUrl(e), e.alt_text, 'sk-context-img', 'context-image')
          : `<span class="sk-context-text" data-testid="context-element">${textObject(isObject(e) && e.type !== 'image' ? e : undefined, options)}</span>`,
      );
      return `<div class="sk-context" data-testid="context">${parts.join('')}</div>`;
    }
    case 'divider':
      return '<hr class="sk-divider">';
    case 'actions': {
      const elements = (Array.isArray(block.elements) ? block.elements : []).map((e) =>
        elementHtml(e, block.block_id, options),
      );
      return `<div class="sk-actions" data-testid="actions">${elements.join('')}</div>`;
    }
    case 'image': {
      const title = isObject(block.title)
        ? `<div class="sk-image-title">${textObject(block.title, options)}</div>`
        : '';
      return title + imageHtml(imageUrl(block), block.alt_text, 'sk-image', 'image');
    }
    case 'rich_text':
      return `<div class="sk-rich-text">${richTextHtml(block, options)}</div>`;
    case 'markdown':
      return `<div class="sk-section-text">${mrkdwn(block.text, options)}</div>`;
    case 'input':
      return inputHtml(block, options);
    default:
      return null;
  }
}

function blockHtml(block: AnyBlock, options: RenderOptions): string {
  if (!isObject(block)) return '';
  const type = String(block.type);
  const open = `<div class="sk-block sk-block-${esc(type)}" data-testid="block-${esc(type)}"${attr('data-block-id', block.block_id)}>`;
  // The wire may carry any block; the ones we know are laid out as their types say.
  const body =
    blockBody(block as KnownBlock, options) ??
    `<div class="sk-unsupported" data-testid="unsupported-block">${esc(type)} block (not rendered by the sandbox)</div>`;
  return `${open}${body}</div>`;
}

export function blocks(list: readonly AnyBlock[], options: RenderOptions = {}): string {
  if (!Array.isArray(list)) return '';
  return list.map((b) => blockHtml(b, options)).join('');
}
