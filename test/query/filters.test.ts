import { describe, expect, it } from 'vitest';
import { WIRE_NAMES } from '../../src/cloud/client';
import { FILTER_FIELDS, FILTERS, KEYS } from '../../src/query/filters';
import { parseCommand } from '../../src/query/parse';

describe('FILTERS', () => {
  it("spells each CLI flag as cloud/'s wire name, so the pasted command asks what the bot asked", () => {
    for (const field of FILTER_FIELDS) expect(FILTERS[field].cli, field).toBe(`--${WIRE_NAMES[field]}`);
  });

  it('gives every key a help line', () => {
    for (const field of FILTER_FIELDS) expect(FILTERS[field].help.length, field).toBeGreaterThan(0);
  });

  it('lists the keys in the order of the grammar, then limit and view (display options, not filters), then account', () => {
    expect(KEYS).toEqual([
      'tag',
      'name',
      'source',
      'target',
      'filter',
      'vni',
      'priority',
      'enabled',
      'id',
      'rg',
      'ip',
      'limit',
      'view',
      'account',
    ]);
  });

  it('refuses a bad value of each single-valued key with the rule of that key', () => {
    for (const field of FILTER_FIELDS) {
      const spec = FILTERS[field];
      if (!('rule' in spec)) continue;
      const outcome = parseCommand(`cn-hongkong ${spec.key}:http://x`);
      expect(outcome, field).toMatchObject({ kind: 'error', errors: [{ code: 'invalid-value', rule: spec.rule }] });
    }
  });
});
