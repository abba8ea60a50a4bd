import type { Key } from './filters';
import { FILTERS, isKey, KEYS, SCALAR_FIELDS, type ScalarField, scalarField, scalarSpec } from './filters';
import {
  HostRule,
  idKindOf,
  instanceId,
  ipv4,
  isRegionId,
  looksLikeIpv4,
  MAX_SESSION_IDS,
  MAX_TAGS,
  normalizeId,
  Rule,
  tagKeyOk,
  tagValueOk,
  wholeNumberIn,
} from './rules';
import {
  editDistance,
  isKnownRegion,
  misplacedKey,
  nearestConfiguredRegion,
  nearestKey,
  nearestRegion,
  nearHelp,
} from './suggest';
import { quoteValue, type Token, tokenize, unescapeHtml } from './tokens';
import {
  DEFAULT_LIMIT,
  type HostTerm,
  MAX_LIMIT,
  type MirrorQuery,
  type ParseOutcome,
  type QueryError,
  type QueryErrorCode,
  type RegionScope,
  type SessionFilters,
  type TagFilter,
} from './types';
import { hasLoneSurrogate, WELL_FORMED_RULE, wellFormed } from './unicode';

const HELP_WORDS = new Set(['help', '-h', '--help', '?']);

/** The single-valued parts of a query: each may be given again only with the same value. */
interface Singles {
  scope: RegionScope;
  limit: number;
  eni: string;
  host: HostTerm;
  view: 'cards' | 'list';
  account: string;
}
type Slot = keyof Singles | ScalarField;

function slotKey(slot: Slot): string {
  if (slot === 'scope') return 'region';
  if (slot === 'limit') return 'limit:';
  if (slot === 'view') return 'view:';
  if (slot === 'eni') return 'eni-…';
  if (slot === 'host') return 'ip:';
  if (slot === 'account') return 'account:';
  return `${FILTERS[slot].key}:`;
}

class Draft {
  readonly errors: QueryError[] = [];
  readonly tags: TagFilter[] = [];
  readonly sessionIds: string[] = [];
  readonly values: { [K in keyof Singles]?: Singles[K] } = {};
  readonly filters: Partial<Pick<SessionFilters, ScalarField>> = {};
  private readonly shown: { [K in Slot]?: string } = {};
  private tagsFull = false;
  private idsFull = false;

  /** Which token is being read, so a fix can replace it. */
  at = 0;
  /** Token index → what it should read instead ('' drops it): the corrected command offered to copy. */
  readonly replacements = new Map<number, string>();
  /** Errors that have no replacement: while there is one, no complete corrected command can be offered. */
  unfixed = 0;
  /** The tag:/name: value a following stray word may belong to (`tag:Finance Dept`); `error` once one was. */
  open: { start: number; key: string; value: string; from?: number; error?: QueryError } | undefined;
  /** The text parsed, to quote a run of terms exactly as typed. */
  text = '';
  /** A term was a region (or help) with a fix: "name a region" would only repeat it. */
  scopeTried = false;

  fail(code: QueryErrorCode, token: Token, rule: string, suggestion?: string, replacement?: string): void {
    const error: QueryError = { code, term: token.raw, rule };
    if (suggestion !== undefined) error.suggestion = suggestion;
    this.errors.push(error);
    if (replacement === undefined) this.unfixed += 1;
    else this.replacements.set(this.at, replacement);
  }

  set<K extends keyof Singles>(slot: K, value: Singles[K], shown: string, token: Token): void {
    if (this.claim(slot, shown, token)) this.values[slot] = value;
  }

  setFilter<F extends ScalarField>(field: F, value: NonNullable<SessionFilters[F]>, token: Token): void {
    if (this.claim(field, String(value), token)) this.filters[field] = value;
  }

