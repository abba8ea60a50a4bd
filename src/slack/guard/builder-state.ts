import { isRecord } from '../../guards';
import type { BuilderState, BuilderStateValue } from '../builder-submission';

/**
 * view.state.values as the builder reads it, from whatever a submission carried. Slack sends strings, nulls and
 * option objects; a forged or garbled payload can send numbers, objects or no state at all, and each such field is
 * read as empty, so the submission gets the builder's own answers ("Pick a region") instead of a throw before ack.
 */
export function builderStateOf(view: unknown): BuilderState {
  const values = field(field(view, 'state'), 'values');
  if (!isRecord(values)) return {};
  return Object.fromEntries(
    Object.entries(values).map(([blockId, block]) => [
      blockId,
      isRecord(block)
        ? Object.fromEntries(Object.entries(block).map(([actionId, input]) => [actionId, stateValueOf(input)]))
        : {},
    ]),
  );
}

function stateValueOf(input: unknown): BuilderStateValue {
  const type = field(input, 'type');
  const value = field(input, 'value');
  const conversation = field(input, 'selected_conversation');
  const optionValue = field(field(input, 'selected_option'), 'value');
  const read: BuilderStateValue = { type: typeof type === 'string' ? type : '' };
  if (typeof value === 'string') read.value = value;
  if (typeof optionValue === 'string') read.selected_option = { value: optionValue };
  if (typeof conversation === 'string') read.selected_conversation = conversation;
  return read;
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}
