import { describe, expect, it } from 'vitest';
import { canonicalText, parseCommand } from '../../src/query';
import { BuilderRule, type BuilderState, readBuilderSubmission } from '../../src/slack/builder-submission';
import { ALL_REGIONS_VALUE, BUILDER_ACTION, BuilderBlock, type BuilderViewInput } from '../../src/views/query-builder';

const INPUT: BuilderViewInput = { regions: ['cn-hongkong', 'cn-shanghai'] };

type Inputs = Partial<Record<keyof typeof BuilderBlock, string>>;

function state(inputs: Inputs): BuilderState {
  const out: BuilderState = {};
  const selects = new Set<string>(['region', 'enabled', 'destination']);
  for (const [name, value] of Object.entries(inputs)) {
    const block = BuilderBlock[name as keyof typeof BuilderBlock];
    if (name === 'channel')
      out[block] = { [BUILDER_ACTION]: { type: 'conversations_select', selected_conversation: value } };
    else if (selects.has(name))
      out[block] = { [BUILDER_ACTION]: { type: 'static_select', selected_option: { value } } };
    else out[block] = { [BUILDER_ACTION]: { type: 'plain_text_input', value } };
  }
  return out;
}

function read(inputs: Inputs, input: BuilderViewInput = INPUT) {
  return readBuilderSubmission(state({ region: 'cn-hongkong', ...inputs }), input);
}