  /** Records a single-valued part, unless it repeats with another value or contradicts a bare ENI. */
  private claim(slot: Slot, shown: string, token: Token): boolean {
    const before = this.shown[slot];
    if (before !== undefined) {
      if (before === shown) return false;
      const rule =
        slot === 'scope'
          ? `${Rule.region}; \`${before}\` is already named`
          : slot === 'host'
            ? `${HostRule.once}; \`${before}\` is already named`
            : Rule.once(slotKey(slot), before);
      this.fail('duplicate', token, rule);
      return false;
    }
    // A bare ENI is looked up as source OR target, so an explicit source/target would contradict it.
    const clashes =
      slot === 'eni'
        ? this.shown.sourceId !== undefined || this.shown.targetId !== undefined
        : (slot === 'sourceId' || slot === 'targetId') && this.shown.eni !== undefined;
    if (clashes) {
      this.fail('duplicate', token, Rule.eniConflict);
      return false;
    }
    // A host is resolved to ENIs that are then looked up as source OR target, like a bare ENI.
    const ends = ['eni', 'sourceId', 'targetId'] as const;
    const hostClash =
      slot === 'host'
        ? ends.some((end) => this.shown[end] !== undefined)
        : (ends as readonly Slot[]).includes(slot) && this.shown.host !== undefined;
    if (hostClash) {
      this.fail('duplicate', token, HostRule.conflict);
      return false;
    }
    this.shown[slot] = shown;
    return true;
  }

  addTag(tag: TagFilter, token: Token): void {
    if (this.tags.some((t) => t.key === tag.key && t.value === tag.value)) return;
    if (this.tags.length >= MAX_TAGS) {
      if (!this.tagsFull) this.fail('too-many', token, Rule.tagCount);
      this.tagsFull = true;
      return;
    }
    this.tags.push(tag);
  }

  addIds(ids: string[], token: Token): void {
    for (const id of ids) {
      if (this.sessionIds.includes(id)) continue;
      if (this.sessionIds.length >= MAX_SESSION_IDS) {
        if (!this.idsFull) this.fail('too-many', token, Rule.idCount);
        this.idsFull = true;
        return;
      }
      this.sessionIds.push(id);
    }
  }
}

/**
 * Command text (as Slack sends it) to a query, help, or every problem found. Never throws: whatever a user types
 * gets an answer.
 */
export interface ParseOptions {
  defaultRegion?: string;
  /**
   * The configured regions. Given, a region is checked before any call: it must be configured or a known public
   * region, and a near miss gets "did you mean". Left out, any well-formed region id is read (the grammar alone).
   */
  regions?: readonly string[];
  /**
   * The configured account names. Given, `account:` must name one of them ("did you mean" for a near miss). Left
   * out, any well-formed name is read.
   */
  accounts?: readonly string[];
}

export function parseCommand(text: string, options: ParseOptions = {}): ParseOutcome {
  const plain = unescapeHtml(typeof text === 'string' ? text : '');
  if (HELP_WORDS.has(plain.trim().toLowerCase())) return { kind: 'help' };

  const { tokens, unclosed } = tokenize(plain);
  const draft = new Draft();
  draft.text = plain;
  const regions = options.regions;
  for (let i = 0; i < tokens.length; i++) {
    draft.at = i;
    const token = tokens[i] as Token;
    if (hasLoneSurrogate(token.raw)) {
      draft.fail('invalid-value', { raw: wellFormed(token.raw), value: '' }, WELL_FORMED_RULE);
      continue;
    }
    const next = tokens[i + 1];
    // `tag: FinanceDept`: a key with nothing after its colon and a bare word after a space is one term typed apart.
    if (next !== undefined && isStraySpace(token, next)) {
      const joined = `${token.raw}${next.raw}`;
      // The term as typed, whatever the space between was.
      const typed = plain.slice(token.start ?? 0, (next.start ?? 0) + next.raw.length);
      draft.fail('invalid-value', { raw: typed, value: '' }, Rule.straySpace, joined, joined);
      draft.replacements.set(i + 1, '');
      i += 1;
      continue;
    }
    readTerm(token, draft, regions, options.accounts);
  }

  if (unclosed !== undefined) {
    // The unclosed term swallowed the rest of the line, which may have held the region: don't claim it is missing.
    draft.fail('unbalanced-quote', { raw: wellFormed(unclosed), value: '' }, Rule.unclosedQuote);
    return { kind: 'error', errors: draft.errors };
  }

  let scope = draft.values.scope;
  const fallback = options.defaultRegion?.trim().toLowerCase();
  if (scope === undefined && fallback) scope = { kind: 'region', region: fallback };
  // Pasting an id or an IP from an alert is the central incident move: it needs no region, it is searched for
  // everywhere.
  if (scope === undefined && isBareLookup(draft)) scope = { kind: 'anywhere' };
  if (scope === undefined && !draft.scopeTried) draft.errors.push({ code: 'no-region', term: '', rule: Rule.noRegion });

  if (draft.errors.length > 0 || scope === undefined) {
    const fix = correctedCommand(tokens, draft, options);
    return fix === undefined ? { kind: 'error', errors: draft.errors } : { kind: 'error', errors: draft.errors, fix };
  }
  return { kind: 'query', query: build(draft, scope) };
}

