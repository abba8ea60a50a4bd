import { describe, expect, it } from 'vitest';
import type { MirrorQuery, SessionFilters } from '../../src/query';
import { canonicalText, cliLines, describeFilters, parseCommand } from '../../src/query';

function query(filters: Partial<SessionFilters> = {}, extra: Partial<MirrorQuery> = {}): MirrorQuery {
  return {
    scope: { kind: 'region', region: 'cn-hongkong' },
    filters: { tags: [], sessionIds: [], ...filters },
    limit: 10,
    ...extra,
  };
}

const EVERYTHING = query(
  {
    tags: [{ key: 'FinanceDept' }, { key: 'env', value: 'prod' }, { key: 'owner', value: '' }],
    name: 'db mirror',
    sourceId: 'eni-0000000000000000src1',
    targetId: 'lb-0000tgt1',
    filterId: 'tmf-000000000000000000f1',
    vni: 42,
    priority: 7,
    enabled: false,
    sessionIds: ['tms-000000000000000000a1', 'tms-000000000000000000b2', 'tms-000000000000000000c3'],
    resourceGroupId: 'rg-0000000000000g1',
  },
  { limit: 25 },
);

describe('describeFilters', () => {
  it('is empty without filters, whatever the region and limit', () => {
    expect(describeFilters(query({}, { scope: { kind: 'all' }, limit: 50 }))).toStrictEqual([]);
  });

  it('gives one chip per filter', () => {
    expect(describeFilters(EVERYTHING)).toStrictEqual([
      '3 ids',
      'tag:FinanceDept',
      'tag:env=prod',
      'tag:owner=',
      'name:"db mirror"',
      'source:eni-0000000000000000src1',
      'target:lb-0000tgt1',
      'filter:tmf-000000000000000000f1',
      'vni:42',
      'priority:7',
      'enabled:false',
      'rg:rg-0000000000000g1',
    ]);
  });

  it('names a single id', () => {
    expect(describeFilters(query({ sessionIds: ['tms-000000000000000000a1'] }))).toStrictEqual([
      'id:tms-000000000000000000a1',
    ]);
  });

  it('says what a bare ENI does', () => {
    expect(describeFilters(query({ enabled: true }, { eni: 'eni-000000000000000000x1' }))).toStrictEqual([
      'eni-000000000000000000x1 (source or target)',
      'enabled:true',
    ]);
  });

  it('leaves text raw for the views to escape', () => {
    expect(describeFilters(query({ tags: [{ key: 'a&b', value: '<x>' }] }))).toStrictEqual(['tag:a&b=<x>']);
  });
});

describe('canonicalText', () => {
  it('writes the region first and every term in a stable order', () => {
    expect(canonicalText(EVERYTHING)).toBe(
      'cn-hongkong id:tms-000000000000000000a1,tms-000000000000000000b2,tms-000000000000000000c3 tag:FinanceDept tag:env=prod tag:owner= name:"db mirror" source:eni-0000000000000000src1 ' +
        'target:lb-0000tgt1 filter:tmf-000000000000000000f1 vni:42 priority:7 enabled:false rg:rg-0000000000000g1 limit:25',
    );
  });

  it('is just the region for a query without filters, leaving out the default limit', () => {
    expect(canonicalText(query())).toBe('cn-hongkong');
  });

  it('writes all for every region, and a bare ENI after it', () => {
    expect(canonicalText(query({}, { scope: { kind: 'all' }, eni: 'eni-000000000000000000x1' }))).toBe(
      'all eni-000000000000000000x1',
    );
  });

  it('quotes values with spaces or quote marks, escaping quotes and backslashes inside', () => {
    expect(
      canonicalText(query({ name: 'say "hi" \\o/', tags: [{ key: 'Cost Centre', value: '\u201cx\u201d' }] })),
    ).toBe('cn-hongkong tag:"Cost Centre=\\\u201cx\\\u201d" name:"say \\"hi\\" \\\\o/"');
  });

  it('leaves a lone backslash unquoted, where it is literal', () => {
    expect(canonicalText(query({ name: 'a\\b' }))).toBe('cn-hongkong name:a\\b');
  });

  it('protects text that Slack-unescaping would otherwise change', () => {
    expect(canonicalText(query({ name: 'R&D &amp; &lt;ops&gt;' }))).toBe(
      'cn-hongkong name:"R&D &amp;amp; &amp;lt;ops&amp;gt;"',
    );
  });

  it.each([
    'cn-hongkong tag:FinanceDept',
    'all eni-000000000000000000x1 limit:100',
    'cn-hongkong tag:"a b=c d" name:"R&D &amp;amp; x"',
    'ap-southeast-1 id:tms-00000000000000000001,tms-00000000000000000002 enabled:true',
  ])('%s parses back to the same query', (text) => {
    const first = parseCommand(text, {});
    if (first.kind !== 'query') throw new Error(`not a query: ${JSON.stringify(first)}`);
    expect(canonicalText(first.query)).toBe(text);
    expect(parseCommand(canonicalText(first.query), {})).toStrictEqual(first);
  });
});

