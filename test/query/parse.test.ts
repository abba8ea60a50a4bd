import { describe, expect, it } from 'vitest';
import type { MirrorQuery, ParseOutcome, QueryError, SessionFilters } from '../../src/query';
import { canonicalText, cliLines, parseCommand } from '../../src/query';

function parse(text: string, defaultRegion?: string): ParseOutcome {
  return parseCommand(text, defaultRegion === undefined ? {} : { defaultRegion });
}

function queryOf(text: string, defaultRegion?: string): MirrorQuery {
  const outcome = parse(text, defaultRegion);
  if (outcome.kind !== 'query')
    throw new Error(`expected a query from ${JSON.stringify(text)}, got ${JSON.stringify(outcome)}`);
  return outcome.query;
}

function errorsOf(text: string, defaultRegion?: string): QueryError[] {
  const outcome = parse(text, defaultRegion);
  if (outcome.kind !== 'error')
    throw new Error(`expected errors from ${JSON.stringify(text)}, got ${JSON.stringify(outcome)}`);
  return outcome.errors;
}

/** The only error of a command that is otherwise valid (it names a region). */
function onlyError(text: string): QueryError {
  const errors = errorsOf(`cn-hongkong ${text}`);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  if (!error) throw new Error('unreachable');
  return error;
}

function filtersOf(text: string): SessionFilters {
  return queryOf(`cn-hongkong ${text}`).filters;
}

const HK = { kind: 'region', region: 'cn-hongkong' } as const;
const NO_FILTERS: SessionFilters = { tags: [], sessionIds: [] };

describe('help', () => {
  it.each(['help', 'HELP', 'Help', '-h', '--help', '?', '  help  ', '--HELP'])('%j asks for help', (text) => {
    expect(parse(text)).toStrictEqual({ kind: 'help' });
  });

  it('is help even when a default region is configured', () => {
    expect(parse('help', 'cn-hongkong')).toStrictEqual({ kind: 'help' });
  });

  it('is an unknown term when it comes with other terms', () => {
    expect(errorsOf('cn-hongkong help')).toStrictEqual([
      { code: 'unknown-term', term: 'help', rule: '`help` works on its own: `/mirrors help`' },
    ]);
  });
});

describe('region', () => {
  const noRegion: QueryError = {
    code: 'no-region',
    term: '',
    rule: 'name a region, as in `/mirrors cn-hongkong`, or `all` for every configured region',
  };

  it.each(['', '   ', '\t\n'])('empty text %j without a default region is a no-region error', (text) => {
    expect(errorsOf(text)).toStrictEqual([noRegion]);
  });

  it('empty text with a default region queries that region with no filters', () => {
    expect(queryOf('', 'cn-hongkong')).toStrictEqual({ scope: HK, filters: NO_FILTERS, limit: 10 });
  });

  it('terms without a region use the default region, lowercased', () => {
    expect(queryOf('tag:a', 'AP-Southeast-1').scope).toStrictEqual({ kind: 'region', region: 'ap-southeast-1' });
  });

  it('terms without a region and without a default are a no-region error', () => {
    expect(errorsOf('tag:a')).toStrictEqual([noRegion]);
  });

  it('a named region wins over the default', () => {
    expect(queryOf('us-west-1', 'cn-hongkong').scope).toStrictEqual({ kind: 'region', region: 'us-west-1' });
  });

  it.each([
    ['cn-hongkong', 'cn-hongkong'],
    ['ap-southeast-1', 'ap-southeast-1'],
    ['cn-shanghai-finance-1', 'cn-shanghai-finance-1'],
    ['us-west-1', 'us-west-1'],
    ['eu-central-1', 'eu-central-1'],
    ['me-east-1', 'me-east-1'],
    ['cn-hangzhou', 'cn-hangzhou'],
    ['CN-HongKong', 'cn-hongkong'],
  ])('%s is the region %s', (text, region) => {
    expect(queryOf(text).scope).toStrictEqual({ kind: 'region', region });
  });

  it('may come after other terms', () => {
    expect(queryOf('tag:a cn-hongkong').scope).toStrictEqual(HK);
  });

  it.each(['all', 'ALL', 'All'])('%s means every configured region, even with a default', (text) => {
    expect(queryOf(text, 'cn-hongkong').scope).toStrictEqual({ kind: 'all' });
  });

  it('a second, different region is a duplicate', () => {
    expect(errorsOf('cn-hongkong ap-southeast-1')).toStrictEqual([
      { code: 'duplicate', term: 'ap-southeast-1', rule: 'name one region, or `all`; `cn-hongkong` is already named' },
    ]);
  });

  it('a region and all together are a duplicate', () => {
    expect(errorsOf('all cn-hongkong')).toStrictEqual([
      { code: 'duplicate', term: 'cn-hongkong', rule: 'name one region, or `all`; `all` is already named' },
    ]);
  });

  it('the same region twice is harmless', () => {
    expect(queryOf('cn-hongkong CN-HONGKONG').scope).toStrictEqual(HK);
  });
});

