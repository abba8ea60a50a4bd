/**
 * Watch figures: the diff of a large query, the number of scans 1,000 watches make per interval, and memory.
 * Standalone (`node --import tsx bench/watch.ts`); no network, fake scans and a manual clock. No assertions:
 * figures to read against the budget (diff of 1,000 sessions < 5 ms; 50 scans per interval; RSS < 150 MB).
 */
import type { MirrorSession } from '../src/cloud/types';
import { watchChangesMessage } from '../src/views/watch';
import { ManualClock } from '../src/watch/clock';
import { diffSessions, snapshotAll, type WatchedSession } from '../src/watch/diff';
import { WatchScheduler } from '../src/watch/scheduler';
import { MemoryWatchStore } from '../src/watch/store';
import { newWatchId, type Watch } from '../src/watch/types';

const INTERVAL_MS = 300_000;

function session(i: number, changed: boolean): MirrorSession {
  return {
    id: `tms-${i.toString(36).padStart(20, '0')}`,
    name: `mirror-${i}`,
    description: '',
    enabled: !(changed && i % 10 === 0),
    priority: 1 + (i % 100),
    vni: i,
    packetLength: 1500,
    targetId: `eni-t${i % 50}`,
    targetType: 'NetworkInterface',
    filterId: `tmf-${i % 7}`,
    sourceIds: Array.from({ length: 3 }, (_, j) => `eni-s${i}-${j}${changed && i % 25 === 0 ? 'x' : ''}`),
    status: 'Created',
    businessStatus: changed && i % 40 === 0 ? 'FinancialLocked' : 'Normal',
    resourceGroupId: '',
    tags: [],
    creationTimeRaw: '',
    createdAt: undefined,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeMs(runs: number, fn: () => void): { median: number; max: number } {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(times), max: Math.max(...times) };
}

function diffFigures(): void {
  const before: WatchedSession[] = snapshotAll(Array.from({ length: 1000 }, (_, i) => session(i, false)));
  const after: WatchedSession[] = snapshotAll(Array.from({ length: 1000 }, (_, i) => session(i, true)));
  const same = [...before].reverse();
  const changes = diffSessions(before, after);
  const identical = timeMs(200, () => diffSessions(before, same));
  const changed = timeMs(200, () => diffSessions(before, after));
  const snapshot = timeMs(200, () => snapshotAll(Array.from({ length: 1000 }, (_, i) => session(i, true))));
  const render = timeMs(200, () =>
    watchChangesMessage({
      watch: { id: 'w-bench000', account: undefined, query: 'q' },
      changes,
      checkedAt: new Date(),
    }),
  );
  console.log('\nDiff of 1,000 sessions (budget < 5 ms)');
  console.log(
    `  identical sets, shuffled            median ${identical.median.toFixed(3)} ms  max ${identical.max.toFixed(3)} ms`,
  );
  console.log(
    `  ${String(changes.length).padStart(3)} sessions changed               median ${changed.median.toFixed(3)} ms  max ${changed.max.toFixed(3)} ms`,
  );
  console.log(`  snapshot of a 1,000-session scan    median ${snapshot.median.toFixed(3)} ms`);
  console.log(`  change message for them             median ${render.median.toFixed(3)} ms`);
  console.log(`  stored snapshot                     ${(JSON.stringify(after).length / 1024).toFixed(0)} kB as JSON`);
}

async function schedulerFigures(): Promise<void> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const store = new MemoryWatchStore();
  const queries = Array.from({ length: 50 }, (_, i) => `cn-hongkong tag:team=t${i}`);
  for (let i = 0; i < 1000; i++) {
    const watch: Watch = {
      id: newWatchId(),
      team: 'T1',
      channel: `C${i}`,
      creator: 'U1',
      account: undefined,
      region: 'cn-hongkong',
      query: queries[i % queries.length] as string,
      createdAt: new Date(clock.now()),
      paused: undefined,
      failureAnnounced: false,
    };
    await store.add(watch);
  }
  const results = new Map(
    queries.map((q, i) => [q, Array.from({ length: 20 }, (_, j) => session(i * 100 + j, false))]),
  );
  const scanTimes: number[] = [];
  let notifications = 0;
  const scheduler = new WatchScheduler({
    store,
    clock,
    intervalMs: INTERVAL_MS,
    async scan(_account, _region, query) {
      scanTimes.push(clock.now());
      return results.get(query) ?? [];
    },
    async notify() {
      notifications += 1;
    },
  });
  await scheduler.start();
  const start = clock.now();
  const wall = process.hrtime.bigint();
  await clock.advance(INTERVAL_MS); // baselines
  const firstInterval = scanTimes.length;
  // One session in every query is disabled: every one of the 1,000 channels hears once.
  for (const [query, sessions] of results) {
    const first = sessions[0];
    if (first) results.set(query, [{ ...first, enabled: false }, ...sessions.slice(1)]);
  }
  await clock.advance(INTERVAL_MS);
  const secondInterval = scanTimes.length - firstInterval;
  await clock.advance(INTERVAL_MS);
  const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
  await scheduler.stop();

  const buckets = new Array<number>(10).fill(0);
  for (const t of scanTimes.slice(0, firstInterval)) {
    const b = Math.min(9, Math.floor(((t - start) / INTERVAL_MS) * 10));
    buckets[b] = (buckets[b] ?? 0) + 1;
  }
  console.log('\n1,000 watches over 50 distinct queries (interval 300 s, fake scans and clock)');
  console.log(
    `  scans per interval                  ${firstInterval}, ${secondInterval}, ${scanTimes.length - firstInterval - secondInterval}`,
  );
  console.log(`  scans per tenth of the interval     ${buckets.join(' ')}`);
  console.log(`  notifications after one change     ${notifications} (one per channel)`);
  console.log(`  three intervals of polling          ${wallMs.toFixed(0)} ms of wall time`);
}

async function main(): Promise<void> {
  diffFigures();
  await schedulerFigures();
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`\nRSS                                   ${rss.toFixed(0)} MB (budget 150 MB)`);
}

void main();