describe('cliLines', () => {
  const HEAD = 'aliyun vpc ListTrafficMirrorSessions --region cn-hongkong --RegionId=cn-hongkong';
  const PAGER = '--pager path=TrafficMirrorSessions';

  it('is the aliyun CLI call for a simple query: where it runs, each flag one word, every page', () => {
    expect(cliLines(query({ tags: [{ key: 'FinanceDept' }] }), 'cn-hongkong')).toStrictEqual([
      `${HEAD} --Tags.1.Key=FinanceDept --MaxResults=10 ${PAGER}`,
    ]);
  });

  it('passes every filter, numbering tags and ids', () => {
    expect(cliLines(EVERYTHING, 'cn-hongkong')).toStrictEqual([
      HEAD +
        ' --Tags.1.Key=FinanceDept --Tags.2.Key=env --Tags.2.Value=prod --Tags.3.Key=owner --Tags.3.Value=' +
        " '--TrafficMirrorSessionName=db mirror' --TrafficMirrorFilterId=tmf-000000000000000000f1 --VirtualNetworkId=42 --Priority=7" +
        ' --Enabled=false --TrafficMirrorSessionIds.1=tms-000000000000000000a1 --TrafficMirrorSessionIds.2=tms-000000000000000000b2' +
        ' --TrafficMirrorSessionIds.3=tms-000000000000000000c3 --ResourceGroupId=rg-0000000000000g1' +
        ` --TrafficMirrorSourceId=eni-0000000000000000src1 --TrafficMirrorTargetId=lb-0000tgt1 --MaxResults=25 ${PAGER}`,
    ]);
  });

  it('single-quotes the whole word when the shell would read anything in it, single quotes included', () => {
    expect(cliLines(query({ name: "it's $HOME `x` ; rm -rf /" }), 'cn-hongkong')).toStrictEqual([
      `${HEAD} '--TrafficMirrorSessionName=it'\\''s $HOME \`x\` ; rm -rf /' --MaxResults=10 ${PAGER}`,
    ]);
  });

  it('keeps a value that starts with - inside its flag word', () => {
    expect(cliLines(query({ tags: [{ key: 'env', value: '-q' }] }), 'cn-hongkong')).toStrictEqual([
      `${HEAD} --Tags.1.Key=env --Tags.1.Value=-q --MaxResults=10 ${PAGER}`,
    ]);
  });

  it('uses the region it is given, since all has no single region', () => {
    expect(cliLines(query({}, { scope: { kind: 'all' } }), 'eu-central-1')).toStrictEqual([
      `aliyun vpc ListTrafficMirrorSessions --region eu-central-1 --RegionId=eu-central-1 --MaxResults=10 ${PAGER}`,
    ]);
  });

  it('gives two commands for a bare ENI: once as source, once as target', () => {
    expect(cliLines(query({ vni: 1 }, { eni: 'eni-000000000000000000x1' }), 'cn-hongkong')).toStrictEqual([
      `${HEAD} --VirtualNetworkId=1 --TrafficMirrorSourceId=eni-000000000000000000x1 --MaxResults=10 ${PAGER}`,
      `${HEAD} --VirtualNetworkId=1 --TrafficMirrorTargetId=eni-000000000000000000x1 --MaxResults=10 ${PAGER}`,
    ]);
  });
});
