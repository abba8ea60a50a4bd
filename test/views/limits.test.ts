import type { AnyBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TEXT_MAX } from '../../src/views/limits';
import { escapeMrkdwn, escapeTruncated, truncate } from '../../src/views/text';
import { countText, validateMessage, validateView } from '../../src/views/validate';

const section = (text: string, extra: Partial<KnownBlock> = {}): KnownBlock =>
  ({ type: 'section', text: { type: 'mrkdwn', text }, ...extra }) as KnownBlock;
const btn = (text: string, actionId: string, value?: string) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text },
  action_id: actionId,
  ...(value === undefined ? {} : { value }),
});

function expectOne(blocks: AnyBlock[], kind: 'message' | 'modal' | 'home', pattern: RegExp): void {
  const problems = validateMessage(blocks, kind);
  expect(
    problems.some((p) => pattern.test(p)),
    problems.join('\n') || '(no problems)',
  ).toBe(true);
}

describe('escapeMrkdwn', () => {
  it('escapes & < > and nothing else', () => {
    expect(escapeMrkdwn('<script>&"\'*_`~')).toBe('&lt;script&gt;&amp;"\'*_`~');
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text with an ellipsis, never over max', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 1)).toBe('…');
    expect(truncate('abcdef', 0)).toBe('');
    for (let max = 0; max < 12; max += 1) expect(truncate('x'.repeat(20), max).length).toBeLessThanOrEqual(max);
  });
  it('does not split a surrogate pair', () => {
    const cut = truncate('ab😀cdef', 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).toBe('ab…');
  });
  it('escapeTruncated measures the escaped text and never splits an entity', () => {
    const out = escapeTruncated('&&&&&&', 12);
    expect(out).toBe('&amp;&amp;…');
    expect(out.length).toBeLessThanOrEqual(12);
    expect(escapeTruncated('a<b', 10)).toBe('a&lt;b');
  });
});

