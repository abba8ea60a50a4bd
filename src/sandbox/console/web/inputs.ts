/**
 * Modal inputs, read and restored from the DOM. Like Slack's client, what the person entered stays theirs across
 * re-renders (an errors answer, a views.update), and each element reports its value as Slack would: text, an option
 * value, a conversation id, several (checkboxes, multi-selects), or null (cleared).
 */
type InputValue = string | string[] | null;
/** block_id -> action_id -> value */
type InputValues = Record<string, Record<string, InputValue>>;

const INPUTS = '#modal-root [data-input-block][data-action-id]';

function inputValue(el: Element): InputValue {
  const kind = el.getAttribute('data-kind');
  if (kind === 'radio_buttons') {
    const checked = el.querySelector<HTMLInputElement>('input:checked');
    return checked ? checked.value : null;
  }
  if (kind === 'checkboxes') return [...el.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
  if (el instanceof HTMLSelectElement && el.multiple)
    return [...el.options].filter((o) => o.selected && o.value).map((o) => o.value);
  if (el instanceof HTMLSelectElement) return el.value ? el.value : null;
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
  return null;
}

function setInputValue(el: Element, value: InputValue): void {
  const kind = el.getAttribute('data-kind');
  if (kind === 'radio_buttons' || kind === 'checkboxes') {
    const wanted = Array.isArray(value) ? value : value === null ? [] : [value];
    for (const i of el.querySelectorAll<HTMLInputElement>('input')) i.checked = wanted.includes(i.value);
    return;
  }
  if (el instanceof HTMLSelectElement) {
    const chosen = Array.isArray(value) ? value : [value === null ? '' : value];
    for (const o of el.options) o.selected = chosen.includes(o.value);
    return;
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)
    el.value = value === null ? '' : Array.isArray(value) ? value.join(',') : value;
}

function modalInputs(): Element[] {
  return [...document.querySelectorAll(INPUTS)];
}

/** True when the element is one of the open modal's inputs. */
export function inputOf(target: EventTarget | null): Element | null {
  return target instanceof Element ? target.closest(INPUTS) : null;
}

/** What the person entered, per view id, kept across re-renders. */
export class Drafts {
  private readonly byView = new Map<string, InputValues>();

  remember(el: Element): void {
    const viewId = el.closest('[data-testid="modal"]')?.getAttribute('data-view-id');
    const block = el.getAttribute('data-input-block');
    const action = el.getAttribute('data-action-id');
    if (!viewId || block === null || action === null) return;
    const drafts = this.byView.get(viewId) ?? {};
    this.byView.set(viewId, drafts);
    drafts[block] = { ...drafts[block], [action]: inputValue(el) };
  }

  restore(viewId: string): void {
    const drafts = this.byView.get(viewId);
    if (!drafts) return;
    for (const el of modalInputs()) {
      const block = drafts[el.getAttribute('data-input-block') ?? ''];
      const action = el.getAttribute('data-action-id') ?? '';
      if (block && Object.hasOwn(block, action)) setInputValue(el, block[action] ?? null);
    }
  }

  /** What was typed into views no longer open is forgotten, as in Slack. */
  keepOnly(openIds: readonly string[]): void {
    for (const id of [...this.byView.keys()]) if (!openIds.includes(id)) this.byView.delete(id);
  }
}

/** block_id -> action_id -> value of every input in the open modal, as the person left them. */
export function modalValues(): InputValues {
  const values: InputValues = {};
  for (const el of modalInputs()) {
    const block = el.getAttribute('data-input-block') ?? '';
    const action = el.getAttribute('data-action-id') ?? '';
    values[block] = { ...values[block], [action]: inputValue(el) };
  }
  return values;
}
