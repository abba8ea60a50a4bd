/** How one traffic mirror session reads, at a chosen level of detail. Shared by the list and the details view. */
import type { MirrorSession } from '../cloud/types';
import { code, compactCue, createdText, nameText, plural, rowStatus, statusLine, targetTypeText } from './format';
import { escapeTruncated, oneLine } from './text';

/** How much of the variable-length fields a full session card shows. */
export interface DetailLevel {
  /** Characters of the name. */
  name: number;
  /** Tags listed (the rest are counted). */
  tags: number;
  /** Source ENIs listed (the rest are counted). */
  sources: number;
  /** Characters of the description (0: only say there is one). */
  description: number;
}

/** Richest first. The last one is bounded (about 1,000 characters even with 200-character ids). */
export const DETAIL_LEVELS: readonly DetailLevel[] = [
  { name: 256, tags: 20, sources: 10, description: 1000 },
  { name: 128, tags: 10, sources: 5, description: 200 },
  { name: 80, tags: 5, sources: 3, description: 100 },
  { name: 60, tags: 3, sources: 2, description: 60 },
  { name: 40, tags: 0, sources: 1, description: 0 },
];

function more(shown: number, total: number): string {
  return total > shown ? ` +${total - shown} more` : '';
}

export function tagText(key: string, value: string): string {
  return code(value === '' ? key : `${key}=${value}`, 200);
}

function sourcesText(sourceIds: readonly string[], max: number): string {
  if (sourceIds.length === 0) return '_none_';
  const shown = sourceIds.slice(0, Math.max(1, max));
  return shown.map((id) => code(id, 100)).join(', ') + more(shown.length, sourceIds.length);
}

/** A session card in mrkdwn: every field of the API's response, each line labelled. */
export function sessionCardText(session: MirrorSession, now: Date, level: DetailLevel): string {
  const lines: string[] = [];
  lines.push(`${nameText(session.name, level.name)}  ${code(session.id, 100)}`);
  lines.push(statusLine(session));
  lines.push(
    `*From* ${sourcesText(session.sourceIds, level.sources)}  →  *To* ${session.targetId ? code(session.targetId, 100) : '_none_'}` +
      ` (${targetTypeText(session.targetType)})`,
  );
  const numbers: string[] = [`*Filter* ${session.filterId ? code(session.filterId, 100) : '_none_'}`];
  if (session.vni !== undefined) numbers.push(`*VNI* ${session.vni}`);
  if (session.priority !== undefined) numbers.push(`*Priority* ${session.priority}`);
  if (session.packetLength !== undefined) numbers.push(`*Packet length* ${session.packetLength}`);
  lines.push(numbers.join(' · '));
  if (session.resourceGroupId) lines.push(`*Resource group* ${code(session.resourceGroupId, 100)}`);
  if (session.tags.length > 0) {
    if (level.tags > 0) {
      const shown = session.tags.slice(0, level.tags);
      lines.push(
        `*Tags* ${shown.map((t) => tagText(t.key, t.value)).join(' ')}${more(shown.length, session.tags.length)}`,
      );
    } else {
      lines.push(`*Tags* ${plural(session.tags.length, 'tag')} (see Details)`);
    }
  }
  const description = oneLine(session.description);
  if (description) {
    lines.push(
      level.description > 0
        ? `*Description* ${escapeTruncated(description, level.description)}`
        : '*Description* (see Details)',
    );
  }
  lines.push(`*Created* ${createdText(session, now)}`);
  return lines.join('\n');
}

/** How much a compact line shows. */
export interface CompactLevel {
  name: number;
  sources: number;
  /** VNI and priority. */
  extras: boolean;
  /** Source → target. */
  route: boolean;
  /** Characters of the session id (ids are normally ~25). */
  id: number;
}

/**
 * The shapes a compact line can take, richest first. Names are not part of the shape: the list gives them whatever
 * room is left (see session-list.ts), so `name` here is only the most a name may ever take.
 */
export const COMPACT_LEVELS: readonly CompactLevel[] = [
  { name: 256, sources: 3, extras: true, route: true, id: 100 },
  { name: 256, sources: 1, extras: true, route: true, id: 100 },
  { name: 256, sources: 1, extras: false, route: true, id: 100 },
  { name: 256, sources: 0, extras: false, route: true, id: 60 },
  { name: 256, sources: 0, extras: false, route: false, id: 40 },
  { name: 256, sources: 0, extras: false, route: false, id: 24 },
];

/** The shapes a row of the default list can take, richest first (the list picks the first that fits). */
export const ROW_LEVELS: readonly CompactLevel[] = [
  { name: 80, sources: 1, extras: false, route: true, id: 60 },
  { name: 40, sources: 1, extras: false, route: true, id: 40 },
  { name: 32, sources: 0, extras: false, route: true, id: 40 },
  { name: 24, sources: 0, extras: false, route: false, id: 30 },
];

/** Characters a compact line spends on the name at a cap of `max` (0 when there is no name or no room). */
export function compactNameCost(session: MirrorSession, max: number): number {
  return compactName(session, max).length;
}

function compactName(session: MirrorSession, max: number): string {
  const name = oneLine(session.name);
  if (max <= 0 || !name) return '';
  return `${nameText(name, max)} `;
}

function routeText(session: MirrorSession, level: CompactLevel): string {
  const sources =
    level.sources > 0 && session.sourceIds.length > 0
      ? session.sourceIds
          .slice(0, level.sources)
          .map((id) => escapeTruncated(id, 40))
          .join(',') + (session.sourceIds.length > level.sources ? `+${session.sourceIds.length - level.sources}` : '')
      : session.sourceIds.length > 0
        ? plural(session.sourceIds.length, 'source')
        : '—';
  return `${sources} → ${session.targetId ? escapeTruncated(session.targetId, 40) : '—'}`;
}

/**
 * A row of the default list, beside its own Details button: status first (a dot when all is well, else the
 * exceptions in words), the name (the id when there is none), source → target. Details holds the rest.
 */
export function rowLine(session: MirrorSession, level: CompactLevel, marker = ''): string {
  const name = oneLine(session.name);
  const parts = [rowStatus(session)];
  if (marker) parts.push(marker);
  parts.push(name && level.name > 0 ? nameText(name, level.name) : code(session.id, level.id));
  if (level.route) parts.push(routeText(session, level));
  return parts.join(' ');
}

/** One line per session: cue, name, id, source → target, VNI / priority. */
export function compactLine(session: MirrorSession, level: CompactLevel): string {
  const parts: string[] = [compactCue(session)];
  parts.push(compactName(session, level.name) + code(session.id, level.id));
  if (level.route) parts.push(routeText(session, level));
  if (level.extras) {
    const extras: string[] = [];
    if (session.vni !== undefined) extras.push(`VNI ${session.vni}`);
    if (session.priority !== undefined) extras.push(`prio ${session.priority}`);
    if (extras.length > 0) parts.push(`· ${extras.join(' · ')}`);
  }
  return parts.join(' ');
}
