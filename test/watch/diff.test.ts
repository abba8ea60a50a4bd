import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDiff,
  diffSessions,
  type SessionChange,
  snapshotAll,
  snapshotOf,
  type WatchedSession,
} from '../../src/watch/diff';
import { session } from '../views/fixtures';

function watched(overrides: Partial<WatchedSession> = {}): WatchedSession {
  return {
    id: 'tms-a',
    name: 'ids-tap',
    enabled: true,
    status: 'Created',
    businessStatus: 'Normal',
    sources: ['eni-1', 'eni-2'],
    target: 'eni-t',
    filter: 'tmf-1',
    priority: 1,
    vni: 10,
    ...overrides,
  };
}

function onlyChange(before: WatchedSession, after: WatchedSession): SessionChange {
  const diff = diffSessions([before], [after]);
  expect(diff).toHaveLength(1);
  return diff[0] as SessionChange;
}

describe('snapshotOf', () => {
  it('keeps only the watched fields, with sorted unique sources and null for missing numbers', () => {
    const s = session({ sourceIds: ['eni-b', 'eni-a', 'eni-b'], priority: undefined, vni: undefined });
    expect(snapshotOf(s)).toEqual({
      id: s.id,
      name: s.name,
      enabled: true,
      status: 'Created',
      businessStatus: 'Normal',
      sources: ['eni-a', 'eni-b'],
      target: s.targetId,
      filter: s.filterId,
      priority: null,
      vni: null,
    });
  });

  it('drops sessions without an id and repeated ids (first wins)', () => {
    const a = session({ name: 'first' }, 1);
    const again = session({ name: 'second' }, 1);
    const anonymous = session({ id: '' }, 2);
    expect(snapshotAll([a, again, anonymous]).map((s) => s.name)).toEqual(['first']);
  });

  it('a reordered source list is not a change', () => {
    const before = snapshotOf(session({ sourceIds: ['eni-a', 'eni-b'] }));
    const after = snapshotOf(session({ sourceIds: ['eni-b', 'eni-a'] }));
    expect(diffSessions([before], [after])).toEqual([]);
  });
});

describe('diffSessions', () => {
  it('reports a session that appeared', () => {
    const a = watched();
    expect(diffSessions([], [a])).toEqual([{ kind: 'appeared', session: a }]);
  });

  it('reports a session that disappeared, as it was last seen', () => {
    const a = watched();
    expect(diffSessions([a], [])).toEqual([{ kind: 'disappeared', session: a }]);
  });

  it('reports disabled and enabled', () => {
    expect(onlyChange(watched(), watched({ enabled: false }))).toEqual({
      kind: 'changed',
      session: watched({ enabled: false }),
      changes: [{ kind: 'enabled', from: true, to: false }],
    });
    expect(onlyChange(watched({ enabled: false }), watched())).toMatchObject({
      changes: [{ kind: 'enabled', from: false, to: true }],
    });
  });

  it('reports a status change', () => {
    expect(onlyChange(watched(), watched({ status: 'Modifying' }))).toMatchObject({
      changes: [{ kind: 'status', from: 'Created', to: 'Modifying' }],
    });
  });

  it('reports FinancialLocked and back', () => {
    const locked = watched({ businessStatus: 'FinancialLocked' });
    expect(onlyChange(watched(), locked)).toMatchObject({
      changes: [{ kind: 'businessStatus', from: 'Normal', to: 'FinancialLocked' }],
    });
    expect(onlyChange(locked, watched())).toMatchObject({
      changes: [{ kind: 'businessStatus', from: 'FinancialLocked', to: 'Normal' }],
    });
  });

  it('reports sources added and removed', () => {
    expect(onlyChange(watched(), watched({ sources: ['eni-2', 'eni-3'] }))).toMatchObject({
      changes: [{ kind: 'sources', added: ['eni-3'], removed: ['eni-1'] }],
    });
  });

  it('reports target, filter, priority and VNI changes', () => {
    const after = watched({ target: 'lb-x', filter: 'tmf-2', priority: 7, vni: null });
    expect(onlyChange(watched(), after)).toMatchObject({
      changes: [
        { kind: 'target', from: 'eni-t', to: 'lb-x' },
        { kind: 'filter', from: 'tmf-1', to: 'tmf-2' },
        { kind: 'priority', from: 1, to: 7 },
        { kind: 'vni', from: 10, to: null },
      ],
    });
  });

  it('reports a rename', () => {
    expect(onlyChange(watched(), watched({ name: 'renamed' }))).toMatchObject({
      changes: [{ kind: 'name', from: 'ids-tap', to: 'renamed' }],
    });
  });

  it('sorts changes by session id, whatever the order of the scans', () => {
    const b = watched({ id: 'tms-b' });
    const c = watched({ id: 'tms-c' });
    const a = watched({ id: 'tms-a' });
    const diff = diffSessions([c, b], [watched({ id: 'tms-b', enabled: false }), a]);
    expect(diff.map((d) => [d.kind, d.session.id])).toEqual([
      ['appeared', 'tms-a'],
      ['changed', 'tms-b'],
      ['disappeared', 'tms-c'],
    ]);
  });
});

// A small pool of values, so that the generated sets overlap and differ field by field.
const snapshot: fc.Arbitrary<WatchedSession> = fc.record({
  id: fc.constantFrom('tms-a', 'tms-b', 'tms-c', 'tms-d', 'tms-e', 'tms-f'),
  name: fc.constantFrom('', 'tap', 'ids <&>'),
  enabled: fc.boolean(),
  status: fc.constantFrom('Created', 'Creating', 'Modifying', 'Deleting'),
  businessStatus: fc.constantFrom('Normal', 'FinancialLocked'),
  sources: fc
    .uniqueArray(fc.constantFrom('eni-1', 'eni-2', 'eni-3', 'eni-4'), { maxLength: 4 })
    .map((ids) => ids.sort()),
  target: fc.constantFrom('eni-t', 'lb-t'),
  filter: fc.constantFrom('tmf-1', 'tmf-2'),
  priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  vni: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
});
const snapshotSet = fc.uniqueArray(snapshot, { selector: (s) => s.id, maxLength: 6 });

function sortedById(sessions: readonly WatchedSession[]): WatchedSession[] {
  return [...sessions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe('diff properties', () => {
  it('the diff of a set with itself (in any order) is empty', () => {
    fc.assert(
      fc.property(
        snapshotSet.chain((set) => fc.tuple(fc.constant(set), fc.shuffledSubarray(set, { minLength: set.length }))),
        ([set, shuffled]) => {
          expect(diffSessions(set, shuffled)).toEqual([]);
        },
      ),
    );
  });

  it('applying diff(old, new) to old gives new', () => {
    fc.assert(
      fc.property(snapshotSet, snapshotSet, (before, after) => {
        expect(sortedById(applyDiff(before, diffSessions(before, after)))).toEqual(sortedById(after));
      }),
    );
  });

  it('a non-empty diff means the sets differ, and every changed entry names at least one change', () => {
    fc.assert(
      fc.property(snapshotSet, snapshotSet, (before, after) => {
        const diff = diffSessions(before, after);
        if (diff.length === 0) expect(sortedById(before)).toEqual(sortedById(after));
        for (const change of diff) if (change.kind === 'changed') expect(change.changes.length).toBeGreaterThan(0);
      }),
    );
  });
});
