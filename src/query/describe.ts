import { protectEntities, quoteValue } from './tokens';
import { DEFAULT_LIMIT, type MirrorQuery, type TagFilter } from './types';

function tagTerm(tag: TagFilter): string {
  return `tag:${quoteValue(tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`)}`;
}

/** The filter terms in one stable order; ids are left to the caller, which writes them differently. */
function filterTerms(query: MirrorQuery): string[] {
  const f = query.filters;
  const terms = f.tags.map(tagTerm);
  if (f.name !== undefined) terms.push(`name:${quoteValue(f.name)}`);
  if (f.sourceId !== undefined) terms.push(`source:${f.sourceId}`);
  if (f.targetId !== undefined) terms.push(`target:${f.targetId}`);
  if (f.filterId !== undefined) terms.push(`filter:${f.filterId}`);
  if (f.vni !== undefined) terms.push(`vni:${f.vni}`);
  if (f.priority !== undefined) terms.push(`priority:${f.priority}`);
  if (f.enabled !== undefined) terms.push(`enabled:${f.enabled}`);
  if (f.resourceGroupId !== undefined) terms.push(`rg:${f.resourceGroupId}`);
  return terms;
}

/** Short labels, one per filter, for the header of a result ("tag:env=prod", "3 ids"). Raw text: views escape it. */
export function describeFilters(query: MirrorQuery): string[] {
  const chips: string[] = [];
  if (query.eni !== undefined) chips.push(`${query.eni} (source or target)`);
  const ids = query.filters.sessionIds;
  if (ids.length === 1) chips.push(`id:${ids[0] ?? ''}`);
  else if (ids.length > 1) chips.push(`${ids.length} ids`);
  return [...chips, ...filterTerms(query)];
}

/** Command text that parses back to exactly this query: region or `all`, then the terms in a stable order. */
export function canonicalText(query: MirrorQuery): string {
  const terms = [query.scope.kind === 'all' ? 'all' : query.scope.region];
  if (query.eni !== undefined) terms.push(query.eni);
  if (query.filters.sessionIds.length > 0) terms.push(`id:${query.filters.sessionIds.join(',')}`);
  terms.push(...filterTerms(query));
  if (query.limit !== DEFAULT_LIMIT) terms.push(`limit:${query.limit}`);
  // parseCommand undoes Slack's HTML escaping, so a literal `&amp;` in a value has to survive that step.
  return protectEntities(terms.join(' '));
}

function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_.,:/=@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The same request as an `aliyun` CLI command, for people who want to check or script it. A bare ENI is two
 * requests (as source, then as target), so it gives two lines.
 */
export function cliLine(query: MirrorQuery, region: string): string {
  // The CLI's flags are the API's wire names; this is the one place outside cloud/ that spells them.
  const base: string[] = ['--RegionId', region];
  const f = query.filters;
  f.tags.forEach((tag, i) => {
    base.push(`--Tags.${i + 1}.Key`, tag.key);
    if (tag.value !== undefined) base.push(`--Tags.${i + 1}.Value`, tag.value);
  });
  if (f.name !== undefined) base.push('--TrafficMirrorSessionName', f.name);
  if (f.filterId !== undefined) base.push('--TrafficMirrorFilterId', f.filterId);
  if (f.vni !== undefined) base.push('--VirtualNetworkId', String(f.vni));
  if (f.priority !== undefined) base.push('--Priority', String(f.priority));
  if (f.enabled !== undefined) base.push('--Enabled', String(f.enabled));
  for (const [i, id] of f.sessionIds.entries()) base.push(`--TrafficMirrorSessionIds.${i + 1}`, id);
  if (f.resourceGroupId !== undefined) base.push('--ResourceGroupId', f.resourceGroupId);

  const variants: string[][] = [];
  if (query.eni !== undefined) {
    variants.push(['--TrafficMirrorSourceId', query.eni], ['--TrafficMirrorTargetId', query.eni]);
  } else {
    const ends: string[] = [];
    if (f.sourceId !== undefined) ends.push('--TrafficMirrorSourceId', f.sourceId);
    if (f.targetId !== undefined) ends.push('--TrafficMirrorTargetId', f.targetId);
    variants.push(ends);
  }
  return variants
    .map((ends) =>
      [
        'aliyun',
        'vpc',
        'ListTrafficMirrorSessions',
        ...[...base, ...ends, '--MaxResults', String(query.limit)].map(shellQuote),
      ].join(' '),
    )
    .join('\n');
}
