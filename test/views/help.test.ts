import { describe, expect, it } from 'vitest';
import { HELP_KEYS, helpMessage } from '../../src/views/help';
import { validateMessage } from '../../src/views/validate';
import { allText } from './fixtures';

describe('helpMessage', () => {
  const msg = helpMessage({ defaultRegion: 'cn-hongkong', regions: ['cn-hongkong', 'ap-southeast-1'] });
  const text = allText(msg.blocks);

  it('is a valid message', () => {
    expect(validateMessage(msg.blocks, 'message')).toEqual([]);
    expect(msg.text.length).toBeLessThan(300);
  });

  it('covers every key of the grammar with its rule', () => {
    for (const key of [
      'tag:',
      'name:',
      'source:',
      'target:',
      'filter:',
      'vni:',
      'priority:',
      'enabled:',
      'id:',
      'rg:',
      'limit:',
    ]) {
      expect(text, key).toContain(`\`${key}`);
      expect(HELP_KEYS.some((k) => k.key === key)).toBe(true);
    }
    for (const rule of [
      '0 to 16777215',
      '1 to 32766',
      '1 to 100',
      'default 10',
      'up to 100 ids',
      'Up to 20 tags',
      '1–64',
      '128',
      'eni-',
      'lb-',
    ]) {
      expect(text, rule).toContain(rule);
    }
    expect(text).toContain('`tag:KEY=VALUE`');
    for (const bare of ['`tms-…`', '`tmf-…`', '`rg-…`', '`lb-…`', '`eni-…`']) expect(text).toContain(bare);
  });

  it('gives the examples', () => {
    for (const example of [
      '/mirrors cn-hongkong tag:FinanceDept',
      '/mirrors cn-hongkong enabled:false limit:50',
      '/mirrors tms-',
      '/mirrors all name:"db mirror"',
    ]) {
      expect(text).toContain(example);
    }
  });

  it('names the default and configured regions, escaped', () => {
    expect(text).toContain('`cn-hongkong` is used');
    expect(text).toContain('`ap-southeast-1`');
    const other = allText(helpMessage({ regions: ['<x>'], commandName: '/mirrors-dev' }).blocks);
    expect(other).toContain('no default region');
    expect(other).toContain('`&lt;x&gt;`');
    expect(other).toContain('/mirrors-dev cn-hongkong tag:FinanceDept');
  });

  it('stays valid with many long regions', () => {
    const long = helpMessage({
      defaultRegion: 'r'.repeat(500),
      regions: Array.from({ length: 200 }, (_, i) => `region-${i}-${'x'.repeat(60)}`),
    });
    expect(validateMessage(long.blocks, 'message')).toEqual([]);
  });
});