describe('keys', () => {
  it('maps every key to its filter', () => {
    const query = queryOf(
      'cn-hongkong tag:FinanceDept tag:env=prod name:"db mirror" source:eni-0000000000000000src1 target:lb-0000tgt1 filter:tmf-000000000000000000f1 ' +
        'vni:42 priority:7 enabled:false id:tms-000000000000000000a1,tms-000000000000000000b2 rg:rg-0000000000000g1 limit:25',
    );
    expect(query).toStrictEqual({
      scope: HK,
      filters: {
        tags: [{ key: 'FinanceDept' }, { key: 'env', value: 'prod' }],
        name: 'db mirror',
        sourceId: 'eni-0000000000000000src1',
        targetId: 'lb-0000tgt1',
        filterId: 'tmf-000000000000000000f1',
        vni: 42,
        priority: 7,
        enabled: false,
        sessionIds: ['tms-000000000000000000a1', 'tms-000000000000000000b2'],
        resourceGroupId: 'rg-0000000000000g1',
      },
      limit: 25,
    });
  });

  it('defaults limit to 10', () => {
    expect(queryOf('cn-hongkong').limit).toBe(10);
  });

  it('are case-insensitive', () => {
    expect(
      filtersOf(
        'TAG:k NAME:n SOURCE:eni-00000000000000000001 Target:eni-00000000000000000002 FILTER:tmf-00000000000000000003 VNI:4 Priority:5 ENABLED:TRUE ID:tms-00000000000000000006 RG:rg-000000000000007',
      ),
    ).toStrictEqual({
      tags: [{ key: 'k' }],
      name: 'n',
      sourceId: 'eni-00000000000000000001',
      targetId: 'eni-00000000000000000002',
      filterId: 'tmf-00000000000000000003',
      vni: 4,
      priority: 5,
      enabled: true,
      sessionIds: ['tms-00000000000000000006'],
      resourceGroupId: 'rg-000000000000007',
    });
    expect(queryOf('cn-hongkong LIMIT:3').limit).toBe(3);
  });

  it('may come in any order', () => {
    const a = queryOf('cn-hongkong tag:a=1 vni:3 enabled:on name:x limit:5');
    const b = queryOf('limit:5 name:x enabled:on vni:3 cn-hongkong tag:a=1');
    expect(b).toStrictEqual(a);
    expect(a.filters.vni).toBe(3);
  });

  it('keep the case of tag keys, tag values and names', () => {
    expect(filtersOf('tag:Env=Prod name:DB')).toStrictEqual({
      tags: [{ key: 'Env', value: 'Prod' }],
      name: 'DB',
      sessionIds: [],
    });
  });

  it('lowercase ids', () => {
    expect(filtersOf('source:ENI-00000000000000000AB1 id:TMS-000000000000000000X9')).toStrictEqual({
      tags: [],
      sourceId: 'eni-00000000000000000ab1',
      sessionIds: ['tms-000000000000000000x9'],
    });
  });
});

describe('tag:', () => {
  it.each([
    ['tag:FinanceDept', { key: 'FinanceDept' }],
    ['tag:env=prod', { key: 'env', value: 'prod' }],
    ['tag:env=', { key: 'env', value: '' }],
    ['tag:a=b=c', { key: 'a', value: 'b=c' }],
    ['tag:team:x=1', { key: 'team:x', value: '1' }],
    ['tag:"Finance Dept"="cost centre"', { key: 'Finance Dept', value: 'cost centre' }],
    ['tag:"Finance Dept=cost centre"', { key: 'Finance Dept', value: 'cost centre' }],
  ])('%s is %j', (text, tag) => {
    expect(filtersOf(text).tags).toStrictEqual([tag]);
  });

  it('keeps several tags in the order given and drops exact repeats', () => {
    expect(filtersOf('tag:b=2 tag:a tag:b=2 tag:a= tag:a').tags).toStrictEqual([
      { key: 'b', value: '2' },
      { key: 'a' },
      { key: 'a', value: '' },
    ]);
  });

  it('accepts a 64-character key and a 128-character value', () => {
    const key = 'k'.repeat(64);
    const value = 'v'.repeat(128);
    expect(filtersOf(`tag:${key}=${value}`).tags).toStrictEqual([{ key, value }]);
  });

  it('accepts exactly 20 tags', () => {
    const terms = Array.from({ length: 20 }, (_, i) => `tag:k${i}`).join(' ');
    expect(filtersOf(terms).tags).toHaveLength(20);
  });
});

