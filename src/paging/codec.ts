import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRecord } from '../guards';
import type { EniCursor, PageState } from './state';
import type { StateStore } from './store';

/**
 * Button values: signed, expiring, and always within Slack's 2000-character limit.
 *
 *   p1.<exp>.<base64url state>.<mac>   the state travels inside the button
 *   k1.<exp>.<store key>.<mac>         the state is in the server-side store under a short key
 *
 * The MAC (HMAC-SHA256, truncated to 128 bits) covers the version, expiry and body, so a user who edits a value
 * in devtools gets "tampered", not someone else's query.
 */
export const MAX_BUTTON_VALUE = 2000;
export const DEFAULT_TTL_MS = 6 * 60 * 60 * 1000;

export type DecodeResult =
  | { ok: true; state: PageState }
  | { ok: false; reason: 'malformed' | 'tampered' | 'expired' | 'evicted' };

export interface StateCodecOptions {
  secret: string;
  store: StateStore;
  ttlMs?: number;
  now?: () => number;
  /** Only for tests: a smaller limit to exercise the store path. */
  maxValueLength?: number;
  /**
   * Who a value belongs to (the workspace), mixed into every MAC: a value minted for one scope fails to verify in
   * another, so a button can't be carried across workspaces. Read at encode and at decode time.
   */
  scope?: () => string;
}

/** A small signed value that needs no page state (Details, Home's "List sessions"). */
export type UnsealResult = { ok: true; payload: string } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

export class StateCodec {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxValueLength: number;

  constructor(private readonly options: StateCodecOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.now = options.now ?? Date.now;
    this.maxValueLength = options.maxValueLength ?? MAX_BUTTON_VALUE;
  }

  /** `owner` is the user whose reply carries the value: a state too large to travel counts against their quota. */
  encode(state: PageState, owner?: string): string {
    const expiresAt = this.now() + this.ttlMs;
    const exp = Math.floor(expiresAt / 1000).toString(36);
    const json = JSON.stringify(state);
    const inline = this.sign('p1', exp, Buffer.from(json).toString('base64url'));
    if (inline.length <= this.maxValueLength) return inline;
    const key = randomBytes(12).toString('base64url');
    this.options.store.put(key, json, expiresAt, owner);
    return this.sign('k1', exp, key);
  }

  /** Async because a shared store (Redis) answers over the network; a value that carries its state never waits. */
  async decode(value: string): Promise<DecodeResult> {
    const parts = value.split('.');
    if (parts.length !== 4) return { ok: false, reason: 'malformed' };
    const [version, exp, body, mac] = parts as [string, string, string, string];
    if (version !== 'p1' && version !== 'k1') return { ok: false, reason: 'malformed' };
    if (!this.verify(`${version}.${exp}.${body}`, mac)) return { ok: false, reason: 'tampered' };
    const expiresAt = parseInt(exp, 36) * 1000;
    const now = this.now();
    if (!Number.isFinite(expiresAt) || expiresAt <= now) return { ok: false, reason: 'expired' };
    const json =
      version === 'p1' ? Buffer.from(body, 'base64url').toString('utf8') : await this.options.store.get(body, now);
    if (json === undefined) return { ok: false, reason: 'evicted' };
    const state = parseState(json);
    return state ? { ok: true, state } : { ok: false, reason: 'malformed' };
  }

  /**
   * `s1.<exp>.<base64url payload>.<mac>`: signed and expiring like page state. `purpose` is covered by the MAC but
   * not carried, so a value minted for one kind of button is refused by another.
   */
  seal(purpose: string, payload: string): string {
    const exp = Math.floor((this.now() + this.ttlMs) / 1000).toString(36);
    const signed = `s1.${exp}.${Buffer.from(payload).toString('base64url')}`;
    return `${signed}.${this.mac(`${purpose}:${signed}`)}`;
  }

