/**
 * The audit trail of DESIGN: one JSON line on stdout per request, whatever its outcome, with exactly the agreed
 * fields in the agreed order. stdout, not the log (stderr): a log shipper can route audit lines on their own, and
 * LOG_LEVEL never silences them. Every line goes through the project's scrub, so a token, signed URL or
 * response_url that slipped into a field (a pasted query, an error's RequestId) never lands in the trail.
 */
import { scrub } from '../log';

export const AUDIT_SURFACES = ['command', 'mention', 'button', 'details', 'share', 'home', 'builder', 'watch'] as const;
export type AuditSurface = (typeof AUDIT_SURFACES)[number];
export const AUDIT_OUTCOMES = ['ok', 'denied', 'invalid', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One request. `null` where a fact does not exist for it (no account for a query that did not parse, …). */
export interface AuditEvent {
  /** ISO 8601 UTC. */
  time: string;
  team: string | null;
  user: string;
  channel: string | null;
  surface: AuditSurface;
  account: string | null;
  /** A region id, or `all`. */
  region: string | null;
  /** The canonical query text (query/describe.ts), not what was typed. */
  query: string;
  outcome: AuditOutcome;
  /** Sessions in the answer; null when there was none (denied, invalid, error). */
  count: number | null;
  /** The cloud's RequestId of the (last) call, for matching against ActionTrail. */
  requestId: string | null;
}

/** A query longer than this is cut: a line per request must stay a line a log pipeline accepts. */
const MAX_QUERY = 1000;

/** The line itself: the DESIGN fields, in order, and nothing else. */
export function auditLine(event: AuditEvent): string {
  const record = {
    audit: true,
    time: event.time,
    team: event.team,
    user: event.user,
    channel: event.channel,
    surface: event.surface,
    account: event.account,
    region: event.region,
    query: event.query.length > MAX_QUERY ? `${event.query.slice(0, MAX_QUERY - 1)}…` : event.query,
    outcome: event.outcome,
    count: event.count,
    requestId: event.requestId,
  };
  // scrub keeps JSON valid: it replaces runs that stop at quotes and backslashes.
  return scrub(JSON.stringify(record));
}

export interface AuditSinkOptions {
  /** Where lines go. Default: stdout. */
  write?: (line: string) => void;
  /** audit.channel's short message: given the scrubbed event, posts it (views/audit.ts renders the text). */
  post?: (event: AuditEvent) => Promise<void>;
  /** A failed post is reported here and otherwise ignored: the stdout line is the record. */
  onPostError?: (error: unknown) => void;
  clock?: () => Date;
}

export interface AuditSink {
  /** Writes the line now (synchronously) and posts in the background; never throws, never waits on Slack. */
  record(event: Omit<AuditEvent, 'time'> & { time?: string }): void;
}

export function createAuditSink(options: AuditSinkOptions = {}): AuditSink {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  return {
    record(partial) {
      const event: AuditEvent = { ...partial, time: partial.time ?? clock().toISOString() };
      const line = auditLine(event);
      write(line);
      if (!options.post) return;
      // The channel copy is built from the scrubbed line, so it can hold no more than the line does.
      const scrubbed = JSON.parse(line) as AuditEvent & { audit: true };
      const { audit: _audit, ...clean } = scrubbed;
      options.post(clean).catch((error: unknown) => options.onPostError?.(error));
    },
  };
}
