/**
 * Watch figures: the diff of a large query, the number of scans 1,000 watches make per interval, and memory.
 * A section of `npm run bench` (`npm run bench:watch` runs it alone). First with fake scans and a manual clock, then
 * the built bot in a process of its own against the stand-in (realPathFigures). No assertions: figures to read
 * against the budget (diff of 1,000 sessions < 5 ms; 50 scans per interval; RSS < 150 MB). The RSS that counts is
 * the bot's; this process's own (tsx compiling TypeScript, the diff runs) is printed for reference only.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { MirrorSession } from '../src/cloud/types';
import { startVpcStandIn } from '../src/sandbox/vpc';
import { watchChangesMessage } from '../src/views/watch';
import { ManualClock } from '../src/watch/clock';
import { diffSessions, snapshotAll, type WatchedSession } from '../src/watch/diff';
import { pollOffset, WatchScheduler } from '../src/watch/scheduler';
import { MemoryWatchStore } from '../src/watch/store';
import { newWatchId, queryKey, type Watch } from '../src/watch/types';

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

const KEYS = { accessKeyId: 'LTAIbenchwatch001', accessKeySecret: 'bench-watch-secret' };
const REAL_INTERVAL_S = 2;

/** Resident memory of another process (Linux), in bytes. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
}

/** Slack's Web API, enough for the bot's notifications: every chat.postMessage is counted and answered ok. */
async function slackSink(): Promise<{ url: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.includes('chat.postMessage')) posts += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, channel: 'C1', ts: '1.1' }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    posts: () => posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * 1,000 watches over 50 queries through the whole bot, as `npm start` runs it (bench/watch-bot.js): SQLite store,
 * scheduler, the VPC service with its call cap and coalescing, signed requests to the stand-in on loopback, a real
 * clock at a 2 s interval, notifications to a Slack sink. Calls are counted per query per poll slot, so a poll that
 * runs a little late under load still counts for its own interval.
 */
async function realPathFigures(): Promise<void> {
  const vpc = await startVpcStandIn({ keys: [KEYS] });
  const slack = await slackSink();
  const dir = mkdtempSync(join(tmpdir(), 'mirrors-bench-watch-'));
  const intervalMs = REAL_INTERVAL_S * 1000;
  const child = spawn(process.execPath, [join(__dirname, 'watch-bot.js')], {
    env: {
      PATH: process.env.PATH,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      BENCH_SECRET: 'bench-watch-signing',
      BENCH_KEY_ID: KEYS.accessKeyId,
      BENCH_KEY_SECRET: KEYS.accessKeySecret,
      BENCH_VPC_URL: vpc.url,
      BENCH_SLACK_URL: slack.url,
      BENCH_DATA_DIR: dir,
      BENCH_INTERVAL: String(REAL_INTERVAL_S),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    JSON.parse(line);
    const started = Date.now();
    const intervals = 4;
    await new Promise((resolve) => setTimeout(resolve, (intervals + 1) * intervalMs));
    const rssQuiet = await rssOf(child.pid ?? 0);
    // One session is disabled: its priority's query (20 channels) hears once, the other 980 say nothing.
    const session = vpc.dataset.regions['cn-hongkong']?.find((s) => Number(s.Priority) <= 50);
    if (session) session.Enabled = !session.Enabled;
    await new Promise((resolve) => setTimeout(resolve, 2 * intervalMs));
    const rssAfter = await rssOf(child.pid ?? 0);

    const calls = vpc.requests.filter((r) => r.action === 'ListTrafficMirrorSessions' && r.at >= started);
    const perQuerySlot = new Map<string, number>();
    for (const call of calls) {
      const key = queryKey({
        account: undefined,
        region: 'cn-hongkong',
        query: `cn-hongkong priority:${call.params.Priority}`,
      });
      const slot = Math.floor((call.at - pollOffset(key, intervalMs)) / intervalMs);
      perQuerySlot.set(`${key}@${slot}`, (perQuerySlot.get(`${key}@${slot}`) ?? 0) + 1);
    }
    const counts = [...perQuerySlot.values()];
    // Calls per slot; the first and last slot seen are cut by the start and end of the run, so they are left out.
    const perSlot = new Map<number, number>();
    for (const [keyAtSlot, n] of perQuerySlot) {
      const slot = Number(keyAtSlot.split('@')[1]);
      perSlot.set(slot, (perSlot.get(slot) ?? 0) + n);
    }
    const slots = [...perSlot.keys()].sort((a, b) => a - b).slice(1, -1);
    console.log('\n1,000 watches over 50 distinct queries: the built bot, SQLite, stand-in on loopback, 2 s interval');
    console.log(`  ListTrafficMirrorSessions per interval  ${slots.map((slot) => perSlot.get(slot)).join(', ')}`);
    console.log(
      `  calls for one query in one interval     ${Math.max(...counts)} at most (${calls.length} calls in all)`,
    );
    console.log(`  notifications after one change      ${slack.posts()} (20 channels watch that query)`);
    console.log(
      `  bot RSS                             ${(rssQuiet / 1024 / 1024).toFixed(0)} MB polling, ${(rssAfter / 1024 / 1024).toFixed(0)} MB after notifying (budget 150 MB)`,
    );
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await slack.close();
    await vpc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `watch` section of `npm run bench`. */
export async function watchBench(): Promise<void> {
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const at = (label: string): void => {
    const m = process.memoryUsage();
    console.log(`  [this bench process, ${label}] RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)}`);
  };
  at('start');
  diffFigures();
  at('after diffs');
  await schedulerFigures();
  at('after fake scheduler');
  await realPathFigures();
}
