import { describe, expect, it } from 'vitest';
import { advanceEniCursor } from '../../src/paging/eni-cursor';

const step = (nextToken?: string, totalCount?: number) => ({ listed: true, nextToken, totalCount });
const skipped = { listed: false, nextToken: undefined, totalCount: undefined };

describe('advanceEniCursor', () => {
  it('carries both tokens and totals to the next page', () => {
    expect(advanceEniCursor(undefined, step('S2', 30), step('T2', 12))).toEqual({
      next: { source: 'S2', target: 'T2', sourceTotal: 30, targetTotal: 12 },
      sourceTotal: 30,
      targetTotal: 12,
    });
  });

  it('keeps an exhausted stream done, with the total it had', () => {
    const at = { source: null, target: 'T2', sourceTotal: 3, targetTotal: 12 };
    expect(advanceEniCursor(at, skipped, step('T3', 12))).toEqual({
      next: { source: null, target: 'T3', sourceTotal: 3, targetTotal: 12 },
      sourceTotal: 3,
      targetTotal: 12,
    });
  });

  it('has no next page when both streams are done', () => {
    expect(advanceEniCursor(undefined, step(undefined, 1), step(undefined, 0)).next).toBeUndefined();
  });
});