describe('name:', () => {
  it.each([
    ['name:"db mirror"', 'db mirror'],
    ['name:\u201cdb mirror\u201d', 'db mirror'],
    ['name:\u201ddb mirror\u201d', 'db mirror'],
    ['"name:db mirror"', 'db mirror'],
    ['name:db" "mirror', 'db mirror'],
    ['name:"say \\"hi\\""', 'say "hi"'],
    ['name:"back\\\\slash"', 'back\\slash'],
    ['name:a\\b', 'a\\b'],
    ['name:"a\tb"', 'a\tb'],
    ['name:a:b', 'a:b'],
    ['name:"see http://x"', 'see http://x'],
    [`name:${'n'.repeat(128)}`, 'n'.repeat(128)],
    ['name:"\u{1F600}"', '\u{1F600}'],
  ])('%s is the name %j', (text, name) => {
    expect(filtersOf(text).name).toBe(name);
  });
});

describe('enabled:', () => {
  it.each([
    ['true', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['no', false],
    ['off', false],
    ['TRUE', true],
    ['Off', false],
  ])('enabled:%s is %s', (word, enabled) => {
    expect(filtersOf(`enabled:${word}`).enabled).toBe(enabled);
  });
});

describe('numbers', () => {
  it.each([
    ['vni:0', 'vni', 0],
    ['vni:16777215', 'vni', 16777215],
    ['vni:007', 'vni', 7],
    ['priority:1', 'priority', 1],
    ['priority:32766', 'priority', 32766],
  ] as const)('%s sets %s to %d', (text, field, n) => {
    expect(filtersOf(text)[field]).toBe(n);
  });

  it.each([
    ['limit:1', 1],
    ['limit:100', 100],
  ])('%s sets the limit to %d', (text, n) => {
    expect(queryOf(`cn-hongkong ${text}`).limit).toBe(n);
  });
});

describe('view:', () => {
  it('view:cards asks for every field of each session, and changes no filter', () => {
    const query = queryOf('cn-hongkong view:cards tag:a');
    expect(query.view).toBe('cards');
    expect(query.filters).toStrictEqual({ tags: [{ key: 'a' }], sessionIds: [] });
  });

  it('view:list (the default) and no view leave the query as it was', () => {
    expect(queryOf('cn-hongkong VIEW:List')).toStrictEqual(queryOf('cn-hongkong'));
    expect(queryOf('cn-hongkong').view).toBeUndefined();
  });

  it('refuses another view with the rule, and two different views', () => {
    expect(onlyError('view:table').rule).toBe(
      '`view:` must be `cards` (every field of each session) or `list` (one line each, the default)',
    );
    expect(onlyError('view:cards view:list').code).toBe('duplicate');
  });

  it('survives canonical text and stays out of the aliyun CLI line', () => {
    const query = queryOf('cn-hongkong view:cards vni:3');
    expect(canonicalText(query)).toBe('cn-hongkong vni:3 view:cards');
    expect(queryOf(canonicalText(query))).toStrictEqual(query);
    expect(cliLines(query, 'cn-hongkong').join('\n')).not.toMatch(/view|cards/i);
  });
});

describe('id:', () => {
  it('takes a comma-separated list, repeats, and bare ids, without duplicates', () => {
    expect(
      filtersOf(
        'id:tms-0000000000000000000a,tms-0000000000000000000b id:tms-0000000000000000000c,tms-0000000000000000000a tms-0000000000000000000d TMS-0000000000000000000B',
      ).sessionIds,
    ).toStrictEqual([
      'tms-0000000000000000000a',
      'tms-0000000000000000000b',
      'tms-0000000000000000000c',
      'tms-0000000000000000000d',
    ]);
  });

  it('skips the empty pieces of a trailing comma', () => {
    expect(filtersOf('id:tms-0000000000000000000a, tms-0000000000000000000b').sessionIds).toStrictEqual([
      'tms-0000000000000000000a',
      'tms-0000000000000000000b',
    ]);
  });

  it('accepts 100 ids, counting repeats once', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `tms-${String(i).padStart(20, '0')}`);
    expect(
      filtersOf(`id:${ids.join(',')} id:tms-00000000000000000000,tms-00000000000000000099`).sessionIds,
    ).toStrictEqual(ids);
  });
});

describe('bare ids', () => {
  it.each([
    ['tms-0000000000000000abc1', { tags: [], sessionIds: ['tms-0000000000000000abc1'] }],
    ['tmf-0000000000000000abc1', { tags: [], sessionIds: [], filterId: 'tmf-0000000000000000abc1' }],
    ['rg-00000000000abc1', { tags: [], sessionIds: [], resourceGroupId: 'rg-00000000000abc1' }],
    ['lb-0000abc1', { tags: [], sessionIds: [], targetId: 'lb-0000abc1' }],
  ])('%s is %j', (text, filters) => {
    expect(filtersOf(text)).toStrictEqual(filters);
  });

  it('eni-… is the on-call lookup, not a filter', () => {
    expect(queryOf('cn-hongkong eni-0000j6c8znm5l1yt4sox')).toStrictEqual({
      scope: HK,
      filters: NO_FILTERS,
      limit: 10,
      eni: 'eni-0000j6c8znm5l1yt4sox',
    });
  });

  it('the same eni twice is harmless', () => {
    expect(queryOf('cn-hongkong eni-0000000000000000000a eni-0000000000000000000a').eni).toBe(
      'eni-0000000000000000000a',
    );
  });

  it('a bare lb- and target: with the same id agree', () => {
    expect(filtersOf('lb-00000001 target:lb-00000001').targetId).toBe('lb-00000001');
  });
});

