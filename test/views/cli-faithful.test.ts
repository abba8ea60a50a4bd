/**
 * "Copy as CLI" end to end, without trusting our own reading of the line: the message is rendered as Slack's mrkdwn,
 * the code is copied out of it, a real POSIX shell splits it into argv, and a model of the aliyun CLI's own parser
 * says what each call would send. That must be exactly the query, for values chosen to break each step.
 */
import { describe, expect, it } from 'vitest';
import type { MirrorQuery, SessionFilters } from '../../src/query';
import { allRegionsCliScript, type CliScript, cliContextBlock, cliMessages, cliScript } from '../../src/views/cli';
import { validateMessage } from '../../src/views/validate';
import { type CliRun, parseAliyunArgv } from '../support/aliyun-cli';
import { aliyunCalls, SHELLS } from '../support/shell-argv';
import { copiedBlocks, copiedSpans } from '../support/slack-copy';

const HK = 'cn-hongkong';
const FINANCE = { name: 'finance', roleArn: 'acs:ram::6543210987654321:role/mirrors-read' };
const PAGER = 'path=TrafficMirrorSessions';

function query(filters: Partial<SessionFilters> = {}, extra: Partial<MirrorQuery> = {}): MirrorQuery {
  return {
    scope: { kind: 'region', region: HK },
    filters: { tags: [], sessionIds: [], ...filters },
    limit: 10,
    ...extra,
  };
}

/** Values a line can be written with, one per way a shell, Slack or the CLI's parser could change them. */
const FAITHFUL: readonly string[] = [
  '-q', // the CLI's --quiet shorthand
  '-e', // --endpoint
  '-p', // --profile
  '-prod', // a longer single-dash word, dropped by the parser
  '--foo', // read as an unknown flag
  '---x',
  '-',
  '--',
  'plain',
  'a b',
  '  lead and trail  ',
  'two  spaces',
  "o'brien",
  "''",
  '"dq"',
  '`id`',
  'a`b',
  '``',
  '$(printf PWNED)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion the line must not perform
  '${IFS}x',
  '$HOME',
  '\\',
  'a\\nb',
  'ümlaut 中文 🚀',
  'a=b',
  'k:v',
  '=leading',
  ':leading',
  '&amp; <b> > &',
  '<@U0123ABC>',
  '<!here>',
  '<https://x.example|y>',
  ':smile:',
  '*bold* _it_ ~s~',
  '> quote',
  '!;|#~*?[a]{a,b}%',
  '\u200bzero width',
  'x'.repeat(128),
  "'".repeat(128),
  '&'.repeat(128),
];

/** Values no single line in a Slack code block can carry as they are. */
const UNWRITABLE: readonly string[] = [
  'a\nb',
  'trailing\n',
  'a\r\nb',
  'a\tb',
  'bell\u0007',
  'a\u2028b',
  'a```b',
  'no\u00a0break',
  'lone \ud800',
];

/** The parameters a ListTrafficMirrorSessions call must send, spelled independently of src/. */
function expectedParams(q: MirrorQuery, region: string, end?: ['Source' | 'Target', string]): Record<string, string> {
  const f = q.filters;
  const p: Record<string, string> = { RegionId: region };
  f.tags.forEach((t, i) => {
    p[`Tags.${i + 1}.Key`] = t.key;
    if (t.value !== undefined) p[`Tags.${i + 1}.Value`] = t.value;
  });
  if (f.name !== undefined) p.TrafficMirrorSessionName = f.name;
  if (f.filterId !== undefined) p.TrafficMirrorFilterId = f.filterId;
  if (f.vni !== undefined) p.VirtualNetworkId = String(f.vni);
  if (f.priority !== undefined) p.Priority = String(f.priority);
  if (f.enabled !== undefined) p.Enabled = String(f.enabled);
  f.sessionIds.forEach((id, i) => {
    p[`TrafficMirrorSessionIds.${i + 1}`] = id;
  });
  if (f.resourceGroupId !== undefined) p.ResourceGroupId = f.resourceGroupId;
  if (f.sourceId !== undefined) p.TrafficMirrorSourceId = f.sourceId;
  if (f.targetId !== undefined) p.TrafficMirrorTargetId = f.targetId;
  if (end) p[`TrafficMirror${end[0]}Id`] = end[1];
  p.MaxResults = String(q.limit);
  return p;
}