function isStraySpace(token: Token, next: Token): boolean {
  const colon = token.value.indexOf(':');
  return (
    colon > 0 &&
    colon === token.value.length - 1 &&
    token.raw === token.value &&
    isKey(token.value.slice(0, colon).toLowerCase()) &&
    !next.value.includes(':') &&
    next.value !== ''
  );
}

/**
 * The whole command with every problem fixed, to copy: offered only when every error had a fix and the result
 * reads as a query (or as help) under the same options.
 */
function correctedCommand(tokens: readonly Token[], draft: Draft, options: ParseOptions): string | undefined {
  if (draft.unfixed > 0 || draft.replacements.size === 0) return undefined;
  const help = [...draft.replacements.values()].includes('help');
  const text = help
    ? 'help'
    : tokens
        .map((t, i) => draft.replacements.get(i) ?? t.raw)
        .filter((t) => t !== '')
        .join(' ');
  const outcome = parseCommand(text, options);
  return outcome.kind === 'error' ? undefined : text;
}

/** A query that names what it looks for by id, so every region can be searched for it. */
function isBareLookup(draft: Draft): boolean {
  return draft.values.eni !== undefined || draft.values.host !== undefined || draft.sessionIds.length > 0;
}

function build(draft: Draft, scope: RegionScope): MirrorQuery {
  const v = draft.values;
  const filters: SessionFilters = { tags: draft.tags, sessionIds: draft.sessionIds };
  for (const field of SCALAR_FIELDS) copyFilter(field, draft.filters, filters);
  const query: MirrorQuery = { scope, filters, limit: v.limit ?? DEFAULT_LIMIT };
  if (v.eni !== undefined) query.eni = v.eni;
  if (v.host !== undefined) query.host = v.host;
  if (v.view === 'cards') query.view = 'cards';
  if (v.account !== undefined) query.account = v.account;
  return query;
}

function copyFilter<F extends ScalarField>(field: F, from: Draft['filters'], to: SessionFilters): void {
  const value = from[field];
  if (value !== undefined) to[field] = value;
}