describe('HTML-escaped text from Slack', () => {
  it('unescapes &amp; &lt; &gt; before reading terms', () => {
    expect(filtersOf('tag:a&amp;b=&lt;x&gt; name:"R&amp;D"')).toStrictEqual({
      tags: [{ key: 'a&b', value: '<x>' }],
      name: 'R&D',
      sessionIds: [],
    });
  });

  it('unescapes once, so an escaped entity stays an entity', () => {
    expect(filtersOf('name:&amp;lt;').name).toBe('&lt;');
  });

  it('quotes the unescaped term in errors', () => {
    expect(onlyError('tag:aliyun&amp;x').term).toBe('tag:aliyun&x');
  });

  it('leaves other entities alone', () => {
    expect(filtersOf('name:&quot;').name).toBe('&quot;');
  });
});

const RULE = {
  tagKey:
    '`tag:` needs a key of 1-64 characters that does not start with `aliyun` or `acs:` and does not contain `http://` or `https://`, as in `tag:KEY` or `tag:KEY=VALUE`',
  tagValue:
    'a tag value is at most 128 characters and must not contain `http://` or `https://`; it may be empty, as in `tag:KEY=`',
  name: '`name:` must be 1-128 characters and must not start with `http://` or `https://`; quote it to hold spaces, as in `name:"db mirror"`',
  source: '`source:` takes an ENI id; check the id: `eni-` ids are `eni-` followed by 20 lowercase letters and digits',
  target:
    '`target:` takes an ENI id or an SLB id; check the id: `eni-` ids are `eni-` followed by 20 lowercase letters and digits, and `lb-` ids are `lb-` followed by 8 to 24 lowercase letters and digits',
  filter:
    '`filter:` takes a filter id; check the id: `tmf-` ids are `tmf-` followed by 20 lowercase letters and digits',
  id: '`id:` takes session ids, separated by commas; check the id: `tms-` ids are `tms-` followed by 20 lowercase letters and digits',
  rg: '`rg:` takes a resource group id; check the id: `rg-` ids are `rg-` followed by 15 to 20 lowercase letters and digits',
  vni: '`vni:` must be a whole number from 0 to 16777215',
  priority: '`priority:` must be a whole number from 1 to 32766',
  enabled: '`enabled:` must be `true` or `false` (`yes`/`no` and `on`/`off` work too)',
  limit: '`limit:` must be a whole number from 1 to 100',
};