/** What one call must be, as the CLI reads it: the API, where it runs, the pager and nothing else. */
function listCall(params: Record<string, string>): CliRun {
  const region = params.RegionId ?? '';
  return {
    args: ['vpc', 'ListTrafficMirrorSessions'],
    root: { region, RegionId: region, pager: PAGER },
    params,
    profileRegion: region,
  };
}

/** The code a person copies from the "Copy as CLI" answer: every block of every message, in order. */
function copiedFromAnswer(script: CliScript): string {
  const messages = cliMessages(script);
  for (const m of messages) expect(validateMessage(m.blocks, 'message')).toEqual([]);
  const texts = messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : [])));
  return texts.flatMap(copiedBlocks).join('');
}

/** The code a person copies from the list's small print, or undefined when the list has none. */
function copiedFromList(script: CliScript): string | undefined {
  const block = cliContextBlock(script);
  if (!block) return undefined;
  const spans = block.elements.flatMap((e) => (e.type === 'mrkdwn' ? copiedSpans(e.text) : []));
  return spans.length > 0 ? spans.join('\n') : undefined;
}

/** Every copy of the script a user can make, run by every shell, read by the CLI. */
function runsOf(script: CliScript): CliRun[][] {
  const copies = [copiedFromAnswer(script), copiedFromList(script)].filter((c): c is string => c !== undefined);
  expect(copies.length).toBeGreaterThan(0);
  return copies.flatMap((copy) => SHELLS.map((shell) => aliyunCalls(copy, shell).map(parseAliyunArgv)));
}

