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

/**
 * How Alibaba writes each id: the prefix, then lowercase letters and digits. VPC-era ids (sessions, filters, ENIs,
 * ECS instances) carry 20 after the prefix: a 3-character region code and 17 more (`eni-j6c8znm5l1yt4sox0001`,
 * and the API doc's masked `tms-j6cla50buc44ap8tu****`). Exact lengths catch a truncated paste. Resource group ids
 * seen in the wild carry 15 (`rg-acfmy7bs5zyrmsq`) yet the API doc shows 19, and SLB ids have changed over the
 * years, so those two are bounded rather than exact.
 */
interface IdShape {
  prefix: string;
  min: number;
  max: number;
}

const ID_SHAPES = {
  session: { prefix: 'tms-', min: 20, max: 20 },
  filter: { prefix: 'tmf-', min: 20, max: 20 },
  eni: { prefix: 'eni-', min: 20, max: 20 },
  slb: { prefix: 'lb-', min: 8, max: 24 },
  rg: { prefix: 'rg-', min: 15, max: 20 },
  /** ECS instances, for lookups by instance. */
  instance: { prefix: 'i-', min: 20, max: 20 },
} as const satisfies Record<IdKind | 'instance', IdShape>;

const ID_KINDS: readonly IdKind[] = ['session', 'filter', 'eni', 'slb', 'rg'];

/** Which kind a bare or keyed id belongs to, by prefix (case-insensitive). */
export function idKindOf(value: string): IdKind | undefined {
  const lower = value.toLowerCase();
  return ID_KINDS.find((kind) => lower.startsWith(ID_SHAPES[kind].prefix));
}

/**
 * The id in lowercase, if it has the shape of one of `kinds`. An id typed all in capitals (`TMS-…`) is read in
 * lowercase; a capital among lowercase characters (`…00O1`, an O for a zero) is a typo and is refused.
 */
export function normalizeId(value: string, kinds: readonly IdKind[]): string | undefined {
  const lower = value.toLowerCase();
  for (const kind of kinds) {
    const { prefix, min, max } = ID_SHAPES[kind];
    if (!lower.startsWith(prefix)) continue;
    const body = value.slice(prefix.length);
    const cased = body === body.toLowerCase() || body === body.toUpperCase();
    if (cased && body.length >= min && body.length <= max && /^[a-z0-9]+$/.test(body.toLowerCase())) return lower;
  }
  return undefined;
}

function shapeText(shape: IdShape): string {
  const count = shape.min === shape.max ? `${shape.min}` : `${shape.min} to ${shape.max}`;
  return `\`${shape.prefix}\` ids are \`${shape.prefix}\` followed by ${count} lowercase letters and digits`;
}

/** What is wrong with a bare id that has a known prefix, said so that the user checks the id they pasted. */
function idProblem(kind: IdKind, value: string): string {
  const shape = ID_SHAPES[kind];
  const body = value.slice(shape.prefix.length);
  let problem = '';
  if (/[^a-zA-Z0-9]/.test(body)) problem = '; this one has other characters';
  else if (body !== body.toLowerCase() && body !== body.toUpperCase())
    problem = '; this one mixes capitals in (an `O` where a `0` belongs?)';
  else if (body.length < shape.min) problem = `; this one has ${body.length}, so it may be cut short`;
  else if (body.length > shape.max) problem = `; this one has ${body.length}`;
  return `check the id: ${shapeText(shape)}${problem}`;
}

