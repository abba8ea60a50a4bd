import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalText, cliLines, describeFilters, parseCommand } from '../../src/query';
import { unescapeHtml } from '../../src/query/tokens';
import { command, text, validQuery } from './arbitraries';

const anyText = fc.oneof(command, text(200), fc.string({ unit: 'binary', maxLength: 500 }));

describe('parseCommand properties', () => {
  it('never throws, and answers with help, a query, or at least one error', () => {
    fc.assert(
      fc.property(
        anyText,
        fc.option(fc.constantFrom('cn-hongkong', 'AP-Southeast-1', ''), { nil: undefined }),
        (input, defaultRegion) => {
          const outcome = parseCommand(input, defaultRegion === undefined ? {} : { defaultRegion });
          if (outcome.kind === 'error') expect(outcome.errors.length).toBeGreaterThan(0);
          else expect(['help', 'query']).toContain(outcome.kind);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('quotes each error term as it appears in the (unescaped) text, and always states a rule', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const outcome = parseCommand(input, {});
        if (outcome.kind !== 'error') return;
        for (const error of outcome.errors) {
          expect(error.rule.length).toBeGreaterThan(0);
          if (error.code === 'no-region') expect(error.term).toBe('');
          else expect(unescapeHtml(input)).toContain(error.term);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets through more than the API allows', () => {
    fc.assert(
      fc.property(command, (input) => {
        const outcome = parseCommand(input, { defaultRegion: 'cn-hongkong' });
        if (outcome.kind !== 'query') return;
        const { filters, limit } = outcome.query;
        expect(limit).toBeGreaterThanOrEqual(1);
        expect(limit).toBeLessThanOrEqual(100);
        expect(filters.tags.length).toBeLessThanOrEqual(20);
        expect(filters.sessionIds.length).toBeLessThanOrEqual(100);
        expect(new Set(filters.sessionIds).size).toBe(filters.sessionIds.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('canonicalText round trip', () => {
  it('reproduces any valid query exactly', () => {
    fc.assert(
      fc.property(validQuery, (query) => {
        expect(parseCommand(canonicalText(query), {})).toStrictEqual({ kind: 'query', query });
      }),
      { numRuns: 1000 },
    );
  });

  it('reproduces whatever query a random command parses to', () => {
    let queries = 0;
    fc.assert(
      fc.property(command, (input) => {
        const first = parseCommand(input, { defaultRegion: 'cn-hongkong' });
        if (first.kind !== 'query') return;
        queries++;
        expect(parseCommand(canonicalText(first.query), {})).toStrictEqual(first);
      }),
      { numRuns: 2000 },
    );
    // Guards the generator: a property that only ever sees errors proves nothing about round trips.
    expect(queries).toBeGreaterThan(100);
  });

  it('is stable: the canonical text of a parsed canonical text is itself', () => {
    fc.assert(
      fc.property(validQuery, (query) => {
        const once = canonicalText(query);
        const again = parseCommand(once, {});
        expect(again.kind === 'query' ? canonicalText(again.query) : again).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('describe functions on any valid query', () => {
  it('give one chip per filter and a CLI line per request', () => {
    fc.assert(
      fc.property(validQuery, (query) => {
        const f = query.filters;
        const singles = [f.name, f.sourceId, f.targetId, f.filterId, f.vni, f.priority, f.enabled, f.resourceGroupId];
        const expected =
          f.tags.length +
          singles.filter((v) => v !== undefined).length +
          (f.sessionIds.length > 0 ? 1 : 0) +
          (query.eni ? 1 : 0);
        expect(describeFilters(query)).toHaveLength(expected);
        const lines = cliLines(query, 'cn-hongkong');
        if (query.eni === undefined) {
          expect(lines).toHaveLength(1);
          expect(
            lines[0]?.startsWith('aliyun vpc ListTrafficMirrorSessions --region cn-hongkong --RegionId=cn-hongkong '),
          ).toBe(true);
          expect(lines[0]?.endsWith(` --MaxResults=${query.limit} --pager path=TrafficMirrorSessions`)).toBe(true);
        } else {
          // The ENI lookup is the source query and the target query.
          const { eni, ...rest } = query;
          const as = (end: 'sourceId' | 'targetId'): string[] =>
            cliLines({ ...rest, filters: { ...f, [end]: eni } }, 'cn-hongkong');
          expect(lines).toStrictEqual([...as('sourceId'), ...as('targetId')]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