describe('validateMessage', () => {
  it('accepts a valid message', () => {
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'Hello' } },
      section('hi', { accessory: btn('Details', 'a', 'v') } as Partial<KnownBlock>),
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'small' }] },
      { type: 'actions', elements: [btn('One', 'a'), btn('Two', 'b')] },
    ];
    expect(validateMessage(blocks, 'message')).toEqual([]);
  });

  it('counts blocks per surface', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }) as KnownBlock);
    expectOne(blocks, 'message', /51 blocks \(max 50\)/);
    expect(validateMessage(blocks, 'modal')).toEqual([]);
    const many = Array.from({ length: 101 }, () => ({ type: 'divider' }) as KnownBlock);
    expectOne(many, 'home', /101 blocks \(max 100\)/);
    expectOne(many, 'modal', /101 blocks \(max 100\)/);
  });

  it('catches section text over 3000 and empty text', () => {
    expectOne([section('x'.repeat(3001))], 'message', /3001 characters \(max 3000\)/);
    expectOne([section('')], 'message', /empty/);
    expectOne([{ type: 'section' } as KnownBlock], 'message', /neither text nor fields/);
  });

  it('catches too many fields and long fields', () => {
    const fields = Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f' }));
    expectOne([{ type: 'section', fields }], 'message', /11 fields \(max 10\)/);
    expectOne(
      [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'x'.repeat(2001) }] }],
      'message',
      /2001 characters \(max 2000\)/,
    );
  });

  it('catches long and mrkdwn headers', () => {
    expectOne(
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      'message',
      /151 characters \(max 150\)/,
    );
    expectOne(
      [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } } as unknown as KnownBlock],
      'message',
      /must be plain_text/,
    );
  });

  it('catches context and actions element counts', () => {
    const elements = Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' }));
    expectOne([{ type: 'context', elements }], 'message', /11 elements \(max 10\)/);
    const buttons = Array.from({ length: 26 }, (_, i) => btn('b', `a${i}`));
    expectOne([{ type: 'actions', elements: buttons }], 'message', /26 elements \(max 25\)/);
    expectOne([{ type: 'actions', elements: [] }], 'message', /empty/);
  });

  it('catches button text, value, url, style and action_id problems', () => {
    expectOne([{ type: 'actions', elements: [btn('b'.repeat(76), 'a')] }], 'message', /76 characters \(max 75\)/);
    expectOne(
      [{ type: 'actions', elements: [btn('b', 'a', 'v'.repeat(2001))] }],
      'message',
      /value: is 2001 characters/,
    );
    expectOne(
      [{ type: 'actions', elements: [{ ...btn('b', 'a'), url: `https://x/${'u'.repeat(3000)}` }] }],
      'message',
      /url: is 3010 characters \(max 3000\)/,
    );
    expectOne([{ type: 'actions', elements: [btn('b', 'a'.repeat(256))] }], 'message', /action_id: is 256 characters/);
    expectOne(
      [{ type: 'actions', elements: [btn('b', 'same'), btn('c', 'same')] }],
      'message',
      /not unique in its block/,
    );
    expectOne(
      [{ type: 'actions', elements: [{ ...btn('b', 'a'), style: 'loud' } as unknown as ReturnType<typeof btn>] }],
      'message',
      /must be primary or danger/,
    );
    expectOne(
      [section('s', { accessory: btn('', 'a') } as Partial<KnownBlock>)],
      'message',
      /accessory\.text: text is empty/,
    );
  });

  it('catches block_id length and duplicates', () => {
    expectOne([section('a', { block_id: 'x'.repeat(256) })], 'message', /block_id: is 256 characters/);
    expectOne([section('a', { block_id: 'b' }), section('b', { block_id: 'b' })], 'message', /"b" is not unique/);
  });

  it('catches select and overflow option problems', () => {
    const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });
    const select = (options: ReturnType<typeof option>[]) => ({
      type: 'static_select' as const,
      action_id: 's',
      placeholder: { type: 'plain_text' as const, text: 'pick' },
      options,
    });
    expectOne(
      [{ type: 'actions', elements: [select(Array.from({ length: 101 }, (_, i) => option('o', `${i}`)))] }],
      'message',
      /101 options \(max 100\)/,
    );
    expectOne(
      [{ type: 'actions', elements: [select([option('o'.repeat(76), 'v')])] }],
      'message',
      /76 characters \(max 75\)/,
    );
    expectOne(
      [{ type: 'actions', elements: [select([option('o', 'v'.repeat(151))])] }],
      'message',
      /151 characters \(max 150\)/,
    );
    const overflow = {
      type: 'overflow' as const,
      action_id: 'o',
      options: Array.from({ length: 6 }, (_, i) => option('o', `${i}`)),
    };
    expectOne([{ type: 'actions', elements: [overflow] }], 'message', /6 options \(max 5\)/);
  });

  it('catches the total text of a message, but not of a view', () => {
    const blocks = Array.from({ length: 5 }, () => section('x'.repeat(2500)));
    expect(countText(blocks)).toBe(12_500);
    expectOne(blocks, 'message', new RegExp(`12500 characters of text in all \\(max ${MESSAGE_TEXT_MAX}\\)`));
    expect(validateMessage(blocks, 'home')).toEqual([]);
  });

  it('reports every violation, not just the first', () => {
    const blocks: KnownBlock[] = [
      section('x'.repeat(3001)),
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'actions', elements: [btn('b'.repeat(76), 'a')] },
    ];
    expect(validateMessage(blocks, 'message').length).toBeGreaterThanOrEqual(3);
  });

  it('validateView checks private_metadata', () => {
    expect(validateView({ type: 'modal', blocks: [], private_metadata: 'm'.repeat(3001) })).toEqual([
      'modal.private_metadata: is 3001 characters (max 3000)',
    ]);
    expect(validateView({ type: 'home', blocks: [], private_metadata: 'ok' })).toEqual([]);
  });
});
