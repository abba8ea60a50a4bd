/** Checks a surface against every Slack limit before it is sent: tests and the sandbox's Slack stand-in use it. */
import type { AnyBlock } from '@slack/types';
import {
  ACTION_ID_MAX,
  ACTIONS_ELEMENTS_MAX,
  ALT_TEXT_MAX,
  BLOCK_ID_MAX,
  BUTTON_TEXT_MAX,
  BUTTON_URL_MAX,
  BUTTON_VALUE_MAX,
  blocksMax,
  CONTEXT_ELEMENTS_MAX,
  HEADER_TEXT_MAX,
  IMAGE_URL_MAX,
  MESSAGE_TEXT_MAX,
  OPTION_TEXT_MAX,
  OPTION_VALUE_MAX,
  OVERFLOW_OPTIONS_MAX,
  PLACEHOLDER_TEXT_MAX,
  PRIVATE_METADATA_MAX,
  SECTION_FIELD_TEXT_MAX,
  SECTION_FIELDS_MAX,
  SECTION_TEXT_MAX,
  SELECT_OPTIONS_MAX,
  type SurfaceKind,
  TEXT_OBJECT_MAX,
  VIEW_BYTES_MAX,
} from './limits';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextObject(value: unknown): value is Json & { type: 'plain_text' | 'mrkdwn'; text: unknown } {
  return isRecord(value) && (value.type === 'plain_text' || value.type === 'mrkdwn') && 'text' in value;
}

/** Sum of the lengths of every text object's `text` anywhere under `value`. */
export function countText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countText(item), 0);
  if (!isRecord(value)) return 0;
  let total = 0;
  if (isTextObject(value) && typeof value.text === 'string') total += value.text.length;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') continue;
    total += countText(child);
  }
  return total;
}

class Checker {
  readonly problems: string[] = [];

  add(where: string, problem: string): void {
    this.problems.push(`${where}: ${problem}`);
  }

  /** A text object: the right type(s), a string of 1..max characters. */
  text(where: string, value: unknown, max: number, opts: { plainOnly?: boolean; optional?: boolean } = {}): void {
    if (value === undefined) {
      if (!opts.optional) this.add(where, 'is missing');
      return;
    }
    if (!isTextObject(value)) {
      this.add(where, 'is not a text object');
      return;
    }
    if (opts.plainOnly && value.type !== 'plain_text') this.add(where, `must be plain_text, not ${value.type}`);
    if (typeof value.text !== 'string') {
      this.add(where, 'text is not a string');
      return;
    }
    if (value.text.length === 0) this.add(where, 'text is empty');
    if (value.text.length > max) this.add(where, `text is ${value.text.length} characters (max ${max})`);
  }

