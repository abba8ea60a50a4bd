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
  if (query.account !== undefined) terms.unshift(`account:${query.account}`);
  if (query.eni !== undefined) terms.push(query.eni);
  if (query.host !== undefined) terms.push(hostText(query.host));
  if (query.filters.sessionIds.length > 0) terms.push(`id:${query.filters.sessionIds.join(',')}`);
  terms.push(...filterTerms(query));
  if (query.limit !== DEFAULT_LIMIT) terms.push(`limit:${query.limit}`);
  if (query.view === 'cards') terms.push('view:cards');
  // parseCommand undoes Slack's HTML escaping, so a literal `&amp;` in a value has to survive that step.
  return protectEntities(terms.join(' '));
}

/**
 * One word for a POSIX shell: bare when every character is inert, else in single quotes ('\'' for a quote). zsh
 * reads these the same way.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_.,:/=@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One `aliyun` command as the words it runs with, unquoted: `['aliyun', 'vpc', 'ListTrafficMirrorSessions', …]`. */
export type CliCommand = readonly string[];

/**
 * The CLI's own parser reads any word that starts with `-` as a flag, even a quoted value after `--Flag`, so every
 * flag is one word, `--Flag=value`: the parser splits a word at its first `=`, and a value that starts with `-`
 * stays a value.
 */
function flag(name: string, value: string): string {
  return `${name}=${value}`;
}

/**
 * Where the command runs. `--RegionId` alone reaches the region, but the CLI refuses to start without a profile
 * region ("default RegionId is empty!"), which only `--region` (or the profile or environment) gives.
 */
export function cliRegionWords(region: string): string[] {
  return ['--region', region, flag('--RegionId', region)];
}

/** The CLI's pager finds only wrapped arrays by itself; this API's list is flat, so it is named. */
const CLI_PAGER = ['--pager', 'path=TrafficMirrorSessions'] as const;

/**
 * The same request as `aliyun` CLI commands, for people who want to check or script it. A bare ENI is two requests
 * (as source, then as target); a host is its ENIs first, then those two. Every command pages to the end: a runbook
 * wants every match, not the first page.
 */
export function cliCommands(query: MirrorQuery, region: string): CliCommand[] {
  // The flags come from FILTERS; only RegionId and MaxResults, which are not filters, are spelled here.
  const base: string[] = [];
  const f = query.filters;
  const { sourceId, targetId } = FILTERS;
  for (const field of FILTER_FIELDS) {
    const name = FILTERS[field].cli;
    if (field === 'tags') {
      f.tags.forEach((tag, i) => {
        base.push(flag(`${name}.${i + 1}.Key`, tag.key));
        if (tag.value !== undefined) base.push(flag(`${name}.${i + 1}.Value`, tag.value));
      });
    } else if (field === 'sessionIds') {
      for (const [i, id] of f.sessionIds.entries()) base.push(flag(`${name}.${i + 1}`, id));
    } else if (field !== 'sourceId' && field !== 'targetId') {
      // Source and target are the ends of the mirror: a bare ENI needs one line for each, so they come last.
      const value = f[field];
      if (value !== undefined) base.push(flag(name, String(value)));
    }
  }

  const variants: string[][] = [];
  // A host is two steps: ECS lists its ENIs, then each ENI is looked up as source and as target.
  const eni = query.host !== undefined ? 'ENI_ID' : query.eni;
  if (eni !== undefined) {
    variants.push([flag(sourceId.cli, eni)], [flag(targetId.cli, eni)]);
  } else {
    const ends: string[] = [];
    if (f.sourceId !== undefined) ends.push(flag(sourceId.cli, f.sourceId));
    if (f.targetId !== undefined) ends.push(flag(targetId.cli, f.targetId));
    variants.push(ends);
  }
  // An empty value (`--Tags.1.Value=`) takes the next word if that is not a flag, so a flag always follows one.
  const commands: CliCommand[] = variants.map((ends) => [
    'aliyun',
    'vpc',
    'ListTrafficMirrorSessions',
    ...cliRegionWords(region),
    ...base,
    ...ends,
    flag('--MaxResults', String(query.limit)),
    ...CLI_PAGER,
  ]);
  if (query.host !== undefined) commands.unshift(hostCliCommand(query.host, region));
  return commands;
}

function hostCliCommand(host: HostTerm, region: string): CliCommand {
  const [name, value] = host.kind === 'ip' ? [HOST_TERMS.ip.cli, host.ip] : [HOST_TERMS.instance.cli, host.instanceId];
  return ['aliyun', 'ecs', 'DescribeNetworkInterfaces', ...cliRegionWords(region), flag(name, value)];
}

/** Each command as shell text, its words quoted. */
export function cliLines(query: MirrorQuery, region: string): string[] {
  return cliCommands(query, region).map((words) => words.map(shellQuote).join(' '));
}
