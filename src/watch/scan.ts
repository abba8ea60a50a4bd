/**
 * The poll of one watched query: its full matching set, every page, read with the watch's own account. A watch
 * stores its query as canonical text without the account (the account is a field of its own), so the text is
 * parsed again here with the same grammar as a list.
 */
import { actingAs } from '../cloud/acting-user';
import type { Limiter } from '../cloud/limiter';
import { listAllSessions } from '../cloud/scan';
import type { MirrorSession, SessionSource } from '../cloud/types';
import { parseCommand } from '../query';

/**
 * Who a poll is made for: STS names the role session `mirrors-watch`. No person asks at poll time, and one poll
 * serves every channel watching the query, so naming one creator would put the wrong name in ActionTrail. The
 * audit lines (surface `watch`) say which watches and creators a poll served. Lower case, so no Slack user id
 * (always upper case) can take it.
 */
const WATCH_ACTOR = 'watch';

export interface WatchScanOptions {
  /** The session source of an account by name (undefined: the default account); undefined for an unknown one. */
  sessionsFor(account: string | undefined): SessionSource | undefined;
  /** The process-wide cap on concurrent region scans, shared with `all` commands. */
  limiter?: Limiter;
}

/** Builds the scheduler's scan function over the bot's own session sources. */
export function watchScan(options: WatchScanOptions) {
  return async (account: string | undefined, region: string, text: string): Promise<MirrorSession[]> => {
    const sessions = options.sessionsFor(account);
    // An account removed from the config file since the watch was made: fail the poll (the channel hears after
    // several) rather than read another account's sessions.
    if (!sessions) throw new Error('the watch names an account that is not configured');
    const parsed = parseCommand(text);
    if (parsed.kind !== 'query') throw new Error('the stored watch query no longer parses');
    const { query } = parsed;
    // The account is the watch's field; a stored text naming one would be ambiguous, so it is refused.
    if (query.account !== undefined) throw new Error('a stored watch query must not name an account');
    const scan = async (): Promise<MirrorSession[]> => {
      if (query.eni === undefined) return listAllSessions(sessions, region, query.filters);
      // The API filters by source or by target, never by either: two scans, merged by session id.
      const [asSource, asTarget] = await Promise.all([
        listAllSessions(sessions, region, { ...query.filters, sourceId: query.eni }),
        listAllSessions(sessions, region, { ...query.filters, targetId: query.eni }),
      ]);
      const byId = new Map(asSource.map((s) => [s.id, s]));
      for (const session of asTarget) if (!byId.has(session.id)) byId.set(session.id, session);
      return [...byId.values()];
    };
    // Inside the limiter's slot, so the acting user is ours even when the limiter starts us from another's task.
    const run = () => actingAs(WATCH_ACTOR, scan);
    return options.limiter ? options.limiter.run(run) : run();
  };
}