  unseal(purpose: string, value: string): UnsealResult {
    const parts = value.split('.');
    if (parts.length !== 4 || parts[0] !== 's1') return { ok: false, reason: 'malformed' };
    const [, exp, body, mac] = parts as [string, string, string, string];
    const signed = `s1.${exp}.${body}`;
    if (!this.verify(`${purpose}:${signed}`, mac)) return { ok: false, reason: 'tampered' };
    const expiresAt = parseInt(exp, 36) * 1000;
    if (!Number.isFinite(expiresAt) || expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, payload: Buffer.from(body, 'base64url').toString('utf8') };
  }

  private sign(version: string, exp: string, body: string): string {
    const signed = `${version}.${exp}.${body}`;
    return `${signed}.${this.mac(signed)}`;
  }

  private mac(text: string): string {
    const scope = this.options.scope?.() ?? '';
    // Unscoped values keep the MAC they always had; a scoped one can never equal it (the NUL cannot occur in text).
    const input = scope === '' ? text : `${scope}\u0000${text}`;
    return createHmac('sha256', this.options.secret).update(input).digest().subarray(0, 16).toString('base64url');
  }

  private verify(text: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(text));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/**
 * Runtime check of a decoded state: a signed value is ours, but an old deploy may have written another shape.
 * Cursors must match the query: NextTokens for a plain list, EniCursors for an ENI lookup, never a mix.
 */
function parseState(json: string): PageState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.region !== 'string' || !Array.isArray(value.tokens)) return undefined;
  const query = value.query;
  if (!isRecord(query) || !isRecord(query.scope) || !isRecord(query.filters) || typeof query.limit !== 'number')
    return undefined;
  if (!filtersOk(query.filters)) return undefined;
  const scope = query.scope;
  const scopeOk =
    scope.kind === 'all' || scope.kind === 'anywhere' || (scope.kind === 'region' && typeof scope.region === 'string');
  if (!scopeOk) return undefined;
  if (query.eni !== undefined && typeof query.eni !== 'string') return undefined;
  if (query.host !== undefined && !isHostValue(query.host)) return undefined;
  if (query.view !== undefined && query.view !== 'cards') return undefined;
  if (query.account !== undefined && (typeof query.account !== 'string' || !/^[a-z0-9-]{1,32}$/.test(query.account)))
    return undefined;
  const tokens: unknown[] = value.tokens;
  const cursorsOk =
    query.eni === undefined ? tokens.every((t) => typeof t === 'string') : tokens.every(isEniCursorValue);
  if (!cursorsOk) return undefined;
  return value as unknown as PageState;
}

/** A host lookup pages by offset into its merged list, so its cursors are plain strings like a list's. */
function isHostValue(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return (
    (value.kind === 'ip' && typeof value.ip === 'string') ||
    (value.kind === 'instance' && typeof value.instanceId === 'string')
  );
}

const STRING_FILTERS = ['name', 'sourceId', 'targetId', 'filterId', 'resourceGroupId'] as const;

/** A signed state is ours, but a leaked key must not turn type confusion into a wrong query or a crash. */
function filtersOk(filters: Record<string, unknown>): boolean {
  const { tags, sessionIds, vni, priority, enabled } = filters;
  if (!Array.isArray(tags) || !Array.isArray(sessionIds)) return false;
  if (!sessionIds.every((id) => typeof id === 'string')) return false;
  const tagOk = (tag: unknown) =>
    isRecord(tag) && typeof tag.key === 'string' && (tag.value === undefined || typeof tag.value === 'string');
  if (!tags.every(tagOk)) return false;
  if (!STRING_FILTERS.every((key) => filters[key] === undefined || typeof filters[key] === 'string')) return false;
  const integerOk = (n: unknown) => n === undefined || Number.isSafeInteger(n);
  return integerOk(vni) && integerOk(priority) && (enabled === undefined || typeof enabled === 'boolean');
}

function isEniCursorValue(value: unknown): value is EniCursor {
  if (!isRecord(value)) return false;
  const position = (p: unknown): boolean => p === null || typeof p === 'string';
  const total = (t: unknown): boolean => t === undefined || (typeof t === 'number' && Number.isFinite(t));
  return position(value.source) && position(value.target) && total(value.sourceTotal) && total(value.targetTotal);
}
