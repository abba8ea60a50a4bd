/**
 * What the stand-in does to Block Kit on the way in, like Slack: a basic limits check (used when no validator is
 * given), the view-level checks, and filling in the block_id/action_id Slack generates when an app leaves them out.
 * Limits: Slack's Block Kit reference (docs.slack.dev). Errors read like Slack's `response_metadata.messages`.
 */
import { shortId } from './ids';
import { isRecord, type JsonObject } from './json';
import type { SurfaceKind } from './types';

const BLOCKS_MAX: Record<SurfaceKind, number> = { message: 50, modal: 100, home: 100 };
export const MESSAGE_TEXT_MAX = 12_000;
const VIEW_BYTES_MAX = 250_000;

const KNOWN_BLOCKS = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'rich_text',
  'input',
  'file',
  'video',
  'markdown',
  'context_actions',
  'table',
]);

class Problems {
  readonly list: string[] = [];
  add(pointer: string, problem: string): void {
    this.list.push(`[ERROR] ${problem} [json-pointer:${pointer}]`);
  }
}

function checkText(
  p: Problems,
  at: string,
  value: unknown,
  max: number,
  opts: { plainOnly?: boolean; optional?: boolean; min?: number } = {},
): void {
  if (value === undefined) {
    if (!opts.optional) p.add(at, 'missing required field: text');
    return;
  }
  if (!isRecord(value) || (value.type !== 'plain_text' && value.type !== 'mrkdwn')) {
    p.add(`${at}/type`, 'must be a text object (plain_text or mrkdwn)');
    return;
  }
  if (opts.plainOnly && value.type !== 'plain_text') p.add(`${at}/type`, 'must be plain_text');
  if (typeof value.text !== 'string') {
    p.add(`${at}/text`, 'must be a string');
    return;
  }
  const min = opts.min ?? 1;
  if (value.text.length < min) p.add(`${at}/text`, `must be more than ${min - 1} characters`);
  if (value.text.length > max) p.add(`${at}/text`, `must be less than ${max + 1} characters`);
}

function checkString(p: Problems, at: string, value: unknown, max: number, required = false): void {
  if (value === undefined) {
    if (required) p.add(at, 'missing required field');
    return;
  }
  if (typeof value !== 'string') p.add(at, 'must be a string');
  else if (value.length > max) p.add(at, `must be less than ${max + 1} characters`);
}

function checkOptions(p: Problems, at: string, value: unknown, min: number, max: number): void {
  if (!Array.isArray(value)) {
    p.add(at, 'must be an array');
    return;
  }
  if (value.length < min) p.add(at, `must provide at least ${min} items`);
  if (value.length > max) p.add(at, `must provide no more than ${max} items`);
  value.forEach((option, i) => {
    if (!isRecord(option)) {
      p.add(`${at}/${i}`, 'must be an option object');
      return;
    }
    checkText(p, `${at}/${i}/text`, option.text, 75);
    checkString(p, `${at}/${i}/value`, option.value, 150, true);
  });
}

/** initial_option / initial_options must be among the element's options (Slack answers invalid_blocks otherwise). */
function checkInitialOptions(p: Problems, at: string, element: JsonObject): void {
  const values = new Set<unknown>();
  const collect = (options: unknown): void => {
    if (Array.isArray(options)) for (const o of options) if (isRecord(o)) values.add(o.value);
  };
  collect(element.options);
  if (Array.isArray(element.option_groups)) for (const g of element.option_groups) if (isRecord(g)) collect(g.options);
  const initial =
    element.initial_option !== undefined
      ? [element.initial_option]
      : Array.isArray(element.initial_options)
        ? element.initial_options
        : [];
  initial.forEach((option, i) => {
    const where = element.initial_option !== undefined ? `${at}/initial_option` : `${at}/initial_options/${i}`;
    if (!isRecord(option) || !values.has(option.value)) p.add(where, 'must match one of the provided options');
  });
}

function checkElement(p: Problems, at: string, element: unknown): void {
  if (!isRecord(element)) {
    p.add(at, 'must be an element object');
    return;
  }
  checkString(p, `${at}/action_id`, element.action_id, 255);
  switch (element.type) {
    case 'button':
      checkText(p, `${at}/text`, element.text, 75, { plainOnly: true });
      checkString(p, `${at}/value`, element.value, 2000);
      checkString(p, `${at}/url`, element.url, 3000);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
        p.add(`${at}/style`, 'must be one of primary, danger');
      break;
    case 'static_select':
    case 'multi_static_select':
      if (element.options !== undefined) checkOptions(p, `${at}/options`, element.options, 1, 100);
      else if (!Array.isArray(element.option_groups)) p.add(at, 'must provide options or option_groups');
      checkText(p, `${at}/placeholder`, element.placeholder, 150, { plainOnly: true, optional: true });
      checkInitialOptions(p, at, element);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(p, `${at}/options`, element.options, 1, 10);
      checkInitialOptions(p, at, element);
      break;
    case 'number_input':
      if (typeof element.is_decimal_allowed !== 'boolean')
        p.add(`${at}/is_decimal_allowed`, 'missing required field: is_decimal_allowed');
      break;
    case 'overflow':
      checkOptions(p, `${at}/options`, element.options, 1, 5);
      break;
    case 'image':
      checkString(p, `${at}/image_url`, element.image_url, 3000, element.slack_file === undefined);
      checkString(p, `${at}/alt_text`, element.alt_text, 2000, true);
      break;
    case 'plain_text_input':
    case 'datepicker':
    case 'timepicker':
    case 'datetimepicker':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'external_select':
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select':
    case 'multi_external_select':
    case 'email_text_input':
    case 'url_text_input':
    case 'rich_text_input':
    case 'workflow_button':
    case 'file_input':
      break;
    default:
      p.add(`${at}/type`, `unsupported element type: ${String(element.type)}`);
  }
}