  string(where: string, value: unknown, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'string') {
      this.add(where, 'is not a string');
      return;
    }
    if (value.length > max) this.add(where, `is ${value.length} characters (max ${max})`);
  }

  option(where: string, value: unknown): void {
    if (!isRecord(value)) {
      this.add(where, 'is not an option object');
      return;
    }
    this.text(`${where}.text`, value.text, OPTION_TEXT_MAX);
    if (typeof value.value !== 'string') this.add(`${where}.value`, 'is missing');
    else this.string(`${where}.value`, value.value, OPTION_VALUE_MAX);
    this.text(`${where}.description`, value.description, OPTION_TEXT_MAX, { optional: true });
  }

  options(where: string, value: unknown, max: number, min = 0): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.add(where, 'is not an array');
      return;
    }
    if (value.length > max) this.add(where, `has ${value.length} options (max ${max})`);
    if (value.length < min) this.add(where, `has ${value.length} options (min ${min})`);
    for (const [i, option] of value.entries()) this.option(`${where}[${i}]`, option);
  }

  confirm(where: string, value: unknown): void {
    if (value === undefined) return;
    if (!isRecord(value)) {
      this.add(where, 'is not a confirm object');
      return;
    }
    this.text(`${where}.title`, value.title, 100, { plainOnly: true, optional: true });
    this.text(`${where}.text`, value.text, 300, { optional: true });
    this.text(`${where}.confirm`, value.confirm, 30, { plainOnly: true, optional: true });
    this.text(`${where}.deny`, value.deny, 30, { plainOnly: true, optional: true });
  }

  /** An interactive element or image inside a section accessory, actions, context or input block. */
  element(where: string, value: unknown): void {
    if (!isRecord(value)) {
      this.add(where, 'is not an element object');
      return;
    }
    const type = value.type;
    if (typeof type !== 'string') {
      this.add(where, 'has no type');
      return;
    }
    if ('action_id' in value) {
      if (typeof value.action_id !== 'string' || value.action_id.length === 0)
        this.add(`${where}.action_id`, 'is empty');
      else this.string(`${where}.action_id`, value.action_id, ACTION_ID_MAX);
    }
    this.confirm(`${where}.confirm`, value.confirm);
    switch (type) {
      case 'button':
        this.text(`${where}.text`, value.text, BUTTON_TEXT_MAX, { plainOnly: true });
        this.string(`${where}.value`, value.value, BUTTON_VALUE_MAX);
        this.string(`${where}.url`, value.url, BUTTON_URL_MAX);
        if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
          this.add(`${where}.style`, `must be primary or danger, not ${String(value.style)}`);
        }
        break;
      case 'overflow':
        this.options(`${where}.options`, value.options, OVERFLOW_OPTIONS_MAX, 1);
        break;
      case 'static_select':
      case 'multi_static_select': {
        this.text(`${where}.placeholder`, value.placeholder, PLACEHOLDER_TEXT_MAX, { plainOnly: true, optional: true });
        this.options(`${where}.options`, value.options, SELECT_OPTIONS_MAX);
        if (Array.isArray(value.option_groups)) {
          value.option_groups.forEach((group: unknown, g) => {
            if (isRecord(group))
              this.options(`${where}.option_groups[${g}].options`, group.options, SELECT_OPTIONS_MAX);
          });
        }
        break;
      }
      case 'radio_buttons':
      case 'checkboxes':
        this.options(`${where}.options`, value.options, 10);
        break;
      case 'image':
        this.string(`${where}.alt_text`, value.alt_text, ALT_TEXT_MAX);
        this.string(`${where}.image_url`, value.image_url, IMAGE_URL_MAX);
        break;
      case 'plain_text':
      case 'mrkdwn':
        this.text(where, value, TEXT_OBJECT_MAX);
        break;
      default:
        if ('placeholder' in value) {
          this.text(`${where}.placeholder`, value.placeholder, PLACEHOLDER_TEXT_MAX, { plainOnly: true });
        }
    }
  }

  block(where: string, block: Json): void {
    switch (block.type) {
      case 'section': {
        const hasText = block.text !== undefined;
        const hasFields = block.fields !== undefined;
        if (!hasText && !hasFields) this.add(where, 'has neither text nor fields');
        if (hasText) this.text(`${where}.text`, block.text, SECTION_TEXT_MAX);
        if (hasFields) {
          if (!Array.isArray(block.fields)) this.add(`${where}.fields`, 'is not an array');
          else {
            if (block.fields.length > SECTION_FIELDS_MAX) {
              this.add(`${where}.fields`, `has ${block.fields.length} fields (max ${SECTION_FIELDS_MAX})`);
            }
            for (const [i, field] of (block.fields as unknown[]).entries()) {
              this.text(`${where}.fields[${i}]`, field, SECTION_FIELD_TEXT_MAX);
            }
          }
        }
        if (block.accessory !== undefined) this.element(`${where}.accessory`, block.accessory);
        break;
      }
      case 'header':
        this.text(`${where}.text`, block.text, HEADER_TEXT_MAX, { plainOnly: true });
        break;
      case 'context': {
        if (!Array.isArray(block.elements)) {
          this.add(`${where}.elements`, 'is not an array');
          break;
        }
        if (block.elements.length === 0) this.add(`${where}.elements`, 'is empty');
        if (block.elements.length > CONTEXT_ELEMENTS_MAX) {
          this.add(`${where}.elements`, `has ${block.elements.length} elements (max ${CONTEXT_ELEMENTS_MAX})`);
        }
        for (const [i, element] of (block.elements as unknown[]).entries())
          this.element(`${where}.elements[${i}]`, element);
        break;
      }
      case 'actions': {
        if (!Array.isArray(block.elements)) {
          this.add(`${where}.elements`, 'is not an array');
          break;
        }
        if (block.elements.length === 0) this.add(`${where}.elements`, 'is empty');
        if (block.elements.length > ACTIONS_ELEMENTS_MAX) {
          this.add(`${where}.elements`, `has ${block.elements.length} elements (max ${ACTIONS_ELEMENTS_MAX})`);
        }
        const actionIds = new Set<string>();
        block.elements.forEach((element: unknown, i) => {
          this.element(`${where}.elements[${i}]`, element);
          if (isRecord(element) && typeof element.action_id === 'string') {
            if (actionIds.has(element.action_id)) {
              this.add(`${where}.elements[${i}].action_id`, `"${element.action_id}" is not unique in its block`);
            }
            actionIds.add(element.action_id);
          }
        });
        break;
      }
      case 'divider':
        break;
      case 'image':
        this.string(`${where}.alt_text`, block.alt_text, ALT_TEXT_MAX);
        this.string(`${where}.image_url`, block.image_url, IMAGE_URL_MAX);
        this.text(`${where}.title`, block.title, 2000, { plainOnly: true, optional: true });
        break;
      case 'input':
        this.text(`${where}.label`, block.label, 2000, { plainOnly: true });
        this.text(`${where}.hint`, block.hint, 2000, { plainOnly: true, optional: true });
        this.element(`${where}.element`, block.element);
        break;
      default:
        // Blocks we do not render (rich_text, video, …): only the generic checks (block_id, total text) apply.
        break;
    }
  }
}

