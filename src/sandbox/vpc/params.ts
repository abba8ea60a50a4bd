/**
 * Request-parameter helpers shared by the ECS and filter actions: `Name.N` lists, paging in both of ECS's styles,
 * and the digest that binds a page token to the question that produced it.
 */
import { createHash } from 'node:crypto';
import { API_ERRORS, type ApiErrorSpec, invalidParameter } from './errors';
import type { PageTokens, Parsed } from './list';

export const MAX_LIST_ITEMS = 100;

/** An optional string parameter; an empty value counts as absent, as the real services treat it. */
export function optional(params: ReadonlyMap<string, string>, name: string): string | undefined {
  const value = params.get(name);
  return value === undefined || value === '' ? undefined : value;
}

/** The values of `Name.1` … `Name.N` in index order, or undefined when none was sent. */
export function indexedList(params: ReadonlyMap<string, string>, name: string): Parsed<string[] | undefined> {
  if (params.has(name))
    return { ok: false, error: invalidParameter(`The parameter ${name} must be sent as ${name}.N.`) };
  const found = new Map<number, string>();
  for (const [key, value] of params) {
    if (!key.startsWith(`${name}.`)) continue;
    const raw = key.slice(name.length + 1);
    const index = /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
    if (index < 1) return { ok: false, error: invalidParameter(`The parameter ${key} is not valid.`) };
    if (index > MAX_LIST_ITEMS)
      return { ok: false, error: invalidParameter(`The number of ${name} exceeds the limit of ${MAX_LIST_ITEMS}.`) };
    if (value !== '') found.set(index, value);
  }
  if (found.size === 0) return { ok: true, value: undefined };
  return { ok: true, value: [...found].sort(([a], [b]) => a - b).map(([, v]) => v) };
}

/** Which of ECS's two paging styles a request uses. */
export type EcsPaging =
  | { mode: 'token'; maxResults: number; nextToken?: string }
  | { mode: 'page'; pageNumber: number; pageSize: number };

function integer(raw: string): number | undefined {
  return /^\d{1,10}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * ECS paging: MaxResults/NextToken when either is sent (MaxResults below 10 counts as 10 and above the cap as the
 * cap, as the ECS docs say), else the deprecated PageNumber/PageSize.
 */
export function ecsPaging(
  params: ReadonlyMap<string, string>,
  maxResultsCap: number,
  pageSizeCap: number,
): Parsed<EcsPaging> {
  const rawMax = optional(params, 'MaxResults');
  const nextToken = optional(params, 'NextToken');
  if (rawMax !== undefined || nextToken !== undefined) {
    let maxResults = 10;
    if (rawMax !== undefined) {
      const n = integer(rawMax);
      if (n === undefined)
        return { ok: false, error: invalidParameter('The specified parameter MaxResults is not valid.') };
      maxResults = Math.min(maxResultsCap, Math.max(10, n));
    }
    return {
      ok: true,
      value: nextToken === undefined ? { mode: 'token', maxResults } : { mode: 'token', maxResults, nextToken },
    };
  }
  const rawNumber = optional(params, 'PageNumber');
  const rawSize = optional(params, 'PageSize');
  const pageNumber = rawNumber === undefined ? 1 : integer(rawNumber);
  if (pageNumber === undefined || pageNumber < 1)
    return { ok: false, error: invalidParameter('The specified parameter PageNumber is not valid.') };
  const pageSize = rawSize === undefined ? 10 : integer(rawSize);
  if (pageSize === undefined || pageSize < 1 || pageSize > pageSizeCap)
    return {
      ok: false,
      error: invalidParameter(`The specified parameter PageSize is not valid. Valid values: 1 to ${pageSizeCap}.`),
    };
  return { ok: true, value: { mode: 'page', pageNumber, pageSize } };
}

/** A stable digest of an action's question, so a page token only continues the query that issued it. */
export function digestOf(action: string, region: string, question: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(question).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256')
    .update(JSON.stringify({ action, region, question: sorted }))
    .digest('hex');
}

export interface Page<T> {
  items: T[];
  /** '' on the last page. */
  nextToken: string;
  offset: number;
}

/** Cuts a token-style page; an unknown token (or one issued for another question) answers `tokenError`. */
export function tokenPage<T>(
  all: readonly T[],
  digest: string,
  maxResults: number,
  nextToken: string | undefined,
  tokens: PageTokens,
  tokenError: ApiErrorSpec = API_ERRORS.nextToken,
): Parsed<Page<T>> {
  let offset = 0;
  if (nextToken !== undefined) {
    const opened = tokens.open(digest, nextToken);
    if (opened === undefined) return { ok: false, error: tokenError };
    offset = opened;
  }
  const end = offset + maxResults;
  return {
    ok: true,
    value: { items: all.slice(offset, end), nextToken: end < all.length ? tokens.issue(digest, end) : '', offset },
  };
}
