import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/query';

describe('lone UTF-16 surrogates', () => {
  it('are refused by the parser, naming the rule and quoting the term with U+FFFD in their place', () => {
    const outcome = parseCommand('cn-hongkong name:a\uDC00b tag:ok');
    expect(outcome.kind).toBe('error');
    if (outcome.kind !== 'error') return;
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]?.term).toBe('name:a\uFFFDb');
    expect(outcome.errors[0]?.rule).toMatch(/lone UTF-16 surrogate/);
  });

  it('never yield a query, wherever they sit in otherwise valid text', () => {
    const lone = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');
    fc.assert(
      fc.property(fc.string(), lone, fc.string(), (before, surrogate, after) => {
        const text = `cn-hongkong name:x${before.replace(/\s/g, '')}${surrogate}${after.replace(/\s/g, '')}`;
        expect(parseCommand(text).kind).toBe('error');
      }),
    );
  });

  it('leave well-formed astral text (a surrogate pair) alone', () => {
    expect(parseCommand('cn-hongkong name:db-\u{1F525}').kind).toBe('query');
  });
});
