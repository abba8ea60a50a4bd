import { afterEach, describe, expect, it } from 'vitest';
import type { MirrorSession } from '../../src/cloud/types';
import { ManualClock } from '../../src/watch/clock';
import { LocalPollLock } from '../../src/watch/lock';
import {
  backoffMs,
  DEFAULT_INTERVAL_SECONDS,
  nextSlot,
  parseWatchInterval,
  pollOffset,
  type SchedulerOptions,
  type WatchEvent,
  WatchScheduler,
} from '../../src/watch/scheduler';
import { MemoryWatchStore } from '../../src/watch/store';
import { queryKey, type Watch } from '../../src/watch/types';
import { session } from '../views/fixtures';

const INTERVAL = 60_000;

let n = 0;
function watch(overrides: Partial<Watch> = {}): Watch {
  n += 1;
  return {
    id: `w-test${String(n).padStart(4, '0')}`,
    team: 'T1',
    channel: 'C1',
    creator: 'U1',
    account: undefined,
    region: 'cn-hongkong',
    query: 'cn-hongkong tag:env=prod',
    createdAt: new Date(0),
    paused: undefined,
    failureAnnounced: false,
    ...overrides,
  };
}

interface Harness {
  clock: ManualClock;
  store: MemoryWatchStore;
  scheduler: WatchScheduler;
  scans: Array<{ at: number; query: string }>;
  events: Array<{ channel: string; event: WatchEvent }>;
  /** What the cloud currently holds, per query text; a function throws to make that query fail. */
  cloud: Map<string, MirrorSession[] | (() => never)>;
}

const running: WatchScheduler[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

async function harness(
  watches: Watch[],
  options: Partial<SchedulerOptions> & { store?: MemoryWatchStore; clock?: ManualClock } = {},
): Promise<Harness> {
  const clock = options.clock ?? new ManualClock(1_000_000_000);
  const store = options.store ?? new MemoryWatchStore();
  for (const w of watches) await store.add(w);
  const scans: Harness['scans'] = [];
  const events: Harness['events'] = [];
  const cloud: Harness['cloud'] = new Map();
  const scheduler = new WatchScheduler({
    store,
    clock,
    intervalMs: INTERVAL,
    async scan(_account, _region, query) {
      scans.push({ at: clock.now(), query });
      const held = cloud.get(query) ?? [];
      if (typeof held === 'function') held();
      return held as MirrorSession[];
    },
    async notify(w, event) {
      events.push({ channel: w.channel, event });
    },
    ...options,
  });
  running.push(scheduler);
  await scheduler.start();
  return { clock, store, scheduler, scans, events, cloud };
}

function fail(): never {
  throw Object.assign(new Error('Throttling'), { code: 'throttled' });
}

const a = session({ name: 'ids-tap' }, 1);
const b = session({ name: 'prod-tap' }, 2);

describe('parseWatchInterval', () => {
  it('defaults to 300 seconds and accepts whole seconds from 1', () => {
    const problems: string[] = [];
    expect(DEFAULT_INTERVAL_SECONDS).toBe(300);
    expect(parseWatchInterval(undefined, problems)).toBe(300);
    expect(parseWatchInterval(' ', problems)).toBe(300);
    expect(parseWatchInterval('1', problems)).toBe(1);
    expect(parseWatchInterval(' 600 ', problems)).toBe(600);
    expect(problems).toEqual([]);
  });

  it.each(['0', '-5', '1.5', 'five', '1e3', '99999999999999999999'])('refuses %j, naming the rule', (text) => {
    const problems: string[] = [];
    expect(parseWatchInterval(text, problems)).toBe(300);
    expect(problems).toEqual([`MIRRORS_WATCH_INTERVAL must be a whole number of seconds, at least 1, got "${text}"`]);
  });
});

describe('timing helpers', () => {
  it('a query polls at a stable phase within the interval', () => {
    const offset = pollOffset('k', INTERVAL);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(INTERVAL);
    const slot = nextSlot('k', INTERVAL, 5 * INTERVAL + offset);
    expect(slot).toBe(6 * INTERVAL + offset);
    expect(nextSlot('k', INTERVAL, slot - 1)).toBe(slot);
  });

  it('different queries get different phases', () => {
    const offsets = new Set(
      Array.from({ length: 50 }, (_, i) => pollOffset(`\ncn-hongkong\ncn-hongkong tag:t${i}`, 300_000)),
    );
    expect(offsets.size).toBeGreaterThanOrEqual(48);
  });

  it('backoff doubles from the interval and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((f) => backoffMs(f, 60_000, 300_000))).toEqual([
      60_000, 120_000, 240_000, 300_000, 300_000, 300_000,
    ]);
    expect(backoffMs(3, 600_000, 60_000)).toBe(600_000);
  });
});

