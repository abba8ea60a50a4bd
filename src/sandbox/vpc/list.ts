/**
 * ListTrafficMirrorSessions: parameter rules, filters (all combined with AND) and opaque, query-bound page tokens.
 * It spells the API's parameters itself rather than reading the bot's filter table (query/filters.ts, cloud/'s
 * WIRE_NAMES): a stand-in built from the code under test would agree with the bot by construction.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WireTag, WireTrafficMirrorSession } from './dataset';
import { API_ERRORS, type ApiErrorSpec, invalidParameter } from './errors';

const MAX_SESSION_IDS = 100;
export const MAX_TAGS = 20;
export const DEFAULT_MAX_RESULTS = 10;

interface TagFilter {
  key: string;
  /** Present (possibly empty) when Tags.N.Value was sent: then the value must match too. */
  value?: string;
}

/** The filters of one request; everything but RegionId, MaxResults and NextToken. */
interface SessionFilter {
  ids?: string[];
  name?: string;
  sourceId?: string;
  targetId?: string;
  filterId?: string;
  vni?: number;
  priority?: number;
  enabled?: boolean;
  resourceGroupId?: string;
  tags: TagFilter[];
}

export interface ListRequest {
  filter: SessionFilter;
  maxResults: number;
  /** Absent or empty: the first page. */
  nextToken?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ApiErrorSpec };

const INT = /^\d{1,10}$/;
const HTTP_PREFIX = /^https?:\/\//i;

/** An optional string parameter; an empty value counts as absent, as the real service treats it. */
function optional(params: ReadonlyMap<string, string>, name: string): string | undefined {
  const value = params.get(name);
  return value === undefined || value === '' ? undefined : value;
}

