import type { EniCursor } from './state';

/** What one stream (sessions mirrored from the ENI, or to it) gave on a page; `listed` false when not asked. */
export interface EniStreamStep {
  listed: boolean;
  totalCount: number | undefined;
  nextToken: string | undefined;
}

export interface EniAdvance {
  /** The cursor of the page after this one; undefined when both streams are done. */
  next: EniCursor | undefined;
  sourceTotal: number | undefined;
  targetTotal: number | undefined;
}

/**
 * The cursor after a page of an ENI lookup. A stream skipped on this page was already exhausted, and stays so;
 * its total is carried from the cursor that led here, since it was not asked again.
 */
export function advanceEniCursor(at: EniCursor | undefined, source: EniStreamStep, target: EniStreamStep): EniAdvance {
  const sourceTotal = source.listed ? source.totalCount : at?.sourceTotal;
  const targetTotal = target.listed ? target.totalCount : at?.targetTotal;
  const next: EniCursor = {
    source: source.listed ? (source.nextToken ?? null) : null,
    target: target.listed ? (target.nextToken ?? null) : null,
    ...(sourceTotal !== undefined ? { sourceTotal } : {}),
    ...(targetTotal !== undefined ? { targetTotal } : {}),
  };
  return { next: next.source !== null || next.target !== null ? next : undefined, sourceTotal, targetTotal };
}
