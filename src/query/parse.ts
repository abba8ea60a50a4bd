import {
  booleanWord,
  idKindOf,
  isKey,
  isRegionId,
  type Key,
  MAX_PRIORITY,
  MAX_SESSION_IDS,
  MAX_TAGS,
  MAX_VNI,
  MIN_PRIORITY,
  nameOk,
  normalizeId,
  Rule,
  tagKeyOk,
  tagValueOk,
  wholeNumberIn,
} from './rules';
import { misplacedKey, nearestKey, nearestRegion } from './suggest';
import { type Token, tokenize, unescapeHtml } from './tokens';
import {
  DEFAULT_LIMIT,
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
  name: string;
  sourceId: string;
  targetId: string;
  filterId: string;
  vni: number;
  priority: number;
  enabled: boolean;
  resourceGroupId: string;
  limit: number;
  eni: string;
}
type Slot = keyof Singles;

const SLOT_KEY: Record<Slot, string> = {
  scope: 'region',
  name: 'name:',
  sourceId: 'source:',
  targetId: 'target:',
  filterId: 'filter:',
  vni: 'vni:',
  priority: 'priority:',
  enabled: 'enabled:',
  resourceGroupId: 'rg:',
  limit: 'limit:',
  eni: 'eni-…',
};

class Draft {
  readonly errors: QueryError[] = [];
  readonly tags: TagFilter[] = [];
  readonly sessionIds: string[] = [];
  readonly values: { [K in Slot]?: Singles[K] } = {};
  private readonly shown: { [K in Slot]?: string } = {};
  private tagsFull = false;
  private idsFull = false;

  fail(code: QueryErrorCode, token: Token, rule: string, suggestion?: string): void {
    const error: QueryError = { code, term: token.raw, rule };
    if (suggestion !== undefined) error.suggestion = suggestion;
    this.errors.push(error);
  }