describe('invalid values', () => {
  it.each([
    ['tag:', RULE.tagKey],
    ['tag:=x', RULE.tagKey],
    [`tag:${'k'.repeat(65)}`, RULE.tagKey],
    ['tag:aliyunTeam', RULE.tagKey],
    ['tag:ALIYUN', RULE.tagKey],
    ['tag:acs:team', RULE.tagKey],
    ['tag:ACS:team=x', RULE.tagKey],
    ['tag:see-http://x', RULE.tagKey],
    ['tag:HTTPS://x', RULE.tagKey],
    [`tag:k=${'v'.repeat(129)}`, RULE.tagValue],
    ['tag:k=see-http://x', RULE.tagValue],
    ['tag:k=https://x', RULE.tagValue],
    ['name:', RULE.name],
    ['name:""', RULE.name],
    [`name:${'n'.repeat(129)}`, RULE.name],
    ['name:http://x', RULE.name],
    ['name:HTTPS://x', RULE.name],
    ['source:lb-00000001', RULE.source],
    ['source:eni-', RULE.source],
    ['source:eni-ab*', RULE.source],
    ['source:eni-a_b', RULE.source],
    ['source:', RULE.source],
    ['target:tmf-00000000000000000001', RULE.target],
    ['target:eni-j6c2fp57q8rr47rp****', RULE.target],
    ['target:eni-1', RULE.target],
    ['source:eni-j6c8znm5l1yt4sox001', RULE.source],
    ['source:eni-j6c8znm5l1yt4sox00O1', RULE.source],
    ['filter:tmf-j6cmls82xnc86vtpe0001', RULE.filter],
    ['rg:rg-acfmy7bs5zyrms', RULE.rg],
    ['filter:x', RULE.filter],
    ['filter:tmf-', RULE.filter],
    ['id:', RULE.id],
    ['id:tms-00000000000000000001,bad', RULE.id],
    ['id:tms-***', RULE.id],
    ['id:tmf-00000000000000000001', RULE.id],
    ['rg:rg_1', RULE.rg],
    ['rg:rg-', RULE.rg],
    ['vni:-1', RULE.vni],
    ['vni:16777216', RULE.vni],
    ['vni:1.5', RULE.vni],
    ['vni:1e3', RULE.vni],
    ['vni:+3', RULE.vni],
    ['vni:0x10', RULE.vni],
    ['vni:abc', RULE.vni],
    ['vni:', RULE.vni],
    ['priority:0', RULE.priority],
    ['priority:32767', RULE.priority],
    ['priority:1.5', RULE.priority],
    ['priority:1e3', RULE.priority],
    ['priority:+3', RULE.priority],
    ['priority:3abc', RULE.priority],
    ['priority:x3', RULE.priority],
    ['priority:" 3"', RULE.priority],
    ['enabled:maybe', RULE.enabled],
    ['enabled:', RULE.enabled],
    ['enabled:1', RULE.enabled],
    ['enabled:constructor', RULE.enabled],
    ['limit:0', RULE.limit],
    ['limit:101', RULE.limit],
    ['limit:1.5', RULE.limit],
    ['limit:ten', RULE.limit],
  ])('%s breaks its rule', (term, rule) => {
    expect(onlyError(term)).toStrictEqual({ code: 'invalid-value', term, rule });
  });

  it('a tag with a bad key and a bad value reports both', () => {
    expect(errorsOf('cn-hongkong tag:aliyun=http://x')).toStrictEqual([
      { code: 'invalid-value', term: 'tag:aliyun=http://x', rule: RULE.tagKey },
      { code: 'invalid-value', term: 'tag:aliyun=http://x', rule: RULE.tagValue },
    ]);
  });

  it.each([
    [
      'tms-*',
      '`tms-` ids are `tms-` followed by 20 lowercase letters and digits; this one has other characters',
      'a session id',
    ],
    [
      'tmf-',
      '`tmf-` ids are `tmf-` followed by 20 lowercase letters and digits; this one has 0, so it may be cut short',
      'a filter id',
    ],
    [
      'rg-a.b',
      '`rg-` ids are `rg-` followed by 15 to 20 lowercase letters and digits; this one has other characters',
      'a resource group id',
    ],
    [
      'lb-a_b',
      '`lb-` ids are `lb-` followed by 8 to 24 lowercase letters and digits; this one has other characters',
      'an SLB id',
    ],
    [
      'eni-****',
      '`eni-` ids are `eni-` followed by 20 lowercase letters and digits; this one has other characters',
      'an ENI id',
    ],
    [
      'eni-j6c8znm5l1yt4sox001',
      '`eni-` ids are `eni-` followed by 20 lowercase letters and digits; this one has 19, so it may be cut short',
      'an ENI id',
    ],
    [
      'eni-j6c8znm5l1yt4sox00O1',
      '`eni-` ids are `eni-` followed by 20 lowercase letters and digits; this one mixes capitals in (an `O` where a `0` belongs?)',
      'an ENI id',
    ],
    [
      'tms-j6cla50buc44ap8tu0001',
      '`tms-` ids are `tms-` followed by 20 lowercase letters and digits; this one has 21',
      'a session id',
    ],
  ])('bare %s is not a valid id', (term, tail, noun) => {
    expect(onlyError(term)).toStrictEqual({
      code: 'invalid-value',
      term,
      rule: `that looks like ${noun}, but check the id: ${tail}`,
    });
  });

  it.each([
    ['eni-j6c8znm5l1yt4sox0001', 'eni-j6c8znm5l1yt4sox0001'],
    ['ENI-J6C8ZNM5L1YT4SOX0001', 'eni-j6c8znm5l1yt4sox0001'],
    ['tms-j6cla50buc44ap8tu001', undefined],
    ['rg-acfmy7bs5zyrmsq', undefined],
    ['lb-j6cq5cd0xkh7k0ih0001', undefined],
  ])('the real shapes pass: %s', (term, eni) => {
    expect(queryOf(`cn-hongkong ${term}`).eni).toBe(eni);
  });
});

describe('too many', () => {
  it('refuses a 21st tag, quoting the term that went over', () => {
    const terms = Array.from({ length: 21 }, (_, i) => `tag:k${i}`).join(' ');
    expect(onlyError(terms)).toStrictEqual({ code: 'too-many', term: 'tag:k20', rule: 'at most 20 tags in all' });
  });

  it('refuses a 101st session id, once', () => {
    const ids = Array.from({ length: 102 }, (_, i) => `tms-${String(i).padStart(20, '0')}`);
    expect(
      onlyError(
        `id:${ids.slice(0, 99).join(',')} tms-00000000000000000099 id:tms-00000000000000000100,tms-00000000000000000101`,
      ),
    ).toStrictEqual({
      code: 'too-many',
      term: 'id:tms-00000000000000000100,tms-00000000000000000101',
      rule: 'at most 100 session ids in all',
    });
  });
});

