/**
 * What an empty answer can add from what the bot already knows, without another API call: App Home's cached region
 * scans know every tag key and every mirrored ENI of the regions they covered.
 */
import { canonicalText } from '../query';
import { idShapeRule } from '../query/rules';
import type { MirrorQuery } from '../query/types';
import { eniElsewhereHint, eniUnknownHint, tagCaseHint, withNote } from '../views';
import type { SlackMessage } from '../views/surface';
import type { AppDeps } from './deps';

interface Known {
  /** Regions with a cached, successful scan. */
  scanned: string[];
  tagKeys: Set<string>;
  /** ENI id → the scanned regions it is mirrored in. */
  enis: Map<string, string[]>;
}

function known(deps: AppDeps): Known {
  const facts: Known = { scanned: [], tagKeys: new Set(), enis: new Map() };
  for (const region of deps.regions) {
    const overview = deps.overviews.peek(region);
    if (!overview?.ok || overview.tagKeys === undefined || overview.enis === undefined) continue;
    facts.scanned.push(region);
    for (const key of overview.tagKeys) facts.tagKeys.add(key);
    for (const eni of overview.enis) facts.enis.set(eni, [...(facts.enis.get(eni) ?? []), region]);
  }
  return facts;
}

/** An empty first page, with any hint the cached scans allow. */
export function withEmptyHints(deps: AppDeps, query: MirrorQuery, region: string, message: SlackMessage): SlackMessage {
  const facts = known(deps);
  if (facts.scanned.length === 0) return message;
  let hinted = message;
  for (const tag of query.filters.tags) {
    if (facts.tagKeys.has(tag.key)) continue;
    const match = [...facts.tagKeys].find((key) => key.toLowerCase() === tag.key.toLowerCase());
    if (match === undefined) continue;
    const tags = query.filters.tags.map((t) => (t === tag ? { ...t, key: match } : t));
    const corrected = canonicalText({ ...query, filters: { ...query.filters, tags } });
    hinted = withNote(hinted, tagCaseHint(tag.key, match, corrected));
  }
  if (query.eni !== undefined) {
    const elsewhere = (facts.enis.get(query.eni) ?? []).filter((r) => r !== region);
    if (elsewhere.length > 0) {
      const first = elsewhere[0] ?? region;
      const corrected = canonicalText({ ...query, scope: { kind: 'region', region: first } });
      hinted = withNote(hinted, eniElsewhereHint(query.eni, elsewhere, corrected));
    } else if (!facts.enis.has(query.eni)) {
      hinted = withNote(hinted, eniUnknownHint(query.eni, facts.scanned, idShapeRule(query.eni)));
    }
  }
  return hinted;
}