describe('WatchScheduler', () => {
  it('takes a silent baseline, stays silent without change, then reports a change once', async () => {
    const h = await harness([watch()]);
    h.cloud.set('cn-hongkong tag:env=prod', [a, b]);
    await h.clock.advance(INTERVAL);
    expect(h.scans).toHaveLength(1);
    expect(h.events).toEqual([]);

    await h.clock.advance(INTERVAL);
    expect(h.scans).toHaveLength(2);
    expect(h.events).toEqual([]);

    h.cloud.set('cn-hongkong tag:env=prod', [{ ...a, enabled: false }]);
    await h.clock.advance(INTERVAL);
    expect(h.events).toHaveLength(1);
    const event = h.events[0]?.event;
    expect(event?.kind).toBe('changes');
    if (event?.kind === 'changes') {
      expect(event.changes.map((c) => [c.kind, c.session.name])).toEqual([
        ['changed', 'ids-tap'],
        ['disappeared', 'prod-tap'],
      ]);
    }
    const state = await h.store.getQueryState(queryKey(watch()));
    expect(state?.lastChange?.getTime()).toBe(event?.kind === 'changes' ? event.checkedAt.getTime() : -1);

    await h.clock.advance(INTERVAL);
    expect(h.events).toHaveLength(1);
  });

  it('polls identical queries once for every channel that watches them', async () => {
    const h = await harness([watch({ channel: 'C1' }), watch({ channel: 'C2' }), watch({ channel: 'C3' })]);
    await h.clock.advance(INTERVAL);
    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    await h.clock.advance(INTERVAL);
    expect(h.scans).toHaveLength(2);
    expect(h.events.map((e) => e.channel).sort()).toEqual(['C1', 'C2', 'C3']);
    expect(h.events.every((e) => e.event.kind === 'changes')).toBe(true);
  });

  it('keeps different accounts apart even for the same query text', async () => {
    const h = await harness([watch({ account: 'prod' }), watch({ account: 'staging' })]);
    await h.clock.advance(INTERVAL);
    expect(h.scans).toHaveLength(2);
  });

  it('spreads distinct queries over the interval instead of bunching them', async () => {
    const watches = Array.from({ length: 50 }, (_, i) => watch({ query: `cn-hongkong tag:team${i}` }));
    const h = await harness(watches);
    const start = h.clock.now();
    await h.clock.advance(INTERVAL);
    expect(h.scans).toHaveLength(50);
    const tenths = new Set(h.scans.map((s) => Math.floor(((s.at - start) / INTERVAL) * 10)));
    // 50 phases from a good hash land in (nearly) every tenth of the interval; bunching would fill one or two.
    expect(tenths.size).toBeGreaterThanOrEqual(8);
    await h.clock.advance(INTERVAL);
    expect(h.scans).toHaveLength(100);
  });

  it('announces failures once after three in a row, backs off, and says when it recovers', async () => {
    const h = await harness([watch({ channel: 'C1' }), watch({ channel: 'C2' })], { maxBackoffMs: 4 * INTERVAL });
    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    await h.clock.advance(INTERVAL); // baseline
    h.cloud.set('cn-hongkong tag:env=prod', fail);
    const failedFrom = h.scans.length;
    await h.clock.advance(20 * INTERVAL);
    const failedAt = h.scans.slice(failedFrom).map((s) => s.at);
    const gaps = failedAt.slice(1).map((t, i) => (t - (failedAt[i] as number)) / INTERVAL);
    expect(gaps.slice(0, 4)).toEqual([1, 2, 4, 4]);

    const failing = h.events.filter((e) => e.event.kind === 'failing');
    expect(failing.map((e) => e.channel).sort()).toEqual(['C1', 'C2']);
    expect(failing[0]?.event).toMatchObject({ kind: 'failing', failures: 3 });
    expect(h.events.every((e) => e.event.kind === 'failing')).toBe(true);

    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    await h.clock.advance(5 * INTERVAL);
    const after = h.events.slice(failing.length).map((e) => [e.channel, e.event.kind]);
    expect(after.sort()).toEqual([
      ['C1', 'recovered'],
      ['C2', 'recovered'],
    ]);
    expect((await h.store.listAll()).every((w) => !w.failureAnnounced)).toBe(true);
  });

  it('says nothing about one or two failures', async () => {
    const h = await harness([watch()]);
    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    await h.clock.advance(INTERVAL);
    h.cloud.set('cn-hongkong tag:env=prod', fail);
    await h.clock.advance(2 * INTERVAL); // two failures: one interval apart, then the third is due later
    h.cloud.set('cn-hongkong tag:env=prod', [a, b]);
    await h.clock.advance(4 * INTERVAL);
    expect(h.events.map((e) => e.event.kind)).toEqual(['changes']);
  });

  it('takes the baseline of a newly watched query at once, and stops polling a removed one', async () => {
    const h = await harness([]);
    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    const w = watch();
    await h.scheduler.add(w);
    await h.clock.advance(0);
    expect(h.scans).toHaveLength(1);
    h.cloud.set('cn-hongkong tag:env=prod', [a, b]);
    await h.clock.advance(INTERVAL);
    expect(h.events.map((e) => e.event.kind)).toEqual(['changes']);

    expect(await h.scheduler.remove(w.id)).toBe(true);
    expect(h.scheduler.scheduledQueries).toBe(0);
    const scans = h.scans.length;
    await h.clock.advance(5 * INTERVAL);
    expect(h.scans).toHaveLength(scans);
    expect(await h.scheduler.remove(w.id)).toBe(false);
  });

  it('keeps polling a query while another channel still watches it', async () => {
    const one = watch({ channel: 'C1' });
    const h = await harness([one, watch({ channel: 'C2' })]);
    await h.scheduler.remove(one.id);
    await h.clock.advance(INTERVAL);
    expect(h.scans).toHaveLength(1);
  });

  it('remembers across a restart: the first poll after it reports what changed meanwhile', async () => {
    const store = new MemoryWatchStore();
    const clock = new ManualClock(1_000_000_000);
    const first = await harness([watch()], { store, clock });
    first.cloud.set('cn-hongkong tag:env=prod', [a]);
    await clock.advance(INTERVAL);
    await first.scheduler.stop();

    const second = await harness([], { store, clock });
    second.cloud.set('cn-hongkong tag:env=prod', [{ ...a, businessStatus: 'FinancialLocked' }]);
    await clock.advance(INTERVAL);
    expect(second.events.map((e) => e.event.kind)).toEqual(['changes']);
  });

  it('pauses a watch whose channel lost access, says so once, and stops telling it', async () => {
    const denied = new Set<string>();
    const h = await harness([watch({ channel: 'C1' }), watch({ channel: 'C2' })], {
      async checkAccess(w) {
        return denied.has(w.channel) ? 'this channel lost access to the account' : undefined;
      },
    });
    await h.clock.advance(INTERVAL);
    denied.add('C1');
    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    await h.clock.advance(INTERVAL);
    h.cloud.set('cn-hongkong tag:env=prod', [b]);
    await h.clock.advance(INTERVAL);
    expect(h.events.filter((e) => e.channel === 'C1').map((e) => e.event)).toEqual([
      { kind: 'paused', reason: 'this channel lost access to the account' },
    ]);
    expect(h.events.filter((e) => e.channel === 'C2').map((e) => e.event.kind)).toEqual(['changes', 'changes']);
    const paused = (await h.store.listByChannel('T1', 'C1'))[0]?.paused;
    expect(paused?.reason).toBe('this channel lost access to the account');
  });

  it('spends no scan on a query whose every watch is paused and still refused', async () => {
    let asked = 0;
    const h = await harness([watch({ paused: { reason: 'lost access', at: new Date(0) } })], {
      async checkAccess() {
        asked += 1;
        return 'still no access';
      },
    });
    await h.clock.advance(3 * INTERVAL);
    expect(h.scans).toEqual([]);
    expect(h.events).toEqual([]);
    // Access is asked again at each slot (no cloud call), so the watch can resume when it returns.
    expect(asked).toBeGreaterThanOrEqual(3);
  });

  it('resumes a paused watch by itself when access returns, says so once, then reports changes again', async () => {
    let allowed = true;
    const h = await harness([watch({ channel: 'C1' })], {
      async checkAccess() {
        return allowed ? undefined : 'this channel lost access to the account';
      },
    });
    await h.clock.advance(INTERVAL);
    allowed = false;
    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    await h.clock.advance(INTERVAL);
    const scansWhilePaused = h.scans.length;
    await h.clock.advance(2 * INTERVAL);
    expect(h.scans).toHaveLength(scansWhilePaused);
    allowed = true;
    await h.clock.advance(INTERVAL);
    h.cloud.set('cn-hongkong tag:env=prod', [a, b]);
    await h.clock.advance(INTERVAL);
    await h.clock.advance(INTERVAL);
    const kinds = h.events.map((e) => e.event.kind);
    expect(kinds.filter((k) => k === 'paused')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'resumed')).toHaveLength(1);
    expect(kinds.indexOf('resumed')).toBeGreaterThan(kinds.indexOf('paused'));
    expect(kinds.at(-1)).toBe('changes');
    expect((await h.store.listAll())[0]?.paused).toBeUndefined();
  });

  it('resumes a paused watch once no policy is configured any more', async () => {
    const h = await harness([watch({ paused: { reason: 'lost access', at: new Date(0) } })]);
    await h.clock.advance(INTERVAL);
    expect(h.events.map((e) => e.event.kind)).toEqual(['resumed']);
    expect(h.scans).toHaveLength(1);
  });

  it('a channel that cannot be told does not stop the others hearing', async () => {
    const h = await harness([watch({ channel: 'C1' }), watch({ channel: 'C2' })], {
      async notify(w, event) {
        if (w.channel === 'C1') throw new Error('channel_not_found');
        h.events.push({ channel: w.channel, event });
      },
    });
    await h.clock.advance(INTERVAL);
    h.cloud.set('cn-hongkong tag:env=prod', [a]);
    await h.clock.advance(INTERVAL);
    expect(h.events.map((e) => e.channel)).toEqual(['C2']);
  });

  it('skips a poll another holder of the lock is running', async () => {
    const clock = new ManualClock(1_000_000_000);
    const lock = new LocalPollLock(clock);
    const w = watch();
    await lock.acquire(queryKey(w), 10 * INTERVAL);
    const h = await harness([w], { clock, lock });
    await clock.advance(5 * INTERVAL);
    expect(h.scans).toEqual([]);
    await clock.advance(6 * INTERVAL);
    expect(h.scans.length).toBeGreaterThan(0);
  });

  it('keeps extending the lock while a poll runs longer than its TTL, and stops once it is done', async () => {
    const clock = new ManualClock(1_000_000_000);
    const extended: number[] = [];
    const local = new LocalPollLock(clock);
    const lock = {
      acquire: (key: string, ttl: number) => local.acquire(key, ttl),
      release: (key: string, token: string) => local.release(key, token),
      extend: async () => {
        extended.push(clock.now());
        return true;
      },
    };
    let finish: (() => void) | undefined;
    const h = await harness([watch()], {
      clock,
      lock,
      // Only the first poll hangs; later ones answer at once.
      scan: () =>
        finish ? Promise.resolve([]) : new Promise<MirrorSession[]>((resolve) => (finish = () => resolve([]))),
    });
    await clock.advance(INTERVAL);
    expect(finish).toBeDefined();
    // The poll hangs for three TTLs (60 s each): the lock is prolonged every half TTL.
    await clock.advance(180_000);
    expect(extended.length).toBeGreaterThanOrEqual(5);
    finish?.();
    await clock.advance(1);
    const after = extended.length;
    await clock.advance(200_000);
    expect(extended.length).toBe(after);
    expect(h.scheduler.scheduledQueries).toBe(1);
  });

  it('with resync, polls a watch another replica added and drops one it removed', async () => {
    const clock = new ManualClock(1_000_000_000);
    const store = new MemoryWatchStore();
    const h = await harness([], { clock, store, resyncMs: INTERVAL });
    expect(h.scheduler.scheduledQueries).toBe(0);
    // Added straight to the shared store, as another replica's command would.
    const w = watch();
    await store.add(w);
    await clock.advance(INTERVAL);
    expect(h.scheduler.scheduledQueries).toBe(1);
    await clock.advance(2 * INTERVAL);
    expect(h.scans.length).toBeGreaterThan(0);
    await store.remove(w.id);
    await clock.advance(INTERVAL);
    expect(h.scheduler.scheduledQueries).toBe(0);
    const scans = h.scans.length;
    await clock.advance(3 * INTERVAL);
    expect(h.scans).toHaveLength(scans);
  });

  it('stop cancels every pending poll', async () => {
    const h = await harness([watch(), watch({ query: 'cn-hongkong tag:other' })]);
    expect(h.scheduler.scheduledQueries).toBe(2);
    await h.scheduler.stop();
    await h.clock.advance(3 * INTERVAL);
    expect(h.scans).toEqual([]);
    expect(h.clock.pending).toBe(0);
  });

  it('refuses an interval below 1 ms', () => {
    expect(
      () =>
        new WatchScheduler({
          store: new MemoryWatchStore(),
          intervalMs: 0,
          scan: async () => [],
          notify: async () => {},
        }),
    ).toThrow(/at least 1 ms/);
  });
});
