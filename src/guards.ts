/**
 * Runtime guards for values whose shape nobody promised: API responses, button values, JSON from the bot.
 * One copy for every layer, so they cannot drift apart.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  // json-bigint builds objects with Object.create(null): no prototype checks here.
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field when it is a non-empty string; an empty string says nothing, so it is undefined too. */
export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