function readTerm(
  token: Token,
  draft: Draft,
  regions: readonly string[] | undefined,
  accounts: readonly string[] | undefined,
): void {
  // The first colon splits key from value, quoted or not, so `"name:db mirror"` works as well as `name:"db mirror"`.
  const colon = token.value.indexOf(':');
  if (colon < 0) {
    readBare(token, draft, regions);
    return;
  }
  draft.open = undefined;
  const typedKey = token.value.slice(0, colon);
  const key = typedKey.toLowerCase();
  const value = token.value.slice(colon + 1);
  if (key === 'account') {
    readAccount(value, token, draft, accounts);
    return;
  }
  if (isKey(key)) {
    readKeyed(key, value, token, draft);
    // A following bare word may be the rest of this value, typed without quotes.
    if (key === 'tag' || key === 'name') draft.open = { start: draft.at, key, value };
    return;
  }
  const misplaced = misplacedKey(key, value);
  if (misplaced) {
    draft.fail('unknown-key', token, misplaced.rule, misplaced.suggestion, misplaced.replacement);
    if (misplaced.rule === Rule.regionKey) draft.scopeTried = true;
    return;
  }
  const nearest = nearestKey(key);
  const colonAt = token.raw.indexOf(':');
  draft.fail(
    'unknown-key',
    token,
    Rule.unknownKey(typedKey, KEYS),
    nearest,
    nearest !== undefined && colonAt >= 0 ? `${nearest}${token.raw.slice(colonAt + 1)}` : undefined,
  );
}

/** `tag:Finance Dept`: the stray word joined to the open value, quoted, replacing both terms. */
function joinOpen(open: NonNullable<Draft['open']>, token: Token, draft: Draft): void {
  const value = `${open.value} ${token.value}`;
  const joined = `${open.key}:${quoteValue(value)}`;
  const from = open.from ?? token.start ?? 0;
  // One problem however many words: `tag:Finance Dept Team` is one value typed without quotes, quoted as typed.
  const error: QueryError = {
    code: 'unknown-term',
    term: draft.text.slice(from, (token.start ?? 0) + token.raw.length),
    rule: Rule.unquotedSpace(open.key),
    suggestion: joined,
  };
  const before = open.error === undefined ? -1 : draft.errors.indexOf(open.error);
  if (before >= 0) draft.errors[before] = error;
  else draft.errors.push(error);
  draft.open = { ...open, value, from, error };
  for (let i = open.start; i < draft.at; i++) draft.replacements.set(i, '');
  draft.replacements.set(draft.at, joined);
}

function readBare(token: Token, draft: Draft, regions: readonly string[] | undefined): void {
  // `cn-hongkong,` from a pasted list: the trailing punctuation names nothing.
  const word = token.value.toLowerCase().replace(/[,;]+$/, '');
  const open = draft.open;
  draft.open = undefined;
  if (word === 'all') {
    draft.set('scope', { kind: 'all' }, 'all', token);
    return;
  }
  if (HELP_WORDS.has(word)) {
    draft.fail('unknown-term', token, Rule.helpAlone);
    return;
  }
  if (isRegionId(word)) {
    if (regions !== undefined && !isKnownRegion(word, regions)) {
      const near = nearestConfiguredRegion(word, regions);
      draft.fail('unknown-region', token, Rule.unknownRegion(regions), near, near);
      draft.scopeTried = true;
      return;
    }
    draft.set('scope', { kind: 'region', region: word }, word, token);
    return;
  }
  if (looksLikeIpv4(word)) {
    readIp(word, token, draft);
    return;
  }
  if (word.startsWith('i-')) {
    const id = instanceId(token.value);
    if (id === undefined) draft.fail('invalid-value', token, HostRule.instance);
    else draft.set('host', { kind: 'instance', instanceId: id }, id, token);
    return;
  }
  const kind = idKindOf(word);
  if (kind === undefined) {
    const region = nearestRegion(word);
    if (region === undefined && open !== undefined) {
      joinOpen(open, token, draft);
      return;
    }
    if (region !== undefined) {
      draft.fail('unknown-term', token, Rule.unknownTerm, region, region);
      draft.scopeTried = true;
      return;
    }
    const help = nearHelp(word);
    draft.fail('unknown-term', token, Rule.unknownTerm, help, help);
    if (help !== undefined) draft.scopeTried = true;
    return;
  }
  // The id as typed: its case tells a capital O typed for a zero from an id pasted in capitals.
  const id = normalizeId(token.value.replace(/[,;]+$/, ''), [kind]);
  if (id === undefined) {
    draft.fail('invalid-value', token, Rule.bareId(kind, token.value));
    return;
  }
  switch (kind) {
    case 'session':
      draft.addIds([id], token);
      return;
    case 'filter':
      draft.setFilter('filterId', id, token);
      return;
    case 'rg':
      draft.setFilter('resourceGroupId', id, token);
      return;
    case 'slb':
      draft.setFilter('targetId', id, token);
      return;
    case 'eni':
      draft.set('eni', id, id, token);
      return;
  }
}