describe('duplicates', () => {
  it.each([
    ['name:a', 'name:b', '`name:` takes one value, and it is already `a`'],
    [
      'source:eni-0000000000000000000a',
      'source:eni-0000000000000000000b',
      '`source:` takes one value, and it is already `eni-0000000000000000000a`',
    ],
    [
      'target:eni-0000000000000000000a',
      'target:lb-0000000b',
      '`target:` takes one value, and it is already `eni-0000000000000000000a`',
    ],
    [
      'target:eni-0000000000000000000a',
      'lb-0000000b',
      '`target:` takes one value, and it is already `eni-0000000000000000000a`',
    ],
    [
      'filter:tmf-0000000000000000000a',
      'tmf-0000000000000000000b',
      '`filter:` takes one value, and it is already `tmf-0000000000000000000a`',
    ],
    ['vni:1', 'vni:2', '`vni:` takes one value, and it is already `1`'],
    ['priority:1', 'priority:2', '`priority:` takes one value, and it is already `1`'],
    ['enabled:yes', 'enabled:off', '`enabled:` takes one value, and it is already `true`'],
    ['rg:rg-00000000000000a', 'rg-00000000000000b', '`rg:` takes one value, and it is already `rg-00000000000000a`'],
    ['limit:5', 'limit:6', '`limit:` takes one value, and it is already `5`'],
    [
      'eni-0000000000000000000a',
      'eni-0000000000000000000b',
      '`eni-…` takes one value, and it is already `eni-0000000000000000000a`',
    ],
  ])('%s then %s is a duplicate', (first, second, rule) => {
    expect(onlyError(`${first} ${second}`)).toStrictEqual({ code: 'duplicate', term: second, rule });
  });

  it.each([
    ['name:a name:a', 'a'],
    ['enabled:yes enabled:true', true],
    ['vni:5 vni:05', 5],
  ] as const)('%s repeats one value, which is fine', (text, value) => {
    const filters = filtersOf(text);
    expect([filters.name, filters.enabled, filters.vni]).toContain(value);
  });

  const conflict =
    'a bare `eni-…` already finds sessions that mirror from or to that ENI, so it cannot be combined with `source:` or `target:`; use one or the other';

  it.each([
    ['eni-0000000000000000000a source:eni-0000000000000000000b', 'source:eni-0000000000000000000b'],
    ['eni-0000000000000000000a target:lb-0000000b', 'target:lb-0000000b'],
    ['source:eni-0000000000000000000b eni-0000000000000000000a', 'eni-0000000000000000000a'],
    ['target:eni-0000000000000000000a eni-0000000000000000000a', 'eni-0000000000000000000a'],
    ['lb-0000000x eni-0000000000000000000a', 'eni-0000000000000000000a'],
  ])('%s: a bare ENI conflicts with source:/target:', (text, term) => {
    expect(onlyError(text)).toStrictEqual({ code: 'duplicate', term, rule: conflict });
  });
});

describe('unknown keys', () => {
  const keyList = '(keys: tag, name, source, target, filter, vni, priority, enabled, id, rg, ip, limit, view, account)';

  it.each([
    ['targt:eni-00000000000000000001', 'targt', 'target:'],
    ['tga:FinanceDept', 'tga', 'tag:'],
    ['Tga:x', 'Tga', 'tag:'],
    ['tags:a', 'tags', 'tag:'],
    ['nmae:x', 'nmae', 'name:'],
    ['enabel:true', 'enabel', 'enabled:'],
    ['prio:3', 'prio', 'priority:'],
    ['en:true', 'en', 'enabled:'],
    ['ids:tms-00000000000000000001', 'ids', 'id:'],
    ['resourcegroup:rg-000000000000001', 'resourcegroup', 'rg:'],
    ['max:5', 'max', 'limit:'],
  ])('%s suggests the nearest key', (term, key, suggestion) => {
    expect(onlyError(term)).toStrictEqual({
      code: 'unknown-key',
      term,
      rule: `\`${key}:\` is not a key ${keyList}`,
      suggestion,
    });
  });

  it.each(['xyzzy:1', 'x:1', ':1', 'https://example.com'])('%s has no plausible suggestion', (term) => {
    const error = onlyError(term);
    expect(error.code).toBe('unknown-key');
    expect(error.term).toBe(term);
    expect(error.suggestion).toBeUndefined();
  });

  it('region: says the region is a bare term and offers it', () => {
    expect(errorsOf('region:CN-HONGKONG tag:a')).toStrictEqual([
      {
        code: 'unknown-key',
        term: 'region:CN-HONGKONG',
        rule: 'the region is a bare term with no key, as in `/mirrors cn-hongkong tag:FinanceDept`',
        suggestion: 'cn-hongkong',
      },
    ]);
  });

  it('region: with no region in it still explains, without a suggestion', () => {
    expect(onlyError('region:')).toStrictEqual({
      code: 'unknown-key',
      term: 'region:',
      rule: 'the region is a bare term with no key, as in `/mirrors cn-hongkong tag:FinanceDept`',
    });
  });

  it.each(['status:on', 'state:Created'])('%s is not supported and points at enabled:', (term) => {
    expect(onlyError(term)).toStrictEqual({
      code: 'unknown-key',
      term,
      rule: 'sessions can be filtered by `enabled:true` or `enabled:false`, not by status',
      suggestion: 'enabled:',
    });
  });

  it('eni: points at the bare form', () => {
    expect(onlyError('eni:eni-00000000000000000abc')).toStrictEqual({
      code: 'unknown-key',
      term: 'eni:eni-00000000000000000abc',
      rule: 'an ENI is a bare term with no key: `eni-…` finds sessions that mirror from or to it',
      suggestion: 'eni-00000000000000000abc',
    });
  });
});

