// The API's request-parameter limits (ListTrafficMirrorSessions doc), checked before any call.
export const MAX_TAGS = 20;
export const MAX_SESSION_IDS = 100;
export const MAX_TAG_KEY = 64;
export const MAX_TAG_VALUE = 128;
export const MAX_NAME = 128;
export const MAX_VNI = 16_777_215;
export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 32_766;

export type IdKind = 'session' | 'filter' | 'eni' | 'slb' | 'rg';

const ID_PREFIX: Record<IdKind, string> = {
  session: 'tms-',
  filter: 'tmf-',
  eni: 'eni-',
  slb: 'lb-',
  rg: 'rg-',
};

/** Which kind a bare or keyed id belongs to, by prefix (case-insensitive). */
export function idKindOf(value: string): IdKind | undefined {
  const lower = value.toLowerCase();
  for (const kind of Object.keys(ID_PREFIX) as IdKind[]) {
    if (lower.startsWith(ID_PREFIX[kind])) return kind;
  }
  return undefined;
}

/** Ids are lowercased: Alibaba issues them in lowercase, and a pasted `TMS-…` should still match. */
export function normalizeId(value: string, kinds: readonly IdKind[]): string | undefined {
  const lower = value.toLowerCase();
  for (const kind of kinds) {
    const prefix = ID_PREFIX[kind];
    if (lower.startsWith(prefix) && /^[a-z0-9]+$/.test(lower.slice(prefix.length))) return lower;
  }
  return undefined;
}

// Known prefixes only: a looser `xx-word` would swallow a forgotten `name:` such as `db-mirror` as a region.
const REGION_SHAPE = /^(?:cn|ap|us|eu|me|na|sa|af)-[a-z]+(?:-[a-z0-9]+)*$/;

/** True for region ids such as `cn-hongkong`, `ap-southeast-1`, `cn-shanghai-finance-1` (lowercase). */
export function isRegionId(value: string): boolean {
  return value.length <= 50 && REGION_SHAPE.test(value);
}

/** Characters as a person counts them (code points), not UTF-16 units. */
function charLength(value: string): number {
  return [...value].length;
}

function hasUrl(value: string): boolean {
  return /https?:\/\//i.test(value);
}

export function tagKeyOk(key: string): boolean {
  const len = charLength(key);
  return len >= 1 && len <= MAX_TAG_KEY && !/^(?:aliyun|acs:)/i.test(key) && !hasUrl(key);
}

export function tagValueOk(value: string): boolean {
  return charLength(value) <= MAX_TAG_VALUE && !hasUrl(value);
}

export function nameOk(name: string): boolean {
  const len = charLength(name);
  return len >= 1 && len <= MAX_NAME && !/^https?:\/\//i.test(name);
}

/** Plain decimal digits only: `1.5`, `1e3`, `+3`, `0x10` and ` 3` are all refused. */
export function wholeNumberIn(text: string, min: number, max: number): number | undefined {
  if (!/^[0-9]{1,12}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

// A Map, not an object literal: `enabled:constructor` must not find Object.prototype.
const BOOLEANS = new Map<string, boolean>([
  ['true', true],
  ['yes', true],
  ['on', true],
  ['false', false],
  ['no', false],
  ['off', false],
]);

export function booleanWord(text: string): boolean | undefined {
  return BOOLEANS.get(text.toLowerCase());
}

const ID_NOUN: Record<IdKind, string> = {
  session: 'a session id',
  filter: 'a filter id',
  eni: 'an ENI id',
  slb: 'an SLB id',
  rg: 'a resource group id',
};

// The term itself is quoted in full beside the rule; the rule only needs enough of the key to be recognised.
function shorten(text: string): string {
  const cps = [...text];
  return cps.length > 40 ? `${cps.slice(0, 40).join('')}…` : text;
}

const ID_CHARS = 'followed by letters and digits only';

export const Rule = {
  tagKey:
    '`tag:` needs a key of 1-64 characters that does not start with `aliyun` or `acs:` and does not contain `http://` or `https://`, as in `tag:KEY` or `tag:KEY=VALUE`',
  tagValue:
    'a tag value is at most 128 characters and must not contain `http://` or `https://`; it may be empty, as in `tag:KEY=`',
  tagCount: `at most ${MAX_TAGS} tags in all`,
  name: '`name:` must be 1-128 characters and must not start with `http://` or `https://`; quote it to hold spaces, as in `name:"db mirror"`',
  source: `\`source:\` takes an ENI id: \`eni-\` ${ID_CHARS}`,
  target: `\`target:\` takes an ENI id (\`eni-\`) or an SLB id (\`lb-\`), ${ID_CHARS}`,
  filter: `\`filter:\` takes a filter id: \`tmf-\` ${ID_CHARS}`,
  id: `\`id:\` takes session ids, separated by commas: \`tms-\` ${ID_CHARS}`,
  idCount: `at most ${MAX_SESSION_IDS} session ids in all`,
  rg: `\`rg:\` takes a resource group id: \`rg-\` ${ID_CHARS}`,
  vni: `\`vni:\` must be a whole number from 0 to ${MAX_VNI}`,
  priority: `\`priority:\` must be a whole number from ${MIN_PRIORITY} to ${MAX_PRIORITY}`,
  enabled: '`enabled:` must be `true` or `false` (`yes`/`no` and `on`/`off` work too)',
  limit: '`limit:` must be a whole number from 1 to 100',
  view: '`view:` must be `cards` (every field of each session) or `list` (one line each, the default)',
  bareId: (kind: IdKind): string => `${ID_NOUN[kind]} is \`${ID_PREFIX[kind]}\` ${ID_CHARS}`,
  region: 'name one region, or `all`',
  eniConflict:
    'a bare `eni-…` already finds sessions that mirror from or to that ENI, so it cannot be combined with `source:` or `target:`; use one or the other',
  once: (key: string, current: string): string => `\`${key}\` takes one value, and it is already \`${current}\``,
  unknownKey: (key: string, keys: readonly string[]): string =>
    `\`${shorten(key)}:\` is not a key; the keys are ${keys
      .slice(0, -1)
      .map((k) => `${k}:`)
      .join(', ')} and ${keys.at(-1)}:`,
  regionKey: 'the region is a bare term with no key, as in `/mirrors cn-hongkong tag:FinanceDept`',
  eniKey: 'an ENI is a bare term with no key: `eni-…` finds sessions that mirror from or to it',
  stateKey: 'sessions can be filtered by `enabled:true` or `enabled:false`, not by status',
  unknownTerm:
    'a bare word must be a region id such as `cn-hongkong`, `all`, or an id starting `tms-`, `tmf-`, `rg-`, `lb-` or `eni-`; anything else needs a key, such as `name:`',
  helpAlone: '`help` works on its own: `/mirrors help`',
  unclosedQuote: 'a quote opened here is never closed; quote a value as in `name:"db mirror"`',
  noRegion: 'name a region, as in `/mirrors cn-hongkong`, or `all` for every configured region',
} as const;
