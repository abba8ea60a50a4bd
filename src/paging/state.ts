import type { MirrorQuery } from '../query/types';

/**
 * Where the two streams of an ENI lookup (the ENI as source, the ENI as target) resume: a NextToken, or null once
 * that stream is exhausted, so it is not asked again. The totals are what each stream reported last: an exhausted
 * stream is not asked, yet its count still belongs in the summary.
 */
export interface EniCursor {
  source: string | null;
  target: string | null;
  sourceTotal?: number;
  targetTotal?: number;
}

/** What leads to the next page: a NextToken for a plain list, an EniCursor for an ENI lookup. */
export type PageCursor = string | EniCursor;

/**
 * Everything a paging button needs to fetch its page, and nothing else.
 * `tokens[i]` is the cursor that fetches page i + 2, so page 1 is `tokens: []` and the page number is
 * `tokens.length + 1`. "Previous" is the same state with the last cursor dropped: no server memory needed.
 * A plain list holds strings; an ENI lookup (`query.eni`) holds EniCursors (codec.ts checks they do not mix).
 * `region` is ALL_REGIONS for the first page of an `all` query (the overview).
 */
export interface PageState {
  query: MirrorQuery;
  region: string;
  tokens: PageCursor[];
}

/** The region of an `all` overview's state: it is a page of no single region. */
export const ALL_REGIONS = 'all';

export function isEniCursor(cursor: PageCursor | undefined): cursor is EniCursor {
  return typeof cursor === 'object' && cursor !== null;
}

export function pageNumberOf(state: PageState): number {
  return state.tokens.length + 1;
}

/** The NextToken to send for a plain list (undefined for page 1, or for an ENI lookup: see eniCursorOf). */
export function tokenOf(state: PageState): string | undefined {
  const last = state.tokens[state.tokens.length - 1];
  return typeof last === 'string' ? last : undefined;
}

/** Where both streams of an ENI lookup resume (undefined for page 1: both from the start). */
export function eniCursorOf(state: PageState): EniCursor | undefined {
  const last = state.tokens[state.tokens.length - 1];
  return isEniCursor(last) ? last : undefined;
}

export function nextState(state: PageState, cursor: PageCursor): PageState {
  return { ...state, tokens: [...state.tokens, cursor] };
}

export function previousState(state: PageState): PageState | undefined {
  return state.tokens.length === 0 ? undefined : { ...state, tokens: state.tokens.slice(0, -1) };
}

export function firstState(query: MirrorQuery, region: string): PageState {
  return { query, region, tokens: [] };
}

/**
 * One region's own list, out of an `all` query: the same filters, scoped to that region, so its buttons, CLI line
 * and "Start over" all speak of that region.
 */
export function regionQuery(query: MirrorQuery, region: string): MirrorQuery {
  return { ...query, scope: { kind: 'region', region } };
}
