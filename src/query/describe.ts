import { FILTER_FIELDS, FILTERS, HOST_TERMS, SCALAR_FIELDS } from './filters';
import { protectEntities, quoteValue } from './tokens';
import { DEFAULT_LIMIT, type HostTerm, type MirrorQuery, type TagFilter } from './types';

/** The host as it is typed back: `ip:10.0.1.5` or the bare instance id. */
function hostText(host: HostTerm): string {
  return host.kind === 'ip' ? `${HOST_TERMS.ip.key}:${host.ip}` : host.instanceId;
}

function tagTerm(tag: TagFilter): string {
  return `tag:${quoteValue(tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`)}`;
}

/** The filter terms in one stable order; ids are left to the caller, which writes them differently. */
function filterTerms(query: MirrorQuery): string[] {
  const terms = query.filters.tags.map(tagTerm);
  for (const field of SCALAR_FIELDS) {
    const value = query.filters[field];
    if (value !== undefined) terms.push(`${FILTERS[field].key}:${quoteValue(String(value))}`);
  }
  return terms;
}

/** Short labels, one per filter, for the header of a result ("tag:env=prod", "3 ids"). Raw text: views escape it. */
export function describeFilters(query: MirrorQuery): string[] {
  const chips: string[] = [];
  if (query.eni !== undefined) chips.push(`${query.eni} (source or target)`);
  if (query.host !== undefined) chips.push(`${hostText(query.host)} (source or target)`);
  const ids = query.filters.sessionIds;
  if (ids.length === 1) chips.push(`id:${ids[0] ?? ''}`);
  else if (ids.length > 1) chips.push(`${ids.length} ids`);
  return [...chips, ...filterTerms(query)];
}

/** Command text that parses back to exactly this query: region or `all`, then the terms in a stable order. */
export function canonicalText(query: MirrorQuery): string {
  // A lookup with no region was asked without one, and reads back the same way.
  const terms = query.scope.kind === 'anywhere' ? [] : [query.scope.kind === 'all' ? 'all' : query.scope.region];
  if (query.eni !== undefined) terms.push(query.eni);
  if (query.host !== undefined) terms.push(hostText(query.host));
  if (query.filters.sessionIds.length > 0) terms.push(`id:${query.filters.sessionIds.join(',')}`);
  terms.push(...filterTerms(query));
  if (query.limit !== DEFAULT_LIMIT) terms.push(`limit:${query.limit}`);
  if (query.view === 'cards') terms.push('view:cards');
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
  // The flags come from FILTERS; only RegionId and MaxResults, which are not filters, are spelled here.
  const base: string[] = ['--RegionId', region];
  const f = query.filters;
  const { sourceId, targetId } = FILTERS;
  for (const field of FILTER_FIELDS) {
    const flag = FILTERS[field].cli;
    if (field === 'tags') {
      f.tags.forEach((tag, i) => {
        base.push(`${flag}.${i + 1}.Key`, tag.key);
        if (tag.value !== undefined) base.push(`${flag}.${i + 1}.Value`, tag.value);
      });
    } else if (field === 'sessionIds') {
      for (const [i, id] of f.sessionIds.entries()) base.push(`${flag}.${i + 1}`, id);
    } else if (field !== 'sourceId' && field !== 'targetId') {
      // Source and target are the ends of the mirror: a bare ENI needs one line for each, so they come last.
      const value = f[field];
      if (value !== undefined) base.push(flag, String(value));
    }
  }

  const variants: string[][] = [];
  // A host is two steps: ECS lists its ENIs, then each ENI is looked up as source and as target.
  const eni = query.host !== undefined ? 'ENI_ID' : query.eni;
  if (eni !== undefined) {
    variants.push([sourceId.cli, eni], [targetId.cli, eni]);
  } else {
    const ends: string[] = [];
    if (f.sourceId !== undefined) ends.push(sourceId.cli, f.sourceId);
    if (f.targetId !== undefined) ends.push(targetId.cli, f.targetId);
    variants.push(ends);
  }
  const lines = variants.map((ends) =>
    [
      'aliyun',
      'vpc',
      'ListTrafficMirrorSessions',
      ...[...base, ...ends, '--MaxResults', String(query.limit)].map(shellQuote),
    ].join(' '),
  );
  if (query.host !== undefined) lines.unshift(hostCliLine(query.host, region));
  return lines.join('\n');
}

function hostCliLine(host: HostTerm, region: string): string {
  const [flag, value] = host.kind === 'ip' ? [HOST_TERMS.ip.cli, host.ip] : [HOST_TERMS.instance.cli, host.instanceId];
  return ['aliyun', 'ecs', 'DescribeNetworkInterfaces', ...['--RegionId', region, flag, value].map(shellQuote)].join(
    ' ',
  );
}
