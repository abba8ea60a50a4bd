import { describe, expect, it } from 'vitest';
import {
  firstState,
  MemoryStateStore,
  nextState,
  pageNumberOf,
  previousState,
  StateCodec,
  tokenOf,
} from '../../src/paging';
import type { MirrorQuery } from '../../src/query/types';

const query: MirrorQuery = {
  scope: { kind: 'region', region: 'cn-hongkong' },
  filters: { tags: [{ key: 'FinanceDept' }], sessionIds: [] },
  limit: 10,
};

function codec(now: { t: number }, store = new MemoryStateStore()) {
  return new StateCodec({ secret: 'test-secret', store, now: () => now.t, ttlMs: 60_000 });
}

describe('page state', () => {
  it('walks forward and back through the token history', async () => {
    const one = firstState(query, 'cn-hongkong');
    const two = nextState(one, 'tok-2');
    const three = nextState(two, 'tok-3');
    expect([pageNumberOf(one), pageNumberOf(two), pageNumberOf(three)]).toEqual([1, 2, 3]);
    expect(tokenOf(one)).toBeUndefined();
    expect(tokenOf(three)).toBe('tok-3');
    expect(previousState(three)).toEqual(two);
    expect(previousState(one)).toBeUndefined();
  });
});

describe('button value codec', () => {
  it('round-trips a state inside the value', async () => {
    const now = { t: 1_700_000_000_000 };
    const c = codec(now);
    const state = nextState(firstState(query, 'cn-hongkong'), 'FFmyTO70tTpLG6I3FmYAXGKPd****');
    const value = c.encode(state);
    expect(value.startsWith('p1.')).toBe(true);
    expect(await c.decode(value)).toEqual({ ok: true, state });
  });

  it('rejects an edited value as tampered', async () => {
    const now = { t: 1_700_000_000_000 };
    const c = codec(now);
    const value = c.encode(firstState(query, 'cn-hongkong'));
    const [v, exp, body, mac] = value.split('.');
    const evil = Buffer.from(JSON.stringify(firstState({ ...query, limit: 100 }, 'cn-shanghai'))).toString('base64url');
    expect(await c.decode([v, exp, evil, mac].join('.'))).toEqual({ ok: false, reason: 'tampered' });
    // Extending the expiry is tampering too.
    expect(await c.decode([v, (parseInt(exp!, 36) + 1000).toString(36), body, mac].join('.'))).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('rejects a value signed with another secret', async () => {
    const now = { t: 1_700_000_000_000 };
    const other = new StateCodec({ secret: 'other', store: new MemoryStateStore(), now: () => now.t });
    expect(await codec(now).decode(other.encode(firstState(query, 'cn-hongkong')))).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('expires', async () => {
    const now = { t: 1_700_000_000_000 };
    const c = codec(now);
    const value = c.encode(firstState(query, 'cn-hongkong'));
    now.t += 59_000;
    expect((await c.decode(value)).ok).toBe(true);
    now.t += 2_000;
    expect(await c.decode(value)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each(['', 'garbage', 'a.b.c', 'x1.a.b.c', 'p1..', 'p1.zz.!!!.??'])(
    'calls %j malformed or tampered, never throws',
    async (value) => {
      const result = await codec({ t: 0 }).decode(value);
      expect(result.ok).toBe(false);
    },
  );

  it('moves 100 session ids to the store and stays under 2000 characters', async () => {
    const now = { t: 1_700_000_000_000 };
    const store = new MemoryStateStore();
    const c = codec(now, store);
    const ids = Array.from({ length: 100 }, (_, i) => `tms-j6cla50buc44ap8tu${String(i).padStart(3, '0')}`);
    const big = firstState({ ...query, filters: { ...query.filters, sessionIds: ids }, limit: 100 }, 'cn-hongkong');
    const state = nextState(nextState(big, 'A'.repeat(200)), 'B'.repeat(200));
    const value = c.encode(state);
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(value.startsWith('k1.')).toBe(true);
    expect(store.size).toBe(1);
    expect(await c.decode(value)).toEqual({ ok: true, state });
  });

  it('says evicted when the stored state is gone (restart, other replica)', async () => {
    const now = { t: 1_700_000_000_000 };
    const c = new StateCodec({ secret: 's', store: new MemoryStateStore(), now: () => now.t, maxValueLength: 10 });
    const value = c.encode(firstState(query, 'cn-hongkong'));
    const fresh = new StateCodec({ secret: 's', store: new MemoryStateStore(), now: () => now.t, maxValueLength: 10 });
    expect(await fresh.decode(value)).toEqual({ ok: false, reason: 'evicted' });
  });
});

/** A large state as a flood would make it: 100 random session ids and a CJK tag. */
function randomState(seed: number): string {
  let x = seed + 1_000_003;
  const next = () => {
    x = (x * 48_271) % 2_147_483_647;
    return x.toString(36);
  };
  const ids = Array.from({ length: 100 }, () => `tms-${next()}${next()}`.slice(0, 24));
  return JSON.stringify({ tag: '财务部门'.repeat(25), ids });
}

/** Room for two one-character states and their bookkeeping, not three. */
const TWO_SMALL_ENTRIES = 700;

describe('memory store', () => {
  it('is bounded and drops the oldest entries first', async () => {
    const store = new MemoryStateStore({ maxBytes: TWO_SMALL_ENTRIES });
    store.put('a', '1', 100);
    store.put('b', '2', 100);
    store.put('c', '3', 100);
    expect(store.get('a', 0)).toBeUndefined();
    expect(store.get('c', 0)).toBe('3');
    expect(store.size).toBe(2);
  });

  it('keeps an entry that was just read over one written earlier but never read', async () => {
    const store = new MemoryStateStore({ maxBytes: TWO_SMALL_ENTRIES });
    store.put('a', '1', 100);
    store.put('b', '2', 100);
    expect(store.get('a', 0)).toBe('1');
    store.put('c', '3', 100);
    expect(store.get('b', 0)).toBeUndefined();
    expect(store.get('a', 0)).toBe('1');
  });

  it('forgets expired entries', async () => {
    const store = new MemoryStateStore();
    store.put('a', '1', 100);
    expect(store.get('a', 99)).toBe('1');
    expect(store.get('a', 100)).toBeUndefined();
  });

  it('bounds every entry together by bytes, however many there are', async () => {
    const store = new MemoryStateStore({ maxBytes: 64 * 1024, maxBytesPerOwner: 64 * 1024 });
    for (let i = 0; i < 1_000; i++) store.put(`k${i}`, randomState(i), 100, `U${i}`);
    expect(store.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(store.size).toBeLessThan(1_000);
    expect(store.get('k999', 0)).toBe(randomState(999));
  });

  it("one user filling the store evicts their own oldest states, never another user's", async () => {
    const store = new MemoryStateStore({ maxBytes: 256 * 1024, maxBytesPerOwner: 32 * 1024 });
    store.put('victim', randomState(-1), 100, 'U0VICTIM');
    for (let i = 0; i < 12_000; i++) store.put(`flood${i}`, randomState(i), 100, 'U0FLOODER');
    expect(store.get('victim', 0)).toBe(randomState(-1));
    // The flooder keeps their newest states, within their quota.
    expect(store.get('flood11999', 0)).toBe(randomState(11_999));
    expect(store.get('flood0', 0)).toBeUndefined();
    expect(store.bytes).toBeLessThanOrEqual(32 * 1024 + 2 * 1024);
  });

  it('drops expired entries on its own, without anyone reading them', async () => {
    const store = new MemoryStateStore({ ceilingMs: 20, purgeEveryMs: 10 });
    store.put('a', '1', Number.MAX_SAFE_INTEGER);
    expect(store.size).toBe(1);
    for (let waited = 0; store.size > 0 && waited < 2_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(store.size).toBe(0);
  });
});
