import type { MirrorQuery } from '../query/types';

/**
 * Everything a paging button needs to fetch its page, and nothing else.
 * `tokens[i]` is the NextToken that fetches page i + 2, so page 1 is `tokens: []` and the page number is
 * `tokens.length + 1`. "Previous" is the same state with the last token dropped: no server memory needed.
 */
export interface PageState {
  query: MirrorQuery;
  region: string;
  tokens: string[];
}

export function pageNumberOf(state: PageState): number {
  return state.tokens.length + 1;
}

/** The token to send for this page (undefined for page 1). */
export function tokenOf(state: PageState): string | undefined {
  return state.tokens[state.tokens.length - 1];
}

export function nextState(state: PageState, nextToken: string): PageState {
  return { ...state, tokens: [...state.tokens, nextToken] };
}

export function previousState(state: PageState): PageState | undefined {
  return state.tokens.length === 0 ? undefined : { ...state, tokens: state.tokens.slice(0, -1) };
}

export function firstState(query: MirrorQuery, region: string): PageState {
  return { query, region, tokens: [] };
}