  set<K extends Slot>(slot: K, value: Singles[K], shown: string, token: Token): void {
    const before = this.shown[slot];
    if (before !== undefined) {
      if (before === shown) return;
      const rule =
        slot === 'scope' ? `${Rule.region}; \`${before}\` is already named` : Rule.once(SLOT_KEY[slot], before);
      this.fail('duplicate', token, rule);
      return;
    }
    // A bare ENI is looked up as source OR target, so an explicit source/target would contradict it.
    const clashes =
      slot === 'eni'
        ? this.shown.sourceId !== undefined || this.shown.targetId !== undefined
        : (slot === 'sourceId' || slot === 'targetId') && this.shown.eni !== undefined;
    if (clashes) {
      this.fail('duplicate', token, Rule.eniConflict);
      return;
    }
    this.values[slot] = value;
    this.shown[slot] = shown;
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
export function parseCommand(text: string, options: { defaultRegion?: string } = {}): ParseOutcome {
  const plain = unescapeHtml(typeof text === 'string' ? text : '');
  if (HELP_WORDS.has(plain.trim().toLowerCase())) return { kind: 'help' };

  const { tokens, unclosed } = tokenize(plain);
  const draft = new Draft();
  for (const token of tokens) {
    if (hasLoneSurrogate(token.raw))
      draft.fail('invalid-value', { raw: wellFormed(token.raw), value: '' }, WELL_FORMED_RULE);
    else readTerm(token, draft);
  }

  if (unclosed !== undefined) {
    // The unclosed term swallowed the rest of the line, which may have held the region: don't claim it is missing.
    draft.fail('unbalanced-quote', { raw: wellFormed(unclosed), value: '' }, Rule.unclosedQuote);
    return { kind: 'error', errors: draft.errors };
  }

  let scope = draft.values.scope;
  const fallback = options.defaultRegion?.trim().toLowerCase();
  if (scope === undefined && fallback) scope = { kind: 'region', region: fallback };
  if (scope === undefined) draft.errors.push({ code: 'no-region', term: '', rule: Rule.noRegion });

  if (draft.errors.length > 0 || scope === undefined) return { kind: 'error', errors: draft.errors };
  return { kind: 'query', query: build(draft, scope) };
}

function build(draft: Draft, scope: RegionScope): MirrorQuery {
  const v = draft.values;
  const filters: SessionFilters = { tags: draft.tags, sessionIds: draft.sessionIds };
  if (v.name !== undefined) filters.name = v.name;
  if (v.sourceId !== undefined) filters.sourceId = v.sourceId;
  if (v.targetId !== undefined) filters.targetId = v.targetId;
  if (v.filterId !== undefined) filters.filterId = v.filterId;
  if (v.vni !== undefined) filters.vni = v.vni;
  if (v.priority !== undefined) filters.priority = v.priority;
  if (v.enabled !== undefined) filters.enabled = v.enabled;
  if (v.resourceGroupId !== undefined) filters.resourceGroupId = v.resourceGroupId;
  const query: MirrorQuery = { scope, filters, limit: v.limit ?? DEFAULT_LIMIT };
  if (v.eni !== undefined) query.eni = v.eni;
  return query;
}

function readTerm(token: Token, draft: Draft): void {
  // The first colon splits key from value, quoted or not, so `"name:db mirror"` works as well as `name:"db mirror"`.
  const colon = token.value.indexOf(':');
  if (colon < 0) {
    readBare(token, draft);
    return;
  }
  const typedKey = token.value.slice(0, colon);
  const key = typedKey.toLowerCase();
  const value = token.value.slice(colon + 1);
  if (isKey(key)) {
    readKeyed(key, value, token, draft);
    return;
  }
  const misplaced = misplacedKey(key, value);
  if (misplaced) draft.fail('unknown-key', token, misplaced.rule, misplaced.suggestion);
  else draft.fail('unknown-key', token, Rule.unknownKey(typedKey), nearestKey(key));
}

function readBare(token: Token, draft: Draft): void {
  const word = token.value.toLowerCase();
  if (word === 'all') {
    draft.set('scope', { kind: 'all' }, 'all', token);
    return;
  }
  if (HELP_WORDS.has(word)) {
    draft.fail('unknown-term', token, Rule.helpAlone);
    return;
  }
  if (isRegionId(word)) {
    draft.set('scope', { kind: 'region', region: word }, word, token);
    return;
  }
  const kind = idKindOf(word);
  if (kind === undefined) {
    draft.fail('unknown-term', token, Rule.unknownTerm, nearestRegion(word));
    return;
  }
  const id = normalizeId(word, [kind]);
  if (id === undefined) {
    draft.fail('invalid-value', token, Rule.bareId(kind));
    return;
  }
  switch (kind) {
    case 'session':
      draft.addIds([id], token);
      return;
    case 'filter':
      draft.set('filterId', id, id, token);
      return;
    case 'rg':
      draft.set('resourceGroupId', id, id, token);
      return;
    case 'slb':
      draft.set('targetId', id, id, token);
      return;
    case 'eni':
      draft.set('eni', id, id, token);
      return;
  }
}

function readKeyed(key: Key, value: string, token: Token, draft: Draft): void {
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
    case 'name':
      if (nameOk(value)) draft.set('name', value, value, token);
      else draft.fail('invalid-value', token, Rule.name);
      return;
    case 'source':
      setId('sourceId', normalizeId(value, ['eni']), Rule.source, token, draft);
      return;
    case 'target':
      setId('targetId', normalizeId(value, ['eni', 'slb']), Rule.target, token, draft);
      return;
    case 'filter':
      setId('filterId', normalizeId(value, ['filter']), Rule.filter, token, draft);
      return;
    case 'rg':
      setId('resourceGroupId', normalizeId(value, ['rg']), Rule.rg, token, draft);
      return;
    case 'id': {
      // Empty pieces come from a trailing or doubled comma in a pasted list; they name nothing, so skip them.
      const pieces = value.split(',').filter((p) => p !== '');
      const ids = pieces.map((p) => normalizeId(p, ['session']));
      const good = ids.filter((id): id is string => id !== undefined);
      if (pieces.length === 0 || good.length < pieces.length) draft.fail('invalid-value', token, Rule.id);
      draft.addIds(good, token);
      return;
    }
    case 'vni':
      setNumber('vni', wholeNumberIn(value, 0, MAX_VNI), Rule.vni, token, draft);
      return;
    case 'priority':
      setNumber('priority', wholeNumberIn(value, MIN_PRIORITY, MAX_PRIORITY), Rule.priority, token, draft);
      return;
    case 'limit':
      setNumber('limit', wholeNumberIn(value, 1, MAX_LIMIT), Rule.limit, token, draft);
      return;
    case 'enabled': {
      const enabled = booleanWord(value);
      if (enabled === undefined) draft.fail('invalid-value', token, Rule.enabled);
      else draft.set('enabled', enabled, String(enabled), token);
      return;
    }
  }
}

function setId(
  slot: 'sourceId' | 'targetId' | 'filterId' | 'resourceGroupId',
  id: string | undefined,
  rule: string,
  token: Token,
  draft: Draft,
): void {
  if (id === undefined) draft.fail('invalid-value', token, rule);
  else draft.set(slot, id, id, token);
}

function setNumber(
  slot: 'vni' | 'priority' | 'limit',
  n: number | undefined,
  rule: string,
  token: Token,
  draft: Draft,
): void {
  if (n === undefined) draft.fail('invalid-value', token, rule);
  else draft.set(slot, n, String(n), token);
}
