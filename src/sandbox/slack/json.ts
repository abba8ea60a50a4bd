/** Small runtime guards for JSON that came from the bot: nothing it sends is trusted to have a shape. */
import { isRecord } from '../../guards';

export type JsonObject = Record<string, unknown>;
export { isRecord };

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}

/** The `text` of a Block Kit text object, or undefined. */
export function textOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.text === 'string' ? value.text : undefined;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Every piece of visible text in some blocks, joined by newlines: handy for assertions. */
export function flattenBlockText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!isRecord(value)) return;
    if ((value.type === 'plain_text' || value.type === 'mrkdwn') && typeof value.text === 'string') {
      out.push(value.text);
      return;
    }
    if (value.type === 'text' && typeof value.text === 'string') out.push(value.text);
    for (const [key, child] of Object.entries(value)) {
      if (key === 'value' || key === 'action_id' || key === 'block_id' || key === 'url' || key === 'image_url')
        continue;
      walk(child);
    }
  };
  walk(blocks);
  return out.join('\n');
}
