/**
 * The poll of one watched query: its full matching set, every page. A watch stores its query as canonical text,
 * so the text is parsed again here with the same grammar as a list.
 */
import type { Limiter } from '../cloud/limiter';
import { listAllSessions } from '../cloud/scan';
import type { MirrorSession, SessionSource } from '../cloud/types';
import { parseCommand } from '../query';

export interface WatchScanOptions {
  sessions: SessionSource;
  /** The process-wide cap on concurrent region scans, shared with `all` commands. */
  limiter?: Limiter;
}

/** Builds the scheduler's scan function over the bot's own session source. */
export function watchScan(options: WatchScanOptions) {
  return async (account: string | undefined, region: string, text: string): Promise<MirrorSession[]> => {
    // Accounts are not wired yet: a stored watch naming one cannot be polled with the default credentials.
    if (account !== undefined) throw new Error('accounts are not configured');
    const parsed = parseCommand(text);
    if (parsed.kind !== 'query') throw new Error('the stored watch query no longer parses');
    const { query } = parsed;
    // A query text naming an account would be polled with the default account's credentials: refused instead.
    if (query.account !== undefined) throw new Error('watches poll the default account only');
    const scan = async (): Promise<MirrorSession[]> => {
      if (query.eni === undefined) return listAllSessions(options.sessions, region, query.filters);
      // The API filters by source or by target, never by either: two scans, merged by session id.
      const [asSource, asTarget] = await Promise.all([
        listAllSessions(options.sessions, region, { ...query.filters, sourceId: query.eni }),
        listAllSessions(options.sessions, region, { ...query.filters, targetId: query.eni }),
      ]);
      const byId = new Map(asSource.map((s) => [s.id, s]));
      for (const session of asTarget) if (!byId.has(session.id)) byId.set(session.id, session);
      return [...byId.values()];
    };
    return options.limiter ? options.limiter.run(scan) : scan();
  };
}
