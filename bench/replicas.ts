/**
 * Two replicas sharing one real redis-server (issue 12's Measure): what Redis adds to a page click, how many scans
 * 100 Home opens over both replicas cost, the ack beside bare Bolt, and each replica's RSS under load. The replicas
 * run from the build in processes of their own (bench/replica-bot.js), so each RSS is one replica's alone.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { App, LogLevel } from '@slack/bolt';
import { composeDeps } from '../src/compose';
import { silentLogger } from '../src/log';
import { MemoryStateStore } from '../src/paging';
import { RedisConnection } from '../src/redis/connection';
import { sharedOnce } from '../src/redis/once';
import { RedisStateStore } from '../src/redis/paging-store';
import { startVpcStandIn } from '../src/sandbox/vpc';
import { createSlackApp } from '../src/slack/app';
import { ActionId } from '../src/views/action-ids';
import { blockActionsBody, commandBody, eventBody, postSigned } from '../test/helpers/signed';
import { startRedis } from '../test/support/redis';
import { botNodeOptions } from './node-options';

const SECRET = 'bench-signing-secret';
const KEYS = { accessKeyId: 'LTAIbenchkey0001', accessKeySecret: 'bench-secret' };
const REGIONS = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1'];
/** Enough that 100 Home opens overlap the scans they start, as they would against the real API. */
const VPC_LATENCY_MS = 50;

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) / 1024;
}