describe('readBuilderSubmission', () => {
  it('reads an empty form as the region with its defaults, to the DM', () => {
    const outcome = read({});
    expect(outcome).toEqual({
      kind: 'query',
      query: { scope: { kind: 'region', region: 'cn-hongkong' }, filters: { tags: [], sessionIds: [] }, limit: 10 },
      text: 'cn-hongkong',
      destination: { kind: 'dm' },
    });
  });

  it('turns every input into its term, read by the same parser as /mirrors', () => {
    const outcome = read({
      region: 'cn-shanghai',
      tagKey: 'FinanceDept',
      tagValue: 'Finance Joshua',
      name: 'db "quoted" mirror',
      source: 'ENI-00000000000000ABC123',
      target: 'lb-00000xyz',
      filter: 'tmf-000000000000000000f1',
      enabled: 'false',
      limit: '25',
    });
    expect(outcome.kind).toBe('query');
    if (outcome.kind !== 'query') return;
    expect(outcome.query).toEqual({
      scope: { kind: 'region', region: 'cn-shanghai' },
      filters: {
        tags: [{ key: 'FinanceDept', value: 'Finance Joshua' }],
        sessionIds: [],
        name: 'db "quoted" mirror',
        sourceId: 'eni-00000000000000abc123',
        targetId: 'lb-00000xyz',
        filterId: 'tmf-000000000000000000f1',
        enabled: false,
      },
      limit: 25,
    });
    // The canonical text is what /mirrors would need to do the same.
    const again = parseCommand(outcome.text);
    expect(again.kind === 'query' ? again.query : again).toEqual(outcome.query);
    expect(outcome.text).toBe(canonicalText(outcome.query));
  });

  it('keeps text that looks like an HTML entity as typed', () => {
    const outcome = read({ name: 'a &amp; b &lt;c&gt;' });
    expect(outcome.kind === 'query' ? outcome.query.filters.name : outcome).toBe('a &amp; b &lt;c&gt;');
  });

  it('reads a tag key alone as "has this key"', () => {
    const outcome = read({ tagKey: 'Env' });
    expect(outcome.kind === 'query' ? outcome.query.filters.tags : outcome).toEqual([{ key: 'Env' }]);
  });

  it('reads All regions as `all`', () => {
    const outcome = read({ region: ALL_REGIONS_VALUE });
    expect(outcome.kind === 'query' ? outcome.query.scope : outcome).toEqual({ kind: 'all' });
  });

  it("puts each problem under its input, in the form's words", () => {
    const outcome = read({
      tagKey: 'acs:x',
      limit: '0',
      target: 'i-123',
      filter: 'tms-00000000000000000001',
      name: 'https://x',
    });
    expect(outcome.kind).toBe('errors');
    if (outcome.kind !== 'errors') return;
    expect(outcome.errors[BuilderBlock.tagKey]).toMatch(/^Tag key must .*must not start with aliyun or acs:/);
    expect(outcome.errors[BuilderBlock.limit]).toBe('Sessions per page must be a whole number from 1 to 100.');
    expect(outcome.errors[BuilderBlock.target]).toMatch(/^Target must be an ENI id \(eni-…\) or an SLB id \(lb-…\)/);
    expect(outcome.errors[BuilderBlock.filter]).toMatch(/^Filter id must be a traffic mirror filter id: tmf-/);
    expect(outcome.errors[BuilderBlock.name]).toMatch(/^Session name must .*must not start with http/);
    for (const message of Object.values(outcome.errors)) expect(message).not.toContain('`');
  });

  it('puts a bad tag value under Tag value, and a value without a key there too', () => {
    const long = read({ tagKey: 'Env', tagValue: 'x'.repeat(129) });
    expect(long.kind === 'errors' ? long.errors[BuilderBlock.tagValue] : long).toMatch(/at most 128 characters/);
    const orphan = read({ tagValue: 'prod' });
    expect(orphan.kind === 'errors' ? orphan.errors[BuilderBlock.tagValue] : orphan).toBe(
      BuilderRule.tagValueWithoutKey,
    );
  });

  it('refuses a tag key with = (the value has its own input)', () => {
    const outcome = read({ tagKey: 'Env=prod' });
    expect(outcome.kind === 'errors' ? outcome.errors[BuilderBlock.tagKey] : outcome).toBe(BuilderRule.tagKeyEquals);
  });

  it('also reads choices reported as plain text (the sandbox console reports every input that way)', () => {
    const text = (value: string) => ({ [BUILDER_ACTION]: { type: 'plain_text_input', value } });
    const outcome = readBuilderSubmission(
      {
        [BuilderBlock.region]: text('cn-shanghai'),
        [BuilderBlock.enabled]: text('true'),
        [BuilderBlock.tagKey]: text('Env'),
      },
      INPUT,
    );
    expect(outcome).toMatchObject({
      kind: 'query',
      text: 'cn-shanghai tag:Env enabled:true',
      destination: { kind: 'dm' },
    });
  });

  it('refuses a region it did not offer', () => {
    const outcome = read({ region: 'us-east-1' });
    expect(outcome.kind === 'errors' ? outcome.errors[BuilderBlock.region] : outcome).toBe(BuilderRule.region);
  });

  it('sends to a channel only when one is picked', () => {
    expect(read({ destination: 'channel', channel: 'C0PICKED' })).toMatchObject({
      kind: 'query',
      destination: { kind: 'channel', channel: 'C0PICKED' },
    });
    const none = read({ destination: 'channel' });
    expect(none.kind === 'errors' ? none.errors[BuilderBlock.channel] : none).toBe(BuilderRule.channel);
    // A channel left in the picker does not matter when the DM is chosen.
    expect(read({ destination: 'dm', channel: 'C0PICKED' })).toMatchObject({
      kind: 'query',
      destination: { kind: 'dm' },
    });
  });
});

describe('the "IP or instance" input', () => {
  it('reads an IP or an instance id as the host term, with canonical text /mirrors reads the same', () => {
    const ip = read({ host: '10.20.1.15' });
    expect(ip.kind === 'query' ? [ip.query.host, ip.text] : ip).toEqual([
      { kind: 'ip', ip: '10.20.1.15' },
      'cn-hongkong ip:10.20.1.15',
    ]);
    const instance = read({ host: 'i-j6cb7v2fin0ledgr0001' });
    expect(instance.kind === 'query' ? instance.query.host : instance).toEqual({
      kind: 'instance',
      instanceId: 'i-j6cb7v2fin0ledgr0001',
    });
  });

  it('puts a malformed value under its own input, with the rule', () => {
    const outcome = read({ host: '10.0.0.300' });
    expect(outcome.kind).toBe('errors');
    if (outcome.kind !== 'errors') return;
    expect(outcome.errors[BuilderBlock.host]).toContain('four numbers from 0 to 255');
  });
});
