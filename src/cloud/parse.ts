/**
 * ListTrafficMirrorSessions response → SessionPage, with runtime guards only (no casts).
 *
 * Tolerates what pop-core's json-bigint parsing and the API actually send: null-prototype objects, integers longer
 * than 15 digits as BigNumber objects, TotalCount as string or number, an empty or absent NextToken, missing fields,
 * and lists wrapped the XML way (`{ TrafficMirrorSession: [...] }`) as well as flat arrays.
 */

import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { isRecord } from '../guards';
import type { MirrorSession, SessionPage, SessionTag } from './types';

interface BigNumberLike {
  toFixed(): string;
  isBigNumber?: unknown;
}

function isBigNumberLike(value: unknown): value is BigNumberLike {
  // bignumber.js instances: plain object with prototype methods and a `_isBigNumber`/`isBigNumber` marker.
  return typeof value === 'object' && value !== null && 'toFixed' in value && typeof value.toFixed === 'function';
}

/** Strings as they are; numbers, booleans and BigNumbers as text; anything else as ''. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (isBigNumberLike(value)) return value.toFixed();
  return '';
}

/** Finite numbers from a number, a numeric string or a BigNumber; otherwise undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text =
    typeof value === 'string' ? value.trim() : isBigNumberLike(value) || typeof value === 'bigint' ? asText(value) : '';
  if (!/^-?\d+(?:\.\d+)?$/.test(text)) return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function asBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
  return false;
}

/** A list, whether flat (`[...]`) or wrapped (`{ Item: [...] }`); anything else is empty. */
export function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      const inner = value[key];
      if (Array.isArray(inner)) return inner;
    }
  }
  return [];
}

/** A zone at the end: `Z`, `+08`, `+0800`, `+08:00`. */
const HAS_ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * `2023-09-05T15:26Z` (minutes, no seconds) and its longer ISO cousins → Date, else undefined (`2023-02-30` too).
 * The API speaks UTC; parseISO would read zoneless text as the server's local time, so it gets a `Z` first.
 */
export function parseCreationTime(text: string): Date | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const date = parseISO(HAS_ZONE.test(trimmed) ? trimmed : `${trimmed}Z`);
  return isValid(date) ? date : undefined;
}

function parseTags(value: unknown): SessionTag[] {
  const tags: SessionTag[] = [];
  for (const item of asList(value)) {
    if (!isRecord(item)) continue;
    const key = asText(item.Key ?? item.TagKey);
    if (key === '') continue;
    tags.push({ key, value: asText(item.Value ?? item.TagValue) });
  }
  return tags;
}

function parseSession(raw: Record<string, unknown>): MirrorSession {
  const creationTimeRaw = asText(raw.CreationTime);
  return {
    id: asText(raw.TrafficMirrorSessionId),
    name: asText(raw.TrafficMirrorSessionName),
    description: asText(raw.TrafficMirrorSessionDescription),
    enabled: asBoolean(raw.Enabled),
    priority: asNumber(raw.Priority),
    vni: asNumber(raw.VirtualNetworkId),
    packetLength: asNumber(raw.PacketLength),
    targetId: asText(raw.TrafficMirrorTargetId),
    targetType: asText(raw.TrafficMirrorTargetType),
    filterId: asText(raw.TrafficMirrorFilterId),
    sourceIds: asList(raw.TrafficMirrorSourceIds)
      .map(asText)
      .filter((id) => id !== ''),
    status: asText(raw.TrafficMirrorSessionStatus),
    businessStatus: asText(raw.TrafficMirrorSessionBusinessStatus),
    resourceGroupId: asText(raw.ResourceGroupId),
    tags: parseTags(raw.Tags),
    creationTimeRaw,
    createdAt: creationTimeRaw === '' ? undefined : parseCreationTime(creationTimeRaw),
  };
}

export function parseSessionPage(
  json: Record<string, unknown>,
  region: string,
  fallbackRequestId?: string,
): SessionPage {
  const sessions: MirrorSession[] = [];
  for (const item of asList(json.TrafficMirrorSessions)) {
    if (isRecord(item)) sessions.push(parseSession(item));
  }
  const token = asText(json.NextToken).trim();
  const requestId = asText(json.RequestId);
  return {
    region,
    sessions,
    totalCount: asNumber(json.TotalCount),
    nextToken: token === '' ? undefined : token,
    requestId: requestId === '' ? fallbackRequestId : requestId,
  };
}