describe('Copy as CLI sends exactly what was asked', () => {
  it.each(FAITHFUL)('a tag value, a tag key and a name of %j', (value) => {
    const q = query({
      tags: [
        { key: 'env', value },
        { key: value, value: 'x' },
      ],
      name: value,
      vni: 7,
    });
    const want = [listCall(expectedParams(q, HK))];
    for (const run of runsOf(cliScript(q, HK))) expect(run).toStrictEqual(want);
  });

  it('an empty tag value stays an empty value', () => {
    const q = query({ tags: [{ key: 'owner', value: '' }, { key: 'team' }] });
    const want = [listCall(expectedParams(q, HK))];
    for (const run of runsOf(cliScript(q, HK))) expect(run).toStrictEqual(want);
  });

  it.each(['-q', "o'brien", 'a  b', '`x`', '__MIRRORS_REGION__', '--RegionId=__MIRRORS_REGION__'])(
    'every region of `all` with a tag value of %j',
    (value) => {
      const regions = ['cn-hongkong', 'cn-shanghai', 'eu-central-1'];
      const q = query({ tags: [{ key: 'k', value }] }, { scope: { kind: 'all' } });
      const want = regions.map((r) => listCall(expectedParams(q, r)));
      for (const run of runsOf(allRegionsCliScript(q, regions))) expect(run).toStrictEqual(want);
    },
  );

  it.each(['-q', 'a  b', '`x`'])('an ENI as source, then as target, with a tag value of %j', (value) => {
    const eni = 'eni-j6c8znm5l1yt4sox0001';
    const q = query({ tags: [{ key: 'k', value }] }, { eni });
    const want = [listCall(expectedParams(q, HK, ['Source', eni])), listCall(expectedParams(q, HK, ['Target', eni]))];
    for (const run of runsOf(cliScript(q, HK))) expect(run).toStrictEqual(want);
  });

  it('an IP: its ENIs first, then each ENI as source and as target', () => {
    const q = query({ tags: [{ key: 'k', value: '-q' }] }, { host: { kind: 'ip', ip: '10.0.1.5' } });
    const want: CliRun[] = [
      {
        args: ['ecs', 'DescribeNetworkInterfaces'],
        root: { region: HK, RegionId: HK },
        params: { RegionId: HK, 'PrivateIpAddress.1': '10.0.1.5' },
        profileRegion: HK,
      },
      listCall(expectedParams(q, HK, ['Source', 'ENI_ID'])),
      listCall(expectedParams(q, HK, ['Target', 'ENI_ID'])),
    ];
    for (const run of runsOf(cliScript(q, HK))) expect(run).toStrictEqual(want);
  });

  it.each([
    ['one region', (q: MirrorQuery) => cliScript(q, HK, FINANCE)],
    [
      'every region',
      (q: MirrorQuery) => allRegionsCliScript({ ...q, scope: { kind: 'all' } }, [HK, 'cn-shanghai'], FINANCE),
    ],
  ])('with several accounts (%s), says which account and role, and still sends exactly the query', (_what, make) => {
    const q = query({ tags: [{ key: 'k', value: '-q' }] }, { account: 'finance' });
    const script = make(q);
    const regions = script.loopRegions ?? [HK];
    const want = regions.map((r) => listCall(expectedParams(q, r)));
    for (const run of runsOf(script)) expect(run).toStrictEqual(want);
    // Not a --profile of ours (we can't know the reader's), but words that say whose sessions these were.
    const small = JSON.stringify(cliContextBlock(script));
    expect(small).toContain('for account *finance*, role *acs:ram::6543210987654321:role/mirrors-read*');
    expect(small).toContain('--profile');
    const answer = copiedFromAnswer(script);
    expect(answer.split('\n')[0]).toBe(
      '# Account finance (role acs:ram::6543210987654321:role/mirrors-read): run with your aliyun profile for it (--profile NAME)',
    );
    expect(JSON.stringify(cliMessages(script)[0])).toContain('for account `finance`');
    // One account: nothing added.
    const plain = { ...script, account: undefined };
    expect(JSON.stringify(cliContextBlock(plain))).not.toContain('account');
    expect(copiedFromAnswer(plain)).not.toContain('#');
  });

  it('100 ids and 20 long tags, pasted from several blocks in order', () => {
    const q = query(
      {
        sessionIds: Array.from({ length: 100 }, (_, i) => `tms-j6ccli${String(i).padStart(14, '0')}`),
        tags: Array.from({ length: 20 }, (_, i) => ({ key: `k${i} -q`, value: `'${'&'.repeat(100)}'` })),
      },
      { limit: 100 },
    );
    expect(cliMessages(cliScript(q, HK)).length).toBeGreaterThan(1);
    const want = [listCall(expectedParams(q, HK))];
    for (const run of runsOf(cliScript(q, HK))) expect(run).toStrictEqual(want);
  });
});

describe('Copy as CLI says so when a value cannot be copied as it is', () => {
  it.each(UNWRITABLE)('a tag value of %j gets no command, and words that say why', (value) => {
    const script = cliScript(query({ tags: [{ key: 'env', value }] }), HK);
    const messages = cliMessages(script);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]);
    expect(text).toContain('No aliyun CLI line for this query');
    expect(text).not.toContain('```');
    expect(text).not.toContain('ListTrafficMirrorSessions');
    expect(validateMessage(messages[0]?.blocks ?? [], 'message')).toEqual([]);
    const small = JSON.stringify(cliContextBlock(script));
    expect(small).toContain('No aliyun CLI line for this query');
    expect(small).not.toContain('`');
  });

  it('names the kind of character at fault', () => {
    const reason = (value: string) => JSON.stringify(cliMessages(cliScript(query({ name: value }), HK)));
    expect(reason('a\nb')).toContain('line break');
    expect(reason('a```b')).toContain('three backticks');
  });
});