function readKeyed(key: Key, value: string, token: Token, draft: Draft): void {
  const field = scalarField(key);
  if (field !== undefined) {
    readScalar(field, value, token, draft);
    return;
  }
  switch (key) {
    case 'tag': {
      const eq = value.indexOf('=');
      const tagKey = eq < 0 ? value : value.slice(0, eq);
      const tagValue = eq < 0 ? undefined : value.slice(eq + 1);
      const keyOk = tagKeyOk(tagKey);
      const valueOk = tagValue === undefined || tagValueOk(tagValue);
      if (!keyOk) draft.fail('invalid-value', token, Rule.tagKey);
      if (!valueOk) draft.fail('invalid-value', token, Rule.tagValue);
      if (keyOk && valueOk)
        draft.addTag(tagValue === undefined ? { key: tagKey } : { key: tagKey, value: tagValue }, token);
      return;
    }
    case 'id': {
      // Empty pieces come from a trailing or doubled comma in a pasted list; they name nothing, so skip them.
      const pieces = value.split(',').filter((p) => p !== '');
      const ids = pieces.map((p) => normalizeId(p, ['session']));
      const good = ids.filter((id): id is string => id !== undefined);
      if (pieces.length === 0 || good.length < pieces.length) draft.fail('invalid-value', token, Rule.id);
      draft.addIds(good, token);
      return;
    }
    case 'ip':
      readIp(value, token, draft);
      return;
    case 'limit': {
      const limit = wholeNumberIn(value, 1, MAX_LIMIT);
      if (limit === undefined) draft.fail('invalid-value', token, Rule.limit);
      else draft.set('limit', limit, String(limit), token);
      return;
    }
    case 'account':
      return;
    case 'view': {
      const view = value.toLowerCase();
      if (view === 'cards' || view === 'list') draft.set('view', view, view, token);
      else draft.fail('invalid-value', token, Rule.view);
      return;
    }
  }
}

function readScalar<F extends ScalarField>(field: F, value: string, token: Token, draft: Draft): void {
  const spec = scalarSpec(field);
  const read = spec.read(value);
  if (read === undefined) draft.fail('invalid-value', token, spec.rule);
  else draft.setFilter(field, read, token);
}

function readIp(value: string, token: Token, draft: Draft): void {
  const ip = ipv4(value);
  if (ip === undefined) draft.fail('invalid-value', token, HostRule.ip);
  else draft.set('host', { kind: 'ip', ip }, `ip:${ip}`, token);
}

const ACCOUNT_NAME = /^[a-z0-9-]{1,32}$/;

function readAccount(value: string, token: Token, draft: Draft, accounts: readonly string[] | undefined): void {
  const name = value.toLowerCase();
  if (!ACCOUNT_NAME.test(name)) {
    draft.fail('invalid-value', token, Rule.account);
    return;
  }
  if (accounts !== undefined && !accounts.includes(name)) {
    const near = accounts
      .map((a) => ({ a, d: editDistance(name, a) }))
      .filter((c) => c.d <= Math.max(1, Math.floor(name.length / 3)))
      .sort((x, y) => x.d - y.d)[0]?.a;
    const fix = near === undefined ? undefined : `account:${near}`;
    draft.fail('invalid-value', token, Rule.unknownAccount(accounts), fix, fix);
    return;
  }
  draft.set('account', name, name, token);
}
