/**
 * Whole-region scans (every page, following NextToken) and the App Home summary of one region.
 */
import { type Logger, silentLogger } from '../log';
import type { SessionFilters } from '../query/types';
import { MAX_PAGE_SIZE } from './client';
import type { MirrorSession, RegionOverview, SessionSource } from './types';

export interface ScanOptions {
  /** MaxResults per page; 100 (the API's maximum) by default. */
  pageSize?: number;
  /** Stop after this many pages whatever the API says (100 000 sessions at 100 a page). */
  maxPages?: number;
  logger?: Logger;
}

const DEFAULT_MAX_PAGES = 1_000;
const NEWEST_COUNT = 5;

/**
 * Every session in `region` matching `filters`. Follows NextToken until it is absent; stops early if a token repeats
 * (a loop on the server side) or after `maxPages`. Sessions are de-duplicated by id, first seen wins.
 */
export async function listAllSessions(
  source: SessionSource,
  region: string,
  filters: SessionFilters,
  signal?: AbortSignal,
  options: ScanOptions = {},
): Promise<MirrorSession[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const logger = options.logger ?? silentLogger;
  const byId = new Map<string, MirrorSession>();
  const anonymous: MirrorSession[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;

  for (let pages = 0; pages < maxPages; pages += 1) {
    const page = await source.listPage(
      { region, filters, maxResults: pageSize, ...(nextToken ? { nextToken } : {}) },
      signal,
    );
    for (const session of page.sessions) {
      if (session.id === '') anonymous.push(session);
      else if (!byId.has(session.id)) byId.set(session.id, session);
    }
    if (page.nextToken === undefined) return [...byId.values(), ...anonymous];
    if (seenTokens.has(page.nextToken)) {
      logger.warn('NextToken repeated; stopping the scan', { region, pages: pages + 1, requestId: page.requestId });
      return [...byId.values(), ...anonymous];
    }
    seenTokens.add(page.nextToken);
    nextToken = page.nextToken;
  }
  logger.warn('scan stopped at the page limit', { region, pages: maxPages });
  return [...byId.values(), ...anonymous];
}

function newestFirst(a: MirrorSession, b: MirrorSession): number {
  const ta = a.createdAt?.getTime();
  const tb = b.createdAt?.getTime();
  if (ta !== undefined && tb !== undefined && ta !== tb) return tb - ta;
  if (ta === undefined && tb !== undefined) return 1;
  if (ta !== undefined && tb === undefined) return -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Counts for App Home. Sessions without a status count under "Unknown". */
export function summarize(region: string, sessions: readonly MirrorSession[], now: Date): RegionOverview {
  const byStatus: Record<string, number> = {};
  let enabled = 0;
  for (const session of sessions) {
    if (session.enabled) enabled += 1;
    const status = session.status === '' ? 'Unknown' : session.status;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return {
    region,
    ok: true,
    total: sessions.length,
    enabled,
    disabled: sessions.length - enabled,
    byStatus,
    financialLocked: sessions.filter((session) => session.businessStatus === 'FinancialLocked'),
    notCreated: sessions.filter((session) => session.status !== 'Created'),
    newest: [...sessions].sort(newestFirst).slice(0, NEWEST_COUNT),
    tagKeys: [...new Set(sessions.flatMap((s) => s.tags.map((t) => t.key)))],
    enis: [
      ...new Set(
        sessions
          .flatMap((s) => [...s.sourceIds, ...(s.targetType === 'SLB' ? [] : [s.targetId])])
          .filter((id) => id !== ''),
      ),
    ],
    scannedAt: now,
  };
}