describe('unknown terms', () => {
  const rule =
    'a bare word must be a region id such as `cn-hongkong`, `all`, an IPv4 such as `10.0.1.5`, or an id starting `tms-`, `tmf-`, `rg-`, `lb-`, `eni-` or `i-`; anything else needs a key, such as `name:`';

  it.each([
    ['hongkong', 'cn-hongkong'],
    ['HongKong', 'cn-hongkong'],
    ['hong-kong', 'cn-hongkong'],
    ['cnhongkong', 'cn-hongkong'],
    ['singapore', 'ap-southeast-1'],
    ['frankfort', 'eu-central-1'],
  ])('%s suggests the region %s', (term, suggestion) => {
    expect(onlyError(term)).toStrictEqual({ code: 'unknown-term', term, rule, suggestion });
  });

  it.each(['mirror', 'db-mirror', 'x-abc123', '""'])('%s is unknown, with no suggestion', (term) => {
    expect(onlyError(term)).toStrictEqual({ code: 'unknown-term', term, rule });
  });
});

describe('quotes', () => {
  const rule = 'a quote opened here is never closed; quote a value as in `name:"db mirror"`';

  it.each([
    ['cn-hongkong name:"db mirror', 'name:"db mirror'],
    ['cn-hongkong name:\u201cdb mirror', 'name:\u201cdb mirror'],
    ['name:"oops cn-hongkong', 'name:"oops cn-hongkong'],
    ['cn-hongkong name:"a\\"', 'name:"a\\"'],
  ])('%j has an unclosed quote', (text, term) => {
    expect(errorsOf(text)).toStrictEqual([{ code: 'unbalanced-quote', term, rule }]);
  });

  it('keeps the errors found before the unclosed quote', () => {
    expect(errorsOf('vni:x name:"a').map((e) => [e.code, e.term])).toStrictEqual([
      ['invalid-value', 'vni:x'],
      ['unbalanced-quote', 'name:"a'],
    ]);
  });
});

describe('collecting errors', () => {
  it('reports every problem, in the order typed', () => {
    expect(
      errorsOf('targt:eni-00000000000000000001 vni:1.5 tag: hongkong name:a name:b').map((e) => [e.code, e.term]),
    ).toStrictEqual([
      ['unknown-key', 'targt:eni-00000000000000000001'],
      ['invalid-value', 'vni:1.5'],
      ['invalid-value', 'tag: hongkong'],
      ['duplicate', 'name:b'],
      ['no-region', ''],
    ]);
  });

  it('does not throw when called from untyped code with no text', () => {
    expect(parseCommand(undefined as unknown as string, {})).toStrictEqual({
      kind: 'error',
      errors: [
        {
          code: 'no-region',
          term: '',
          rule: 'name a region, as in `/mirrors cn-hongkong`, or `all` for every configured region',
        },
      ],
    });
  });
});

describe('long input', () => {
  it('shortens a very long unknown key in the rule but quotes the whole term', () => {
    const term = `${'k'.repeat(60)}:v`;
    expect(onlyError(term)).toStrictEqual({
      code: 'unknown-key',
      term,
      rule: `\`${'k'.repeat(40)}…:\` is not a key (keys: tag, name, source, target, filter, vni, priority, enabled, id, rg, ip, limit, view, account)`,
    });
  });

  it('parses a long command with many terms', () => {
    const tags = Array.from({ length: 20 }, (_, i) => `tag:k${i}=${'v'.repeat(128)}`);
    const ids = Array.from({ length: 100 }, (_, i) => `tms-${String(i).padStart(20, '0')}`);
    const query = queryOf(`cn-hongkong ${tags.join(' ')} ${ids.join(' ')}`);
    expect(query.filters.tags).toHaveLength(20);
    expect(query.filters.sessionIds).toStrictEqual(ids);
  });
});