function intInRange(raw: string | undefined, min: number, max: number): number | undefined | null {
  if (raw === undefined) return undefined;
  if (!INT.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

/** Checks every request parameter of ListTrafficMirrorSessions except RegionId. */
export function parseListRequest(params: ReadonlyMap<string, string>): Parsed<ListRequest> {
  // MaxResults: an integer 1..100, default 10.
  const rawMax = params.get('MaxResults');
  let maxResults = DEFAULT_MAX_RESULTS;
  if (rawMax !== undefined) {
    const n = intInRange(rawMax, 1, 100);
    if (n === null || n === undefined) return { ok: false, error: API_ERRORS.maxResults };
    maxResults = n;
  }

  const filter: SessionFilter = { tags: [] };
  const ids = new Map<number, string>();
  const tagKeys = new Map<number, string>();
  const tagValues = new Map<number, string>();

  for (const [key, value] of params) {
    if (key === 'TrafficMirrorSessionIds' || key === 'Tags') {
      return {
        ok: false,
        error: invalidParameter(
          `The parameter ${key} must be sent as ${key === 'Tags' ? 'Tags.N.Key and Tags.N.Value' : `${key}.N`}.`,
        ),
      };
    }
    if (key.startsWith('TrafficMirrorSessionIds.')) {
      const index = intInRange(key.slice('TrafficMirrorSessionIds.'.length), 1, Number.MAX_SAFE_INTEGER);
      if (index === null || index === undefined)
        return { ok: false, error: invalidParameter(`The parameter ${key} is not valid.`) };
      if (index > MAX_SESSION_IDS) {
        return {
          ok: false,
          error: invalidParameter(`The number of TrafficMirrorSessionIds exceeds the limit of ${MAX_SESSION_IDS}.`),
        };
      }
      if (value !== '') ids.set(index, value);
      continue;
    }
    if (key.startsWith('Tags.')) {
      const match = /^Tags\.([^.]+)\.(Key|Value)$/.exec(key);
      if (!match) continue; // Other members of a tag object are not part of this API; the service ignores them.
      const index = intInRange(match[1], 1, Number.MAX_SAFE_INTEGER);
      if (index === null || index === undefined)
        return { ok: false, error: invalidParameter(`The parameter ${key} is not valid.`) };
      if (index > MAX_TAGS)
        return { ok: false, error: invalidParameter(`The number of Tags exceeds the limit of ${MAX_TAGS}.`) };
      (match[2] === 'Key' ? tagKeys : tagValues).set(index, value);
    }
  }
  if (ids.size > 0) filter.ids = [...new Set(ids.values())];

  for (const [index, value] of tagValues) {
    if (!tagKeys.has(index))
      return {
        ok: false,
        error: invalidParameter(`The parameter Tags.${index}.Key is mandatory when Tags.${index}.Value is specified.`),
      };
    if (value.length > 128 || HTTP_PREFIX.test(value))
      return { ok: false, error: invalidParameter(`The parameter Tags.${index}.Value is not valid.`) };
  }
  for (const [index, key] of [...tagKeys].sort(([a], [b]) => a - b)) {
    if (key === '' || key.length > 64 || /^(aliyun|acs:)/i.test(key) || /https?:\/\//i.test(key)) {
      return { ok: false, error: invalidParameter(`The parameter Tags.${index}.Key is not valid.`) };
    }
    const tag: TagFilter = { key };
    const value = tagValues.get(index);
    if (value !== undefined) tag.value = value;
    filter.tags.push(tag);
  }

  const name = optional(params, 'TrafficMirrorSessionName');
  if (name !== undefined) {
    if (name.length > 128 || HTTP_PREFIX.test(name))
      return { ok: false, error: invalidParameter('The parameter TrafficMirrorSessionName is not valid.') };
    filter.name = name;
  }
  const sourceId = optional(params, 'TrafficMirrorSourceId');
  if (sourceId !== undefined) filter.sourceId = sourceId;
  const targetId = optional(params, 'TrafficMirrorTargetId');
  if (targetId !== undefined) filter.targetId = targetId;
  const filterId = optional(params, 'TrafficMirrorFilterId');
  if (filterId !== undefined) filter.filterId = filterId;
  const resourceGroupId = optional(params, 'ResourceGroupId');
  if (resourceGroupId !== undefined) filter.resourceGroupId = resourceGroupId;

  const vni = intInRange(optional(params, 'VirtualNetworkId'), 0, 16777215);
  if (vni === null)
    return {
      ok: false,
      error: invalidParameter('The parameter VirtualNetworkId is not valid. Valid values: 0 to 16777215.'),
    };
  if (vni !== undefined) filter.vni = vni;

  const priority = intInRange(optional(params, 'Priority'), 1, 32766);
  if (priority === null)
    return { ok: false, error: invalidParameter('The parameter Priority is not valid. Valid values: 1 to 32766.') };
  if (priority !== undefined) filter.priority = priority;

  const enabled = optional(params, 'Enabled');
  if (enabled !== undefined) {
    const lower = enabled.toLowerCase();
    if (lower !== 'true' && lower !== 'false')
      return { ok: false, error: invalidParameter('The parameter Enabled is not valid. Valid values: true, false.') };
    filter.enabled = lower === 'true';
  }

  const request: ListRequest = { filter, maxResults };
  const nextToken = optional(params, 'NextToken');
  if (nextToken !== undefined) request.nextToken = nextToken;
  return { ok: true, value: request };
}

function hasTag(tags: readonly WireTag[], wanted: TagFilter): boolean {
  return tags.some((t) => t.Key === wanted.key && (wanted.value === undefined || t.Value === wanted.value));
}

/** Every filter that is set must hold (AND). */
function matchesFilter(session: WireTrafficMirrorSession, f: SessionFilter): boolean {
  if (f.ids !== undefined && !f.ids.includes(session.TrafficMirrorSessionId)) return false;
  if (f.name !== undefined && session.TrafficMirrorSessionName !== f.name) return false;
  if (f.sourceId !== undefined && !session.TrafficMirrorSourceIds.includes(f.sourceId)) return false;
  if (f.targetId !== undefined && session.TrafficMirrorTargetId !== f.targetId) return false;
  if (f.filterId !== undefined && session.TrafficMirrorFilterId !== f.filterId) return false;
  if (f.vni !== undefined && session.VirtualNetworkId !== f.vni) return false;
  if (f.priority !== undefined && session.Priority !== f.priority) return false;
  if (f.enabled !== undefined && session.Enabled !== f.enabled) return false;
  if (f.resourceGroupId !== undefined && session.ResourceGroupId !== f.resourceGroupId) return false;
  return f.tags.every((tag) => hasTag(session.Tags, tag));
}

/** A stable digest of region + filters: the same question always has the same digest, whatever the parameter order. */
function queryDigest(region: string, f: SessionFilter): string {
  const canonical = {
    region,
    ids: f.ids === undefined ? null : [...new Set(f.ids)].sort(),
    name: f.name ?? null,
    sourceId: f.sourceId ?? null,
    targetId: f.targetId ?? null,
    filterId: f.filterId ?? null,
    vni: f.vni ?? null,
    priority: f.priority ?? null,
    enabled: f.enabled ?? null,
    resourceGroupId: f.resourceGroupId ?? null,
    tags: f.tags
      .map((t) => [t.key, t.value === undefined ? null : t.value] as const)
      .sort((a, b) => (a[0] === b[0] ? (String(a[1]) < String(b[1]) ? -1 : 1) : a[0] < b[0] ? -1 : 1)),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

const MAC_BYTES = 20;

/**
 * Page tokens: base64url(offset as uint32 big-endian ‖ HMAC-SHA256(secret, digest ‖ offset)[0..20]). Opaque to the
 * client, bound to the query that produced it, and forgery-proof without the server's secret.
 */
export class PageTokens {
  constructor(private readonly secret: Buffer) {}

  private mac(digest: string, offset: number): Buffer {
    return createHmac('sha256', this.secret).update(`${digest}|${offset}`).digest().subarray(0, MAC_BYTES);
  }

  issue(digest: string, offset: number): string {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(offset);
    return Buffer.concat([head, this.mac(digest, offset)]).toString('base64url');
  }

  /** The offset the token stands for, or undefined when it was not issued for this query by this server. */
  open(digest: string, token: string): number | undefined {
    if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 4 + MAC_BYTES) return undefined;
    const offset = raw.readUInt32BE(0);
    const expected = this.mac(digest, offset);
    return timingSafeEqual(expected, raw.subarray(4)) ? offset : undefined;
  }
}

export interface ListPage {
  sessions: WireTrafficMirrorSession[];
  totalCount: number;
  nextToken: string;
}

export function listPage(
  all: readonly WireTrafficMirrorSession[],
  region: string,
  request: ListRequest,
  tokens: PageTokens,
): Parsed<ListPage> {
  const digest = queryDigest(region, request.filter);
  let offset = 0;
  if (request.nextToken !== undefined) {
    const opened = tokens.open(digest, request.nextToken);
    if (opened === undefined) return { ok: false, error: API_ERRORS.nextToken };
    offset = opened;
  }
  const matching = all.filter((s) => matchesFilter(s, request.filter));
  const end = offset + request.maxResults;
  return {
    ok: true,
    value: {
      sessions: matching.slice(offset, end).map(cloneSession),
      totalCount: matching.length,
      nextToken: end < matching.length ? tokens.issue(digest, end) : '',
    },
  };
}

function cloneSession(s: WireTrafficMirrorSession): WireTrafficMirrorSession {
  return {
    ...s,
    TrafficMirrorSourceIds: [...s.TrafficMirrorSourceIds],
    Tags: s.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}