/** The built-in checks: block count, known types, Slack's text and element limits, unique block_ids. */
export function basicBlockCheck(blocks: unknown, kind: SurfaceKind): string[] {
  const p = new Problems();
  if (!Array.isArray(blocks)) {
    p.add('/blocks', 'must be an array');
    return p.list;
  }
  const max = BLOCKS_MAX[kind];
  if (blocks.length > max) p.add('/blocks', `must provide no more than ${max} items`);
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `/blocks/${i}`;
    if (!isRecord(block)) {
      p.add(at, 'must be a block object');
      return;
    }
    if (typeof block.type !== 'string' || !KNOWN_BLOCKS.has(block.type)) {
      p.add(`${at}/type`, `unsupported block type: ${String(block.type)}`);
      return;
    }
    if (block.block_id !== undefined) {
      checkString(p, `${at}/block_id`, block.block_id, 255);
      if (typeof block.block_id === 'string') {
        if (seen.has(block.block_id)) p.add(`${at}/block_id`, `duplicate block_id: ${block.block_id}`);
        seen.add(block.block_id);
      }
    }
    switch (block.type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined) p.add(at, 'must provide either text or fields');
        if (block.text !== undefined) checkText(p, `${at}/text`, block.text, 3000);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields)) p.add(`${at}/fields`, 'must be an array');
          else {
            if (block.fields.length > 10) p.add(`${at}/fields`, 'must provide no more than 10 items');
            for (const [j, field] of block.fields.entries()) checkText(p, `${at}/fields/${j}`, field, 2000);
          }
        }
        if (block.accessory !== undefined) checkElement(p, `${at}/accessory`, block.accessory);
        break;
      }
      case 'header':
        checkText(p, `${at}/text`, block.text, 150, { plainOnly: true });
        break;
      case 'context': {
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          p.add(`${at}/elements`, 'must provide at least 1 items');
          break;
        }
        if (block.elements.length > 10) p.add(`${at}/elements`, 'must provide no more than 10 items');
        block.elements.forEach((element, j) => {
          if (isRecord(element) && element.type === 'image') checkElement(p, `${at}/elements/${j}`, element);
          else checkText(p, `${at}/elements/${j}`, element, 3000);
        });
        break;
      }
      case 'actions': {
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          p.add(`${at}/elements`, 'must provide at least 1 items');
          break;
        }
        if (block.elements.length > 25) p.add(`${at}/elements`, 'must provide no more than 25 items');
        for (const [j, element] of block.elements.entries()) checkElement(p, `${at}/elements/${j}`, element);
        break;
      }
      case 'image':
        checkString(p, `${at}/image_url`, block.image_url, 3000, block.slack_file === undefined);
        checkString(p, `${at}/alt_text`, block.alt_text, 2000, true);
        if (block.title !== undefined) checkText(p, `${at}/title`, block.title, 2000, { plainOnly: true });
        break;
      case 'input':
        checkText(p, `${at}/label`, block.label, 2000, { plainOnly: true });
        checkElement(p, `${at}/element`, block.element);
        break;
      default:
        break;
    }
  });
  return p.list;
}

/** Total characters of text objects in blocks: Slack's undocumented ~12,000 limit for a message. */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blockTextLength(item), 0);
  if (!isRecord(value)) return 0;
  let total = 0;
  if ((value.type === 'plain_text' || value.type === 'mrkdwn') && typeof value.text === 'string')
    total += value.text.length;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') continue;
    total += blockTextLength(child);
  }
  return total;
}

/** View-level checks that always run: type, title/submit/close, metadata, size. Returns [error, messages]. */
export function checkViewShell(
  view: JsonObject,
  kind: 'home' | 'modal',
): { error: string; messages: string[] } | undefined {
  if (JSON.stringify(view).length > VIEW_BYTES_MAX) return { error: 'view_too_large', messages: [] };
  const p = new Problems();
  if (view.type !== kind) p.add('/view/type', `must be ${kind}`);
  if (kind === 'modal') {
    checkText(p, '/view/title', view.title, 24, { plainOnly: true });
    checkText(p, '/view/submit', view.submit, 24, { plainOnly: true, optional: true });
    checkText(p, '/view/close', view.close, 24, { plainOnly: true, optional: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      p.add('/view/submit', 'must provide submit when the view has input blocks');
  }
  checkString(p, '/view/private_metadata', view.private_metadata, 3000);
  checkString(p, '/view/callback_id', view.callback_id, 255);
  checkString(p, '/view/external_id', view.external_id, 255);
  if (!Array.isArray(view.blocks)) p.add('/view/blocks', 'must be an array');
  return p.list.length > 0 ? { error: 'invalid_arguments', messages: p.list } : undefined;
}

/**
 * Slack gives every block a block_id and every interactive element an action_id when the app leaves them out.
 * Returns a deep copy; the input is not changed.
 */
export function withGeneratedIds(blocks: unknown[]): unknown[] {
  const copy: unknown[] = structuredClone(blocks);
  for (const block of copy) {
    if (!isRecord(block)) continue;
    if (block.block_id === undefined) block.block_id = shortId(4);
    const elements: unknown[] = [];
    if (isRecord(block.accessory)) elements.push(block.accessory);
    if (Array.isArray(block.elements) && block.type !== 'context' && block.type !== 'rich_text')
      elements.push(...block.elements);
    if (isRecord(block.element)) elements.push(block.element);
    for (const element of elements) {
      if (isRecord(element) && element.type !== 'image' && element.action_id === undefined)
        element.action_id = shortId(5);
    }
  }
  return copy;
}
