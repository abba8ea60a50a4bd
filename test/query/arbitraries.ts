import fc from 'fast-check';
import type { MirrorQuery, RegionScope, SessionFilters, TagFilter } from '../../src/query';

// The API's rules restated independently of src/, so a wrong validator there can't make these generators agree.
const chars = (s: string): number => [...s].length;
const hasUrl = (s: string): boolean => /https?:\/\//i.test(s);

// Units that stress the tokenizer: every quote mark, escapes, separators, odd spaces and Slack's entity names.
const trickyUnit = fc.constantFrom(
  'a',
  'Z',
  '0',
  '-',
  '*',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '"',
  '\u201c',
  '\u201d',
  '\\',
  ':',
  '=',
  ',',
  '&',
  'amp;',
  'lt;',
  'gt;',
  '&amp;',
  'é',
  '\u{1F600}',
  'http://',
  'aliyun',
  'acs:',
);

export function text(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength }),
    fc.string({ unit: trickyUnit, maxLength }),
    fc.string({ unit: 'binary', maxLength }),
  );
}

const tagKey = text(64).filter(
  (k) => chars(k) >= 1 && chars(k) <= 64 && !/^(?:aliyun|acs:)/i.test(k) && !hasUrl(k) && !k.includes('='),
);
const tagValue = text(128).filter((v) => chars(v) <= 128 && !hasUrl(v));
const tag: fc.Arbitrary<TagFilter> = fc.record(
  { key: tagKey, value: tagValue },
  { requiredKeys: ['key'], noNullPrototype: true },
);
const name = text(128).filter((n) => chars(n) >= 1 && chars(n) <= 128 && !/^https?:\/\//i.test(n));

/** Ids of the shape the grammar accepts for their prefix (rules.ts ID_SHAPES). */
const ID_LENGTHS: Record<string, [number, number]> = {
  'tms-': [20, 20],
  'tmf-': [20, 20],
  'eni-': [20, 20],
  'lb-': [8, 24],
  'rg-': [15, 20],
};

function id(prefix: string): fc.Arbitrary<string> {
  const [min, max] = ID_LENGTHS[prefix] ?? [1, 24];
  return fc.stringMatching(new RegExp(`^[a-z0-9]{${min},${max}}$`)).map((s) => `${prefix}${s}`);
}

const region = fc
  .oneof(
    fc.constantFrom(
      'cn-hongkong',
      'ap-southeast-1',
      'cn-shanghai-finance-1',
      'us-west-1',
      'eu-central-1',
      'me-east-1',
      'cn-hangzhou',
    ),
    fc.stringMatching(/^(?:cn|ap|us|eu|me)-[a-z]{1,12}(?:-[a-z0-9]{1,6}){0,2}$/),
  )
  .filter((r) => /^[a-z]{2}-[a-z]+(?:-[a-z0-9]+)*$/.test(r));

const scope: fc.Arbitrary<RegionScope> = fc.oneof(
  fc.constant<RegionScope>({ kind: 'all' }),
  region.map((r): RegionScope => ({ kind: 'region', region: r })),
);

const filters: fc.Arbitrary<SessionFilters> = fc.record(
  {
    tags: fc.uniqueArray(tag, { maxLength: 20, selector: (t) => JSON.stringify([t.key, t.value ?? null]) }),
    name,
    sourceId: id('eni-'),
    targetId: fc.oneof(id('eni-'), id('lb-')),
    filterId: id('tmf-'),
    vni: fc.integer({ min: 0, max: 16_777_215 }),
    priority: fc.integer({ min: 1, max: 32_766 }),
    enabled: fc.boolean(),
    sessionIds: fc.uniqueArray(id('tms-'), { maxLength: 100 }),
    resourceGroupId: id('rg-'),
  },
  { requiredKeys: ['tags', 'sessionIds'], noNullPrototype: true },
);

/**
 * Any query the API would accept,
 * in the shape parseCommand produces: unset fields absent (not undefined), plain prototypes for toStrictEqual.
 */
export const validQuery: fc.Arbitrary<MirrorQuery> = fc
  .record(
    { scope, filters, limit: fc.integer({ min: 1, max: 100 }), eni: id('eni-') },
    { requiredKeys: ['scope', 'filters', 'limit'], noNullPrototype: true },
  )
  .filter((q) => q.eni === undefined || (q.filters.sourceId === undefined && q.filters.targetId === undefined));

function randomCase(word: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((ups) => [...word].map((c, i) => (ups[i] ? c.toUpperCase() : c)).join(''));
}

const keyed = (key: string, value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(randomCase(key), value).map(([k, v]) => `${k}:${v}`);

const quoted = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(value, fc.constantFrom(['"', '"'], ['\u201c', '\u201d'])).map(([v, [open, close]]) => `${open}${v}${close}`);

/** One term as a person might type it: mostly plausible, sometimes wrong, sometimes noise. */
const term: fc.Arbitrary<string> = fc.oneof(
  region,
  randomCase('all'),
  keyed(
    'tag',
    fc.oneof(fc.stringMatching(/^[A-Za-z][\w.-]{0,10}(?:=[\w.-]{0,10})?$/), quoted(fc.string({ maxLength: 12 }))),
  ),
  keyed('name', fc.oneof(fc.stringMatching(/^[\w.-]{0,12}$/), quoted(fc.string({ maxLength: 12 })))),
  keyed('source', id('eni-')),
  keyed('target', fc.oneof(id('eni-'), id('lb-'))),
  keyed('filter', id('tmf-')),
  keyed('vni', fc.integer({ min: -2, max: 16_777_217 }).map(String)),
  keyed('priority', fc.integer({ min: -1, max: 32_768 }).map(String)),
  keyed('enabled', fc.constantFrom('true', 'false', 'yes', 'no', 'on', 'off', 'maybe')),
  keyed(
    'id',
    fc.array(id('tms-'), { minLength: 1, maxLength: 4 }).map((ids) => ids.join(',')),
  ),
  keyed('rg', id('rg-')),
  keyed('limit', fc.integer({ min: 0, max: 101 }).map(String)),
  id('tms-'),
  id('tmf-'),
  id('rg-'),
  id('lb-'),
  id('eni-'),
  fc.constantFrom('help', '&amp;', '&lt;', 'targt:x', 'region:cn-hongkong', '"', '\u201c'),
  text(16),
);

export const command: fc.Arbitrary<string> = fc
  .array(fc.tuple(term, fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0')), { maxLength: 8 })
  .map((parts) => parts.map(([t, space]) => `${t}${space}`).join(''));
