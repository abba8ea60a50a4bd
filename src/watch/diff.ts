/**
 * What changed in a watched query between two polls. Pure: two full sets of sessions in, a list of changes out,
 * and the reverse step (apply a diff to the old set) so the two can be checked against each other.
 */
import type { MirrorSession } from '../cloud/types';

/**
 * The part of a session a watch reports on. Everything else (tags, description, creation time) is left out so a
 * stored snapshot stays small. Missing numbers are `null`, not undefined, so a snapshot survives a JSON round trip
 * unchanged. `sources` is sorted and unique: the API's order carries no meaning and must not read as a change.
 */
export interface WatchedSession {
  id: string;
  name: string;
  enabled: boolean;
  status: string;
  businessStatus: string;
  sources: string[];
  target: string;
  filter: string;
  priority: number | null;
  vni: number | null;
}

export type FieldChange =
  | { kind: 'name'; from: string; to: string }
  | { kind: 'enabled'; from: boolean; to: boolean }
  | { kind: 'status'; from: string; to: string }
  | { kind: 'businessStatus'; from: string; to: string }
  | { kind: 'sources'; added: string[]; removed: string[] }
  | { kind: 'target'; from: string; to: string }
  | { kind: 'filter'; from: string; to: string }
  | { kind: 'priority'; from: number | null; to: number | null }
  | { kind: 'vni'; from: number | null; to: number | null };

/**
 * One session's change. `session` is the session as it is now (as it was last seen, for one that disappeared), so a
 * message can name it and `applyDiff` can rebuild the new set from the old one.
 */
export type SessionChange =
  | { kind: 'appeared'; session: WatchedSession }
  | { kind: 'disappeared'; session: WatchedSession }
  | { kind: 'changed'; session: WatchedSession; changes: FieldChange[] };

export function snapshotOf(session: MirrorSession): WatchedSession {
  return {
    id: session.id,
    name: session.name,
    enabled: session.enabled,
    status: session.status,
    businessStatus: session.businessStatus,
    sources: [...new Set(session.sourceIds)].sort(),
    target: session.targetId,
    filter: session.filterId,
    priority: session.priority ?? null,
    vni: session.vni ?? null,
  };
}

/**
 * Snapshots of a scan. A session without an id cannot be followed from one poll to the next, so it is left out;
 * when an id repeats, the first one wins (as in the scan itself).
 */
export function snapshotAll(sessions: readonly MirrorSession[]): WatchedSession[] {
  const seen = new Set<string>();
  const out: WatchedSession[] = [];
  for (const session of sessions) {
    if (session.id === '' || seen.has(session.id)) continue;
    seen.add(session.id);
    out.push(snapshotOf(session));
  }
  return out;
}

function byId(sessions: readonly WatchedSession[]): Map<string, WatchedSession> {
  return new Map(sessions.map((s) => [s.id, s]));
}

function sourceChange(before: readonly string[], after: readonly string[]): FieldChange | undefined {
  const was = new Set(before);
  const now = new Set(after);
  const added = after.filter((id) => !was.has(id));
  const removed = before.filter((id) => !now.has(id));
  return added.length > 0 || removed.length > 0 ? { kind: 'sources', added, removed } : undefined;
}

/** Field by field, in the order a reader cares about: on/off and health first, then where traffic goes. */
function fieldChanges(before: WatchedSession, after: WatchedSession): FieldChange[] {
  const out: FieldChange[] = [];
  if (before.enabled !== after.enabled) out.push({ kind: 'enabled', from: before.enabled, to: after.enabled });
  if (before.status !== after.status) out.push({ kind: 'status', from: before.status, to: after.status });
  if (before.businessStatus !== after.businessStatus) {
    out.push({ kind: 'businessStatus', from: before.businessStatus, to: after.businessStatus });
  }
  const sources = sourceChange(before.sources, after.sources);
  if (sources) out.push(sources);
  if (before.target !== after.target) out.push({ kind: 'target', from: before.target, to: after.target });
  if (before.filter !== after.filter) out.push({ kind: 'filter', from: before.filter, to: after.filter });
  if (before.priority !== after.priority) out.push({ kind: 'priority', from: before.priority, to: after.priority });
  if (before.vni !== after.vni) out.push({ kind: 'vni', from: before.vni, to: after.vni });
  if (before.name !== after.name) out.push({ kind: 'name', from: before.name, to: after.name });
  return out;
}

function compareIds(a: SessionChange, b: SessionChange): number {
  return a.session.id < b.session.id ? -1 : a.session.id > b.session.id ? 1 : 0;
}

/** Every change from `previous` to `current`, sorted by session id so the same poll always reads the same way. */
export function diffSessions(previous: readonly WatchedSession[], current: readonly WatchedSession[]): SessionChange[] {
  const before = byId(previous);
  const after = byId(current);
  const out: SessionChange[] = [];
  for (const [id, now] of after) {
    const was = before.get(id);
    if (was === undefined) {
      out.push({ kind: 'appeared', session: now });
      continue;
    }
    const changes = fieldChanges(was, now);
    if (changes.length > 0) out.push({ kind: 'changed', session: now, changes });
  }
  for (const [id, was] of before) {
    if (!after.has(id)) out.push({ kind: 'disappeared', session: was });
  }
  return out.sort(compareIds);
}

/** The set `previous` becomes under `diff`: what `diffSessions(previous, x)` was computed to, up to order. */
export function applyDiff(previous: readonly WatchedSession[], diff: readonly SessionChange[]): WatchedSession[] {
  const sessions = byId(previous);
  for (const change of diff) {
    if (change.kind === 'disappeared') sessions.delete(change.session.id);
    else sessions.set(change.session.id, change.session);
  }
  return [...sessions.values()];
}