/** The shape rule for an id, by its prefix, for "check the id" after a search found it nowhere. */
export function idShapeRule(id: string): string {
  const kind = idKindOf(id);
  return kind === undefined
    ? 'ids are a prefix such as `eni-` or `tms-` and lowercase letters and digits'
    : shapeText(ID_SHAPES[kind]);
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

const check = (kind: IdKind): string => `check the id: ${shapeText(ID_SHAPES[kind])}`;

export const Rule = {
  tagKey:
    '`tag:` needs a key of 1-64 characters that does not start with `aliyun` or `acs:` and does not contain `http://` or `https://`, as in `tag:KEY` or `tag:KEY=VALUE`',
  tagValue:
    'a tag value is at most 128 characters and must not contain `http://` or `https://`; it may be empty, as in `tag:KEY=`',
  tagCount: `at most ${MAX_TAGS} tags in all`,
  name: '`name:` must be 1-128 characters and must not start with `http://` or `https://`; quote it to hold spaces, as in `name:"db mirror"`',
  source: `\`source:\` takes an ENI id; ${check('eni')}`,
  target: `\`target:\` takes an ENI id or an SLB id; ${check('eni')}, and ${shapeText(ID_SHAPES.slb)}`,
  filter: `\`filter:\` takes a filter id; ${check('filter')}`,
  id: `\`id:\` takes session ids, separated by commas; ${check('session')}`,
  idCount: `at most ${MAX_SESSION_IDS} session ids in all`,
  rg: `\`rg:\` takes a resource group id; ${check('rg')}`,
  vni: `\`vni:\` must be a whole number from 0 to ${MAX_VNI}`,
  priority: `\`priority:\` must be a whole number from ${MIN_PRIORITY} to ${MAX_PRIORITY}`,
  enabled: '`enabled:` must be `true` or `false` (`yes`/`no` and `on`/`off` work too)',
  limit: '`limit:` must be a whole number from 1 to 100',
  view: '`view:` must be `cards` (every field of each session) or `list` (one line each, the default)',
  bareId: (kind: IdKind, value: string): string => `that looks like ${ID_NOUN[kind]}, but ${idProblem(kind, value)}`,
  region: 'name one region, or `all`',
  eniConflict:
    'a bare `eni-…` already finds sessions that mirror from or to that ENI, so it cannot be combined with `source:` or `target:`; use one or the other',
  once: (key: string, current: string): string => `\`${key}\` takes one value, and it is already \`${current}\``,
  unknownKey: (key: string, keys: readonly string[]): string =>
    `\`${shorten(key)}:\` is not a key (keys: ${keys.join(', ')})`,
  regionKey: 'the region is a bare term with no key, as in `/mirrors cn-hongkong tag:FinanceDept`',
  eniKey: 'an ENI is a bare term with no key: `eni-…` finds sessions that mirror from or to it',
  stateKey: 'sessions can be filtered by `enabled:true` or `enabled:false`, not by status',
  unknownTerm:
    'a bare word must be a region id such as `cn-hongkong`, `all`, an IPv4 such as `10.0.1.5`, or an id starting `tms-`, `tmf-`, `rg-`, `lb-`, `eni-` or `i-`; anything else needs a key, such as `name:`',
  helpAlone: '`help` works on its own: `/mirrors help`',
  straySpace: 'no space goes between a key and its value',
  unquotedSpace: (key: string): string =>
    `a \`${key}:\` value with spaces needs quotes, or this word is read as a term of its own`,
  unknownRegion: (configured: readonly string[]): string =>
    configured.length > 0
      ? `not a region the bot knows; the configured regions are ${configured
          .slice(0, 10)
          .map((r) => `\`${r}\``)
          .join(', ')}${configured.length > 10 ? ', …' : ''}`
      : 'not a region the bot knows',
  account: '`account:` takes an account name of 1-32 lowercase letters, digits and dashes, as in `account:prod`',
  unknownAccount: (configured: readonly string[]): string =>
    `not an account of this bot; the accounts are ${configured.map((a) => `\`${a}\``).join(', ')}`,
  unclosedQuote: 'a quote opened here is never closed; quote a value as in `name:"db mirror"`',
  noRegion: 'name a region, as in `/mirrors cn-hongkong`, or `all` for every configured region',
} as const;

// ---- host terms: what on-call knows (an IP, an instance) ------------------------------------------------------

/**
 * A dotted-quad IPv4: four decimal octets 0-255, no leading zeros (`010` reads as octal in some tools, so it is
 * ambiguous). Private ranges are what ENIs hold, but any valid address is accepted and simply looked up.
 */
export function ipv4(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  for (const part of parts) {
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
  }
  return text;
}

/** True when the word is meant as an IPv4 (digits and dots), so a bad one gets the IP rule rather than "unknown". */
export function looksLikeIpv4(text: string): boolean {
  return /^[0-9]+(?:\.[0-9]*)+$/.test(text);
}

/** ECS instance ids: `i-` and 20 lowercase letters and digits, like the VPC-era ids (all capitals read as lower). */
const INSTANCE_BODY = 20;

export function instanceId(value: string): string | undefined {
  if (!value.toLowerCase().startsWith('i-')) return undefined;
  const body = value.slice(2);
  const cased = body === body.toLowerCase() || body === body.toUpperCase();
  return cased && body.length === INSTANCE_BODY && /^[a-z0-9]+$/.test(body.toLowerCase())
    ? value.toLowerCase()
    : undefined;
}

export const HostRule = {
  ip: '`ip:` takes a private IPv4 address: four numbers from 0 to 255 separated by dots, as in `ip:10.0.1.5`',
  instance: `an instance id is \`i-\` followed by ${INSTANCE_BODY} lowercase letters and digits`,
  once: 'look up one IP or instance at a time',
  conflict:
    'an IP or instance already finds sessions that mirror from or to its ENIs, so it cannot be combined with a bare `eni-…`, `source:` or `target:`; use one or the other',
} as const;
