/**
 * The on-call lookup "which sessions touch this ENI": the API filters by source or by target, never by either, so
 * it is two streams (TrafficMirrorSourceId, TrafficMirrorTargetId) asked in parallel and merged by session id.
 */
import type { SessionFilters } from '../query/types';
import type { MirrorSession, SessionSource } from './types';

/** What the ENI is to a session: one of its sources, its target, or (in principle) both. */
export type EniRole = 'source' | 'target' | 'both';

export interface EniPageRequest {
  region: string;
  eni: string;
  /** Every other filter of the query; applies to both streams. */
  filters: SessionFilters;
  /** MaxResults of each stream. */
  maxResults: number;
  /** Where each stream resumes: undefined starts it, a string is its NextToken, null means exhausted (skipped). */
  source?: string | null;
  target?: string | null;
}

/** One stream's share of a page; `listed` is false when it was exhausted before this page and not asked. */
interface EniStreamResult {
  listed: boolean;
  count: number;
  totalCount: number | undefined;
  nextToken: string | undefined;
  requestId: string | undefined;
}

export interface EniPage {
  region: string;
  eni: string;
  /** Source-stream sessions first, then target-stream ones not already there. */
  sessions: MirrorSession[];
  /** Keyed by session id. */
  roles: Map<string, EniRole>;
  source: EniStreamResult;
  target: EniStreamResult;
}

const SKIPPED: EniStreamResult = {
  listed: false,
  count: 0,
  totalCount: undefined,
  nextToken: undefined,
  requestId: undefined,
};

/** One page of both streams. A failure of either fails the page: half an answer would read as "not there". */
export async function listEniPage(
  sessions: SessionSource,
  request: EniPageRequest,
  signal?: AbortSignal,
): Promise<EniPage> {
  const { eni, region, maxResults } = request;
  // Either stream failing makes the other's answer useless: stop it rather than let it run to its budget.
  const sibling = new AbortController();
  const both = signal ? AbortSignal.any([signal, sibling.signal]) : sibling.signal;

  const stream = async (position: string | null | undefined, filters: SessionFilters) => {
    if (position === null) return { result: SKIPPED, sessions: [] };
    try {
      const page = await sessions.listPage(
        { region, filters, maxResults, ...(position !== undefined ? { nextToken: position } : {}) },
        both,
      );
      const result: EniStreamResult = {
        listed: true,
        count: page.sessions.length,
        totalCount: page.totalCount,
        nextToken: page.nextToken,
        requestId: page.requestId,
      };
      return { result, sessions: page.sessions };
    } catch (error) {
      sibling.abort();
      throw error;
    }
  };

  const [asSource, asTarget] = await Promise.all([
    stream(request.source, { ...request.filters, sourceId: eni }),
    stream(request.target, { ...request.filters, targetId: eni }),
  ]);
  const merged = mergeByRole(asSource.sessions, asTarget.sessions);
  return { region, eni, ...merged, source: asSource.result, target: asTarget.result };
}

/** Both lists as one, de-duplicated by session id; a session in both gets the role 'both'. */
function mergeByRole(
  asSource: readonly MirrorSession[],
  asTarget: readonly MirrorSession[],
): { sessions: MirrorSession[]; roles: Map<string, EniRole> } {
  const sessions: MirrorSession[] = [];
  const roles = new Map<string, EniRole>();
  const seen = new Set<string>();
  for (const session of asSource) {
    // A session without an id cannot be matched across streams; keep it rather than fold it into another.
    if (session.id === '') {
      sessions.push(session);
      continue;
    }
    if (seen.has(session.id)) continue;
    seen.add(session.id);
    sessions.push(session);
    roles.set(session.id, 'source');
  }
  for (const session of asTarget) {
    if (session.id === '') {
      sessions.push(session);
      continue;
    }
    if (seen.has(session.id)) {
      if (roles.get(session.id) === 'source') roles.set(session.id, 'both');
      continue;
    }
    seen.add(session.id);
    sessions.push(session);
    roles.set(session.id, 'target');
  }
  return { sessions, roles };
}