/** Slack's Web API and every response_url: answers ok, keeps each body by path, counts views.publish. */
async function slackSink(): Promise<{
  url: string;
  bodies: Map<string, string>;
  publishes: () => number;
  close(): void;
}> {
  const bodies = new Map<string, string>();
  let publishes = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/api/views.publish') publishes += 1;
      bodies.set(req.url ?? '', Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"ts":"1.000001","channel":"C1"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    publishes: () => publishes,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

interface Child {
  url: string;
  pid: number;
  kill(): void;
}

async function replica(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['bench/replica-bot.js'], {
    // Measured as the image runs it, so RSS per replica is the figure a pod would show.
    env: { ...process.env, NODE_OPTIONS: botNodeOptions(), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { url: (JSON.parse(line) as { url: string }).url, pid: child.pid ?? 0, kill: () => child.kill() };
}

async function waitFor(check: () => boolean, limitMs: number): Promise<void> {
  const start = performance.now();
  while (!check() && performance.now() - start < limitMs) await new Promise((r) => setTimeout(r, 2));
}

function command(url: string, text: string, user: string, responseUrl: string): Promise<Response> {
  return postSigned(
    url,
    commandBody({ text, user_id: user, response_url: responseUrl }),
    'application/x-www-form-urlencoded',
    {
      secret: SECRET,
    },
  );
}

function nextValueIn(body: string): string | undefined {
  const blocks = JSON.stringify(JSON.parse(body));
  const match = new RegExp(
    `"action_id":"${ActionId.NextPage}"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"${ActionId.NextPage}"`,
  ).exec(blocks);
  return match?.[1] ?? match?.[2];
}

/**
 * A page click whose state lives in the store (a 100-id query): the command goes to one bot, the click to `other`.
 * Returns the click's ack and the time to the replaced page.
 */
async function clicks(
  first: string,
  other: string,
  sink: Awaited<ReturnType<typeof slackSink>>,
  ids: string[],
  rounds: number,
): Promise<{ acks: number[]; answers: number[] }> {
  const acks: number[] = [];
  const answers: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const path = `/r/${Math.random().toString(36).slice(2)}`;
    await command(first, `cn-shanghai id:${ids.join(',')}`, `U${i % 50}`, `${sink.url}${path}`);
    await waitFor(() => sink.bodies.has(path), 10_000);
    const value = nextValueIn(sink.bodies.get(path) ?? '{}');
    if (!value?.startsWith('k1.')) throw new Error('the Next button does not name a stored state');
    const clickPath = `${path}/next`;
    const sent = performance.now();
    await postSigned(
      other,
      blockActionsBody({
        actionId: ActionId.NextPage,
        value,
        responseUrl: `${sink.url}${clickPath}`,
        userId: `U${i % 50}`,
      }),
      'application/x-www-form-urlencoded',
      { secret: SECRET },
    );
    acks.push(performance.now() - sent);
    await waitFor(() => sink.bodies.has(clickPath), 10_000);
    answers.push(performance.now() - sent);
    if ((sink.bodies.get(clickPath) ?? '').includes('expired')) throw new Error('the click found no state');
  }
  return { acks, answers };
}

/** In-process: a bare Bolt app, the bot with memory state, the bot with Redis state; the ack of a help command. */
async function ackBeside(redisUrl: string, rounds: number): Promise<void> {
  const bare = new App({
    token: 'xoxb-bench',
    signingSecret: SECRET,
    tokenVerificationEnabled: false,
    botId: 'B',
    botUserId: 'U',
    logLevel: LogLevel.ERROR,
  });
  bare.command(/.*/, async ({ ack }) => ack());
  const bareUrl = `http://127.0.0.1:${((await bare.start(0)) as { address(): AddressInfo }).address().port}/slack/events`;
  const connection = new RedisConnection(redisUrl, { prefix: 'bench-ack:', logger: silentLogger });
  connection.start();
  await waitFor(() => connection.isUp(), 5_000);
  const bots = await Promise.all(
    [undefined, connection].map(async (redis) => {
      const deps = composeDeps(
        { regions: ['cn-hongkong'], vpcEndpoint: 'http://127.0.0.1:9', defaultRegion: undefined },
        { credentials: KEYS, buttonSecretSource: SECRET, logger: silentLogger, ...(redis ? { redis } : {}) },
      );
      const app = createSlackApp(
        {
          botToken: 'xoxb-bench',
          signingSecret: SECRET,
          logLevel: 'error',
          botIdentity: { botId: 'B', botUserId: 'U' },
          ...(redis ? { replayGuard: sharedOnce(redis, 'replay') } : {}),
        },
        deps,
      );
      const port = await app.start(0, '127.0.0.1');
      return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop() };
    }),
  );
  const times: number[][] = [[], [], []];
  const urls = [bareUrl, bots[0]?.url ?? '', bots[1]?.url ?? ''];
  for (let i = 0; i < rounds; i++) {
    for (const [k, url] of urls.entries()) {
      const sent = performance.now();
      await command(url, 'help', 'U1', 'http://127.0.0.1:9/r');
      times[k]?.push(performance.now() - sent);
    }
  }
  const line = (label: string, values: number[] | undefined) =>
    console.log(`  ${label.padEnd(48)} p50 ${ms(p(values ?? [], 0.5))}   p95 ${ms(p(values ?? [], 0.95))}`);
  line('ack, bare Bolt', times[0]);
  line('ack, mirrors, state in the process', times[1]);
  line('ack, mirrors, state on Redis (replay SET NX)', times[2]);
  for (const bot of bots) await bot?.stop();
  await bare.stop();
  await connection.stop();
}

/** The store alone: reading a stored page state, in the process and from Redis. */
async function storeReads(redisUrl: string, rounds: number): Promise<void> {
  const connection = new RedisConnection(redisUrl, { prefix: 'bench-store:', logger: silentLogger });
  connection.start();
  await waitFor(() => connection.isUp(), 5_000);
  const payload = JSON.stringify({ ids: Array.from({ length: 100 }, (_, i) => `tms-${String(i).padStart(20, '0')}`) });
  const stores = { memory: new MemoryStateStore(), redis: new RedisStateStore(connection) };
  const results: Record<string, number[]> = { memory: [], redis: [] };
  for (const [name, store] of Object.entries(stores)) {
    for (let i = 0; i < rounds; i++) {
      const key = `k${name}${i}`;
      store.put(key, payload, Date.now() + 60_000, `U${i}`);
    }
    // Writes are sent without waiting; a read behind them on the same connection sees them.
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const found = await store.get(`k${name}${i}`, Date.now());
      results[name]?.push(performance.now() - started);
      if (found === undefined) throw new Error(`${name} lost a state`);
    }
  }
  console.log(`  read one stored state (100 ids), in the process     p50 ${ms(p(results.memory ?? [], 0.5))}`);
  console.log(`  read one stored state (100 ids), from Redis          p50 ${ms(p(results.redis ?? [], 0.5))}`);
  await connection.stop();
}

export async function replicasBench(): Promise<void> {
  console.log('\nTwo replicas, one redis-server (replicas run from the build, one process each)');
  let redis: Awaited<ReturnType<typeof startRedis>>;
  try {
    redis = await startRedis();
  } catch {
    console.log('  skipped: redis-server is not installed (apt-get install redis-server)');
    return;
  }
  const vpc = await startVpcStandIn({ keys: [KEYS], maxRequestLog: 100_000, latencyMs: VPC_LATENCY_MS });
  const sink = await slackSink();
  const env = {
    BENCH_VPC_URL: vpc.url,
    BENCH_SECRET: SECRET,
    BENCH_KEY_ID: KEYS.accessKeyId,
    BENCH_KEY_SECRET: KEYS.accessKeySecret,
    BENCH_REDIS_URL: redis.url,
    BENCH_SLACK_API: `${sink.url}/api/`,
    BENCH_REGIONS: REGIONS.join(','),
  };
  const children: Child[] = [];
  try {
    await measure(redis, vpc, sink, env, children);
  } finally {
    for (const child of children) child.kill();
    sink.close();
    await vpc.close();
    await redis.stop();
  }
}

async function measure(
  redis: Awaited<ReturnType<typeof startRedis>>,
  vpc: Awaited<ReturnType<typeof startVpcStandIn>>,
  sink: Awaited<ReturnType<typeof slackSink>>,
  env: Record<string, string>,
  children: Child[],
): Promise<void> {
  const replicas = [await replica(env), await replica(env)];
  children.push(...replicas);
  const [a, b] = replicas as [Child, Child];
  const peaks = [0, 0];
  const sampler = setInterval(() => {
    for (const [i, r] of replicas.entries())
      void rssMb(r.pid).then((mb) => {
        peaks[i] = Math.max(peaks[i] ?? 0, mb);
      });
  }, 100);
  const idle = await Promise.all(replicas.map((r) => rssMb(r.pid)));

  const ids = (vpc.dataset.regions['cn-shanghai'] ?? []).slice(0, 100).map((s) => s.TrafficMirrorSessionId);
  const rounds = Number(process.env.BENCH_CLICKS ?? 200);
  // The baseline: one replica alone, its paging store in its own memory.
  const { BENCH_REDIS_URL: _, ...alone } = env;
  const single = await replica(alone);
  children.push(single);
  // Warm every path (JIT, connections, scripts) before measuring.
  await clicks(single.url, single.url, sink, ids, 20);
  await clicks(a.url, b.url, sink, ids, 20);
  const local = await clicks(single.url, single.url, sink, ids, rounds);
  const across = await clicks(a.url, b.url, sink, ids, rounds);
  single.kill();
  const row = (label: string, values: number[]) =>
    console.log(`    ${label.padEnd(50)} p50 ${ms(p(values, 0.5))}   p95 ${ms(p(values, 0.95))}`);
  console.log(`  page click with a 100-id state (${rounds} rounds, API latency ${VPC_LATENCY_MS} ms)`);
  row('ack, one replica, state in its memory', local.acks);
  row('ack, the other replica, state on Redis', across.acks);
  row('page 2 on response_url, one replica, in memory', local.answers);
  row('page 2 on response_url, other replica, on Redis', across.answers);
  console.log(
    `    Redis adds to a click (p50)                        ack ${ms(p(across.acks, 0.5) - p(local.acks, 0.5))}   page ${ms(p(across.answers, 0.5) - p(local.answers, 0.5))}`,
  );
  await storeReads(redis.url, 2_000);

  // 100 Home opens at once, alternating replicas, with a cold cache.
  const before = vpc.requests.length;
  const published = sink.publishes();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      postSigned(
        (i % 2 === 0 ? a : b).url,
        eventBody({ type: 'app_home_opened', user: `U${i}`, channel: `D${i}`, tab: 'home', event_ts: `${i}.0` }),
        'application/json',
        { secret: SECRET },
      ),
    ),
  );
  await waitFor(() => sink.publishes() - published >= 100, 30_000);
  const homeMs = performance.now() - started;
  const scans = REGIONS.map(
    (region) =>
      `${region} ${
        vpc.requests
          .slice(before)
          .filter(
            (r) => r.action === 'ListTrafficMirrorSessions' && r.region === region && r.params.NextToken === undefined,
          ).length
      }`,
  );
  console.log(`  Home, 100 concurrent opens over both replicas (cold)`);
  console.log(`    scans per region                                   ${scans.join(' · ')}`);
  console.log(`    all 100 published in                               ${ms(homeMs)}`);

  // Load: 1,000 large-state commands over both replicas, 32 at a time, for the RSS.
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < 1_000) {
        const i = next++;
        const path = `/load/${i}`;
        await command(
          (i % 2 === 0 ? a : b).url,
          `cn-shanghai id:${ids.join(',')}`,
          `U${i % 200}`,
          `${sink.url}${path}`,
        );
        await waitFor(() => sink.bodies.has(path), 15_000);
        sink.bodies.delete(path);
      }
    }),
  );
  clearInterval(sampler);
  const loaded = await Promise.all(replicas.map((r) => rssMb(r.pid)));
  console.log(
    `  RSS per replica (MB): idle ${idle.map((m) => m.toFixed(0)).join(' / ')}` +
      ` · after 1,000 large-state commands ${loaded.map((m) => m.toFixed(0)).join(' / ')}` +
      ` · peak ${peaks.map((m) => m.toFixed(0)).join(' / ')}`,
  );

  await ackBeside(redis.url, Number(process.env.BENCH_ACKS ?? 300));
}