describe('a complete corrected command to copy', () => {
  const regions = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1'];
  const fixOf = (text: string) => {
    const outcome = parseCommand(text, { regions });
    if (outcome.kind !== 'error') throw new Error(`expected errors from ${text}`);
    return outcome;
  };

  it.each([
    ['cn-hongkong tag:Finance Dept', 'cn-hongkong tag:"Finance Dept"'],
    ['cn-hongkong tag:Finance Dept Team', 'cn-hongkong tag:"Finance Dept Team"'],
    ['cn-hongkong name:db mirror', 'cn-hongkong name:"db mirror"'],
    ['cn-hongkong tag: FinanceDept', 'cn-hongkong tag:FinanceDept'],
    ['cn-hongkong targt:eni-j6c8znm5l1yt4sox0001', 'cn-hongkong target:eni-j6c8znm5l1yt4sox0001'],
    ['cn-hongkog tag:FinanceDept', 'cn-hongkong tag:FinanceDept'],
    ['hongkong tag:FinanceDept', 'cn-hongkong tag:FinanceDept'],
    ['region:cn-shanghai', 'cn-shanghai'],
    ['hlep', 'help'],
  ])('%s → %s', (text, fix) => {
    expect(fixOf(text).fix).toBe(fix);
    // What is offered runs.
    expect(parseCommand(fix, { regions }).kind).not.toBe('error');
  });

  it('puts the nearest key first for an unknown key, with the keys listed after it', () => {
    const [error] = fixOf('cn-hongkong targt:eni-j6c8znm5l1yt4sox0001').errors;
    expect(error?.suggestion).toBe('target:');
    expect(error?.rule).toMatch(/^`targt:` is not a key \(keys: tag, name/);
  });

  it('one problem for a tag value typed with spaces, not one per word', () => {
    expect(fixOf('cn-hongkong tag:Finance Dept Team').errors).toStrictEqual([
      {
        code: 'unknown-term',
        term: 'Dept Team',
        rule: 'a `tag:` value with spaces needs quotes, or this word is read as a term of its own',
        suggestion: 'tag:"Finance Dept Team"',
      },
    ]);
  });

  it('offers no command when a problem has no fix', () => {
    expect(fixOf('cn-hongkong tag:Finance Dept vni:x').fix).toBeUndefined();
    expect(fixOf('cn-hongkong xyzzy').fix).toBeUndefined();
  });
});

describe('regions checked before any call', () => {
  const regions = ['cn-hongkong', 'cn-shanghai'];

  it('refuses a region that is neither configured nor known, with the near configured one', () => {
    const outcome = parseCommand('cn-hongkog', { regions });
    expect(outcome).toStrictEqual({
      kind: 'error',
      errors: [
        {
          code: 'unknown-region',
          term: 'cn-hongkog',
          rule: 'not a region the bot knows; the configured regions are `cn-hongkong`, `cn-shanghai`',
          suggestion: 'cn-hongkong',
        },
      ],
      fix: 'cn-hongkong',
    });
  });

  it('accepts a known public region that is not configured (an operator endpoint may serve it)', () => {
    expect(queryOf('eu-central-1', undefined).scope).toStrictEqual({ kind: 'region', region: 'eu-central-1' });
    expect(parseCommand('eu-central-1', { regions }).kind).toBe('query');
  });

  it('accepts a trailing comma silently', () => {
    const outcome = parseCommand('cn-hongkong, tag:FinanceDept', { regions });
    expect(outcome.kind === 'query' && outcome.query.scope).toStrictEqual({ kind: 'region', region: 'cn-hongkong' });
  });

  it('without configured regions, reads any well-formed region (the grammar alone)', () => {
    expect(parseCommand('cn-hongkog').kind).toBe('query');
  });
});

describe('a bare id needs no region', () => {
  it.each([
    ['tms-j6cla50buc44ap8tu001', { kind: 'anywhere' }],
    ['eni-j6c8znm5l1yt4sox0001', { kind: 'anywhere' }],
  ])('%s with no default region is searched everywhere', (text, scope) => {
    expect(queryOf(text).scope).toStrictEqual(scope);
  });

  it('with a default region it stays there', () => {
    expect(queryOf('tms-j6cla50buc44ap8tu001', 'cn-hongkong').scope).toStrictEqual(HK);
  });

  it('a filter with no id still needs a region', () => {
    expect(errorsOf('tag:FinanceDept').map((e) => e.code)).toStrictEqual(['no-region']);
  });
});

describe('account:', () => {
  const accounts = ['prod', 'finance'];
  it('names a configured account, and reads back in canonical text', () => {
    const outcome = parseCommand('cn-hongkong account:Finance', { accounts });
    expect(outcome.kind === 'query' && outcome.query.account).toBe('finance');
    expect(outcome.kind === 'query' && canonicalText(outcome.query)).toBe('account:finance cn-hongkong');
  });
  it('offers the nearest configured account for a typo, with the whole command fixed', () => {
    const outcome = parseCommand('account:prdo all', { accounts });
    expect(outcome).toMatchObject({
      kind: 'error',
      errors: [{ term: 'account:prdo', suggestion: 'account:prod' }],
      fix: 'account:prod all',
    });
  });
  it('lists the accounts when nothing is near', () => {
    const outcome = parseCommand('account:payroll all', { accounts });
    expect(outcome.kind === 'error' && outcome.errors[0]?.rule).toContain('`prod`, `finance`');
  });
  it('refuses a malformed name and a second account', () => {
    expect(parseCommand('account:Bad_Name all', { accounts }).kind).toBe('error');
    const twice = parseCommand('all account:prod account:finance', { accounts });
    expect(twice.kind === 'error' && twice.errors[0]?.code).toBe('duplicate');
  });
});