/**
 * Every way `blocks` would break Slack's limits for a surface of the given kind; empty means OK.
 * Walks every block and element: counts, text lengths, button values/urls, ids, options, and (for messages) the
 * total text of all blocks; (for views) the serialised size.
 */
export function validateMessage(blocks: readonly AnyBlock[], kind: SurfaceKind): string[] {
  const check = new Checker();
  const max = blocksMax(kind);
  if (blocks.length > max) check.add(kind, `has ${blocks.length} blocks (max ${max})`);

  const blockIds = new Set<string>();
  blocks.forEach((raw: unknown, i) => {
    if (!isRecord(raw) || typeof raw.type !== 'string') {
      check.add(`blocks[${i}]`, 'is not a block');
      return;
    }
    const where = `blocks[${i}] (${raw.type})`;
    if (raw.block_id !== undefined) {
      if (typeof raw.block_id !== 'string' || raw.block_id.length === 0) check.add(`${where}.block_id`, 'is empty');
      else {
        check.string(`${where}.block_id`, raw.block_id, BLOCK_ID_MAX);
        if (blockIds.has(raw.block_id)) check.add(`${where}.block_id`, `"${raw.block_id}" is not unique`);
        blockIds.add(raw.block_id);
      }
    }
    check.block(where, raw);
  });

  if (kind === 'message') {
    const total = countText(blocks);
    if (total > MESSAGE_TEXT_MAX) check.add(kind, `has ${total} characters of text in all (max ${MESSAGE_TEXT_MAX})`);
  } else {
    const bytes = new TextEncoder().encode(JSON.stringify(blocks)).length;
    if (bytes > VIEW_BYTES_MAX) check.add(kind, `is ${bytes} bytes serialised (max ${VIEW_BYTES_MAX})`);
  }
  return check.problems;
}

/** validateMessage for a whole view, plus `private_metadata`. */
export function validateView(view: {
  type: 'modal' | 'home';
  blocks: readonly AnyBlock[];
  private_metadata?: string;
}): string[] {
  const problems = validateMessage(view.blocks, view.type);
  if (view.private_metadata !== undefined && view.private_metadata.length > PRIVATE_METADATA_MAX) {
    problems.push(
      `${view.type}.private_metadata: is ${view.private_metadata.length} characters (max ${PRIVATE_METADATA_MAX})`,
    );
  }
  return problems;
}
