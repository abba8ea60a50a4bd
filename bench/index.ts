/**
 * npm run bench: the performance budget of DESIGN.md, measured and printed. No assertions: figures to read and
 * compare between commits. Everything runs on loopback: the VPC API is the sandbox stand-in with a fixed latency,
 * Slack's response_url is a local sink.
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { App, LogLevel } from '@slack/bolt';
import type { Accounts } from '../src/accounts/model';
import { fanOutRegions } from '../src/cloud/fan-out';
import { DEFAULT_CLOUD_CONCURRENCY } from '../src/cloud/limiter';
import { OverviewCache } from '../src/cloud/overview-cache';
import { VpcSessionService } from '../src/cloud/vpc-service';
import { composeDeps } from '../src/compose';
import type { HttpConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { firstState, MemoryStateStore, nextState, StateCodec } from '../src/paging';
import { parseCommand } from '../src/query';
import { startVpcStandIn } from '../src/sandbox/vpc';
import { createSlackApp } from '../src/slack/app';
import { sessionListMessage } from '../src/views';
import { commandBody, postSigned } from '../test/helpers/signed';
import { accessBench } from './access';
import { lookupBench } from './lookups';
import { botNodeOptions } from './node-options';
import { replicasBench } from './replicas';
import { watchBench } from './watch';

const API_LATENCY_MS = 200;
/** Two accounts on the base keys and rules that admit the bench's user (U0ONCALL) through the second rule. */
const BENCH_ACCOUNTS: Accounts = {
  accounts: [
    { name: 'prod', regions: ['cn-hongkong'], default: true },
    { name: 'finance', regions: ['cn-hongkong'], default: false },
  ],
  rules: [
    { name: 'finance-team', users: ['U0FINANCE'], accounts: ['finance'] },
    { name: 'oncall', users: ['U0ONCALL'], channels: ['C0INCIDENT', 'dm'] },
  ],
  audit: {},
};
const SECRET = 'bench-signing-secret';
const KEYS = { accessKeyId: 'LTAIbenchkey0001', accessKeySecret: 'bench-secret' };

function timeIt(label: string, iterations: number, fn: () => void): void {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const perCallUs = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`  ${label.padEnd(52)} ${perCallUs.toFixed(1).padStart(9)} µs/call`);
}

function quantiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return `p50 ${q(0.5).padStart(6)} ms   p95 ${q(0.95).padStart(6)} ms   p99 ${q(0.99).padStart(6)} ms   max ${sorted.at(-1)!.toFixed(1).padStart(6)} ms`;
}

/**
 * A local response_url: the arrival time of each POST by path (the last one: the final answer), and of the first
 * (what the user sees first: a placeholder, or the answer itself).
 */
async function responseSink(): Promise<{
  url: string;
  arrivals: Map<string, number>;
  firsts: Map<string, number>;
  close(): void;
}> {
  const arrivals = new Map<string, number>();
  const firsts = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const path = req.url ?? '';
      if (!firsts.has(path)) firsts.set(path, at);
      // A placeholder is replaced by the answer; the answer is the message that is not a placeholder.
      if (!Buffer.concat(chunks).toString().includes('Looking up')) arrivals.set(path, at);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    firsts,
    close: () => server.close(),
  };
}

async function pure(): Promise<void> {
  console.log('\nPure work (per call)');
  timeIt('parse `/mirrors cn-hongkong tag:FinanceDept`', 20_000, () => parseCommand('cn-hongkong tag:FinanceDept'));
  const big = `cn-hongkong ${Array.from({ length: 20 }, (_, i) => `tag:k${i}=v${i}`).join(' ')} id:${Array.from({ length: 100 }, (_, i) => `tms-a${i}`).join(',')}`;
  timeIt('parse 20 tags + 100 ids', 2_000, () => parseCommand(big));

  const vpc = await startVpcStandIn({ keys: [KEYS] });
  const service = new VpcSessionService({ credentials: KEYS, endpointOverride: vpc.url });
  const filters = { tags: [], sessionIds: [] };
  const ten = await service.listPage({ region: 'cn-shanghai', filters, maxResults: 10 });
  const hundred = await service.listPage({ region: 'cn-shanghai', filters, maxResults: 100 });
  await vpc.close();
  const query = { scope: { kind: 'region' as const, region: 'cn-shanghai' }, filters, limit: 10 };
  const now = new Date();
  timeIt('render a page of 10 sessions (cards)', 2_000, () =>
    sessionListMessage({
      query,
      region: 'cn-shanghai',
      page: ten,
      pageNumber: 1,
      firstIndex: 0,
      buttons: { next: 'x' },
      now,
    }),
  );
  timeIt('render a page of 100 sessions (compact)', 300, () =>
    sessionListMessage({
      query: { ...query, limit: 100 },
      region: 'cn-shanghai',
      page: hundred,
      pageNumber: 1,
      firstIndex: 0,
      buttons: { next: 'x' },
      now,
    }),
  );
  const codec = new StateCodec({ secret: 's', store: new MemoryStateStore() });
  const state = nextState(firstState(query, 'cn-shanghai'), 'TOKEN');
  timeIt('encode + decode a paging button', 20_000, () => codec.decode(codec.encode(state)));
}

async function ackAndReply(): Promise<void> {
  const vpc = await startVpcStandIn({ keys: [KEYS], latencyMs: API_LATENCY_MS });
  const sink = await responseSink();
  const config: HttpConfig = {
    mode: 'http',
    slack: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: 'http://127.0.0.1:9/api/' },
    port: 0,
    vpcEndpoint: vpc.url,
    regions: ['cn-hongkong'],
    defaultRegion: undefined,
    watchIntervalSeconds: 300,
    dataDir: ':memory:',
    logLevel: 'error',
    cloudConcurrency: DEFAULT_CLOUD_CONCURRENCY,
    userRate: undefined,
  };
  const quiet = { write: () => undefined };
  const deps = composeDeps(config, {
    credentials: KEYS,
    buttonSecretSource: SECRET,
    logger: silentLogger,
    audit: quiet,
  });
  const ours = createSlackApp(
    { botToken: 'xoxb-bench', signingSecret: SECRET, logLevel: 'error', botIdentity: { botId: 'B', botUserId: 'U' } },
    deps,
  );
  const ourPort = await ours.start(0);
  // The same bot with two accounts and access rules: the check runs before the ack.
  const governed = createSlackApp(
    { botToken: 'xoxb-bench', signingSecret: SECRET, logLevel: 'error', botIdentity: { botId: 'B', botUserId: 'U' } },
    composeDeps(config, {
      credentials: KEYS,
      buttonSecretSource: SECRET,
      logger: silentLogger,
      audit: quiet,
      accounts: BENCH_ACCOUNTS,
    }),
  );
  const governedPort = await governed.start(0);

  // The baseline: a bare Bolt app whose command handler only acks.
  const bare = new App({
    token: 'xoxb-bench',
    signingSecret: SECRET,
    tokenVerificationEnabled: false,
    botId: 'B',
    botUserId: 'U',
    logLevel: LogLevel.ERROR,
  });
  bare.command(/.*/, async ({ ack }) => ack());
  const bareServer = (await bare.start(0)) as { address(): AddressInfo };
  const barePort = bareServer.address().port;

  // The API alone, through the same client, for the "API latency plus our own work" comparison.
  const service = new VpcSessionService({ credentials: KEYS, endpointOverride: vpc.url });
  const apiOnly: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await service.listPage({
      region: 'cn-hongkong',
      filters: { tags: [{ key: 'FinanceDept' }], sessionIds: [] },
      maxResults: 10,
    });
    apiOnly.push(performance.now() - t);
  }

  // Enough rounds for a p99 that is not simply the slowest one.
  const rounds = Number(process.env.BENCH_ACK_ROUNDS ?? 200);
  const bareAcks: number[] = [];
  const ourAcks: number[] = [];
  const governedAcks: number[] = [];
  const replies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const path = `/r/${i}`;
    let t = performance.now();
    await postSigned(
      `http://127.0.0.1:${barePort}/slack/events`,
      commandBody({ text: 'cn-hongkong', response_url: `${sink.url}${path}` }),
      'application/x-www-form-urlencoded',
      { secret: SECRET },
    );
    bareAcks.push(performance.now() - t);

    t = performance.now();
    await postSigned(
      `http://127.0.0.1:${ourPort}/slack/events`,
      commandBody({ text: 'cn-hongkong tag:FinanceDept', response_url: `${sink.url}${path}` }),
      'application/x-www-form-urlencoded',
      { secret: SECRET },
    );
    ourAcks.push(performance.now() - t);
    while (!sink.arrivals.has(path)) await new Promise((r) => setTimeout(r, 1));
    replies.push(sink.arrivals.get(path)! - t);

    const governedPath = `/g/${i}`;
    t = performance.now();
    await postSigned(
      `http://127.0.0.1:${governedPort}/slack/events`,
      commandBody({ text: 'account:prod cn-hongkong tag:FinanceDept', response_url: `${sink.url}${governedPath}` }),
      'application/x-www-form-urlencoded',
      { secret: SECRET },
    );
    governedAcks.push(performance.now() - t);
    while (!sink.arrivals.has(governedPath)) await new Promise((r) => setTimeout(r, 1));
  }
  console.log(`\nSlash command, API latency ${API_LATENCY_MS} ms (${rounds} rounds, sequential)`);
  console.log(`  ack, bare Bolt app                                   ${quantiles(bareAcks)}`);
  console.log(`  ack, mirrors                                         ${quantiles(ourAcks)}`);
  console.log(`  ack, mirrors with two accounts and access rules      ${quantiles(governedAcks)}`);
  console.log(`  ListTrafficMirrorSessions alone (pop-core)           ${quantiles(apiOnly)}`);
  console.log(`  reply on response_url, from the request              ${quantiles(replies)}`);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  console.log(
    `  our own work (median reply - median API call)        ${(median(replies) - median(apiOnly)).toFixed(1).padStart(6)} ms`,
  );

  await ours.stop();
  await bare.stop();
  sink.close();
  await vpc.close();
}

/** DESIGN's "never silent": with the API slow, something must be on screen within about a second. */
async function slowApi(): Promise<void> {
  const latencyMs = 2_500;
  const vpc = await startVpcStandIn({ keys: [KEYS], latencyMs });
  const sink = await responseSink();
  const config: HttpConfig = {
    mode: 'http',
    slack: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: 'http://127.0.0.1:9/api/' },
    port: 0,
    vpcEndpoint: vpc.url,
    regions: ['cn-hongkong'],
    defaultRegion: undefined,
    logLevel: 'error',
    cloudConcurrency: 16,
    userRate: undefined,
    watchIntervalSeconds: 300,
    dataDir: ':memory:',
  };
  const deps = composeDeps(config, {
    credentials: KEYS,
    buttonSecretSource: SECRET,
    logger: silentLogger,
    audit: { write: () => undefined },
  });
  const ours = createSlackApp(
    { botToken: 'xoxb-bench', signingSecret: SECRET, logLevel: 'error', botIdentity: { botId: 'B', botUserId: 'U' } },
    deps,
  );
  const port = await ours.start(0);
  const rounds = 6;
  const first: number[] = [];
  const final: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const path = `/slow/${i}`;
    const t = performance.now();
    await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      commandBody({ text: 'cn-hongkong tag:FinanceDept', response_url: `${sink.url}${path}` }),
      'application/x-www-form-urlencoded',
      { secret: SECRET },
    );
    while (!sink.arrivals.has(path)) await new Promise((r) => setTimeout(r, 2));
    first.push(sink.firsts.get(path)! - t);
    final.push(sink.arrivals.get(path)! - t);
  }
  console.log(`\nSlash command, API latency ${latencyMs} ms (${rounds} rounds): must show something within 1.2 s`);
  console.log(`  first visible message (placeholder or answer)       ${quantiles(first)}`);
  console.log(`  final answer                                        ${quantiles(final)}`);
  await ours.stop();
  sink.close();
  await vpc.close();
}

async function home(): Promise<void> {
  const vpc = await startVpcStandIn({ keys: [KEYS], latencyMs: 50 });
  const service = new VpcSessionService({ credentials: KEYS, endpointOverride: vpc.url });
  const regions = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1', 'cn-hangzhou', 'eu-central-1'];
  const cache = new OverviewCache(service);
  const t = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => cache.overviews(regions)));
  const ms = performance.now() - t;
  const calls = vpc.requests.length;
  const t2 = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => cache.overviews(regions)));
  const warm = performance.now() - t2;
  console.log(
    `\nApp Home: 100 users open Home at once, ${regions.length} regions (350 sessions in cn-shanghai), API latency 50 ms`,
  );
  console.log(`  API calls for the whole burst (pages of 100)          ${String(calls).padStart(6)}`);
  console.log(`  cold burst                                            ${ms.toFixed(1).padStart(6)} ms`);
  console.log(
    `  warm burst (cache hit)                                ${warm.toFixed(1).padStart(6)} ms   API calls ${vpc.requests.length - calls}`,
  );
  await vpc.close();
}

async function allRegions(): Promise<void> {
  const vpc = await startVpcStandIn({ keys: [KEYS], latencyMs: 100 });
  const service = new VpcSessionService({ credentials: KEYS, endpointOverride: vpc.url });
  const regions = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1', 'cn-hangzhou', 'eu-central-1'];
  const filters = { tags: [], sessionIds: [] };
  const rounds = 10;
  const fanned: number[] = [];
  const serial: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // One slow region (400 ms on top of the 100 ms every call takes).
    vpc.faults.push({ kind: 'latency', ms: 400, region: 'cn-shanghai' });
    let t = performance.now();
    await fanOutRegions(regions, (region, signal) => service.listPage({ region, filters, maxResults: 10 }, signal), {
      budgetMs: 13_500,
    });
    fanned.push(performance.now() - t);
    vpc.faults.push({ kind: 'latency', ms: 400, region: 'cn-shanghai' });
    t = performance.now();
    for (const region of regions) await service.listPage({ region, filters, maxResults: 10 });
    serial.push(performance.now() - t);
  }
  console.log(`\n\`all\`: ${regions.length} regions, 100 ms each, one of them 500 ms (${rounds} rounds)`);
  console.log(`  fan-out (cap 4), like the bot does                   ${quantiles(fanned)}`);
  console.log(`  one region after another, for comparison            ${quantiles(serial)}`);
  await vpc.close();
}

// ---- Fairness under load (issue 9: the cap, coalescing, the paging store) -----------------------------------

/** A pass-through in front of the VPC stand-in that counts the calls in flight, as the API would see them. */
async function countingProxy(target: string): Promise<{
  url: string;
  stats: { total: number; inFlight: number; maxInFlight: number };
  close(): void;
}> {
  const stats = { total: 0, inFlight: 0, maxInFlight: 0 };
  const server = createServer((req, res) => {
    stats.total += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let open = true;
    res.on('close', () => {
      if (open) stats.inFlight -= 1;
      open = false;
    });
    const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A local response_url that keeps each answer's arrival time and text. */
async function answerSink(): Promise<{
  url: string;
  answers: Map<string, { at: number; text: string }>;
  close(): void;
}> {
  const answers = new Map<string, { at: number; text: string }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answers.set(req.url ?? '', { at: performance.now(), text: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

interface LoadBot {
  url: string;
  stop(): Promise<void>;
}

async function loadBot(vpcUrl: string, cloudConcurrency: number): Promise<LoadBot> {
  const config: HttpConfig = {
    mode: 'http',
    slack: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: 'http://127.0.0.1:9/api/' },
    port: 0,
    vpcEndpoint: vpcUrl,
    regions: ['cn-hongkong'],
    defaultRegion: undefined,
    logLevel: 'error',
    cloudConcurrency,
    // Off: each command below comes from its own user, and the limit is not what is measured here.
    userRate: undefined,
    watchIntervalSeconds: 300,
    dataDir: ':memory:',
  };
  const deps = composeDeps(config, {
    credentials: KEYS,
    buttonSecretSource: SECRET,
    logger: silentLogger,
    audit: { write: () => undefined },
  });
  const app = createSlackApp(
    { botToken: 'xoxb-bench', signingSecret: SECRET, logLevel: 'error', botIdentity: { botId: 'B', botUserId: 'U' } },
    deps,
  );
  const port = await app.start(0);
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop() };
}

function sendCommand(bot: LoadBot, text: string, user: string, responseUrl: string): Promise<Response> {
  return postSigned(
    bot.url,
    commandBody({ text, user_id: user, response_url: responseUrl }),
    'application/x-www-form-urlencoded',
    { secret: SECRET },
  );
}

async function waitFor(check: () => boolean, limitMs: number): Promise<void> {
  const start = performance.now();
  while (!check() && performance.now() - start < limitMs) await new Promise((r) => setTimeout(r, 5));
}

const LOAD_LATENCY_MS = 1_500;

/** `count` commands at once, texts from `textOf(i)`; what the API saw and what the users got. */
async function burst(cloudConcurrency: number, count: number, textOf: (i: number) => string): Promise<string> {
  const vpc = await startVpcStandIn({ keys: [KEYS], latencyMs: LOAD_LATENCY_MS });
  const proxy = await countingProxy(vpc.url);
  const sink = await answerSink();
  const bot = await loadBot(proxy.url, cloudConcurrency);
  const start = performance.now();
  const acks = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const sent = performance.now();
      await sendCommand(bot, textOf(i), `U${i}`, `${sink.url}/b/${i}`);
      return performance.now() - sent;
    }),
  );
  await waitFor(() => sink.answers.size === count, 20_000);
  const answers = [...sink.answers.values()];
  const last = Math.max(...answers.map((a) => a.at)) - start;
  const lists = answers.filter((a) => a.text.includes('cn-hongkong') && !a.text.includes('did not answer')).length;
  const timedOut = answers.filter((a) => a.text.includes('did not answer in time')).length;
  await bot.stop();
  sink.close();
  proxy.close();
  await vpc.close();
  return (
    `API calls ${String(proxy.stats.total).padStart(4)}   max in flight ${String(proxy.stats.maxInFlight).padStart(3)}   ` +
    `answered ${answers.length}/${count} (${lists} lists, ${timedOut} timed out)   last answer ${(last / 1000).toFixed(1)} s   ` +
    `ack max ${Math.max(...acks).toFixed(0)} ms`
  );
}

async function fairness(): Promise<void> {
  console.log(`\nFairness under load: commands at once through the real receiver, API latency ${LOAD_LATENCY_MS} ms`);
  const same = () => 'cn-hongkong tag:FinanceDept';
  console.log(`  50 identical commands, N=16                        ${await burst(16, 50, same)}`);
  const distinct = (i: number) => `cn-hongkong tag:team${i}`;
  console.log(`  200 different commands, N=16                       ${await burst(16, 200, distinct)}`);
  console.log(`  200 different commands, N=32                       ${await burst(32, 200, distinct)}`);
  const incident = (i: number) => `cn-hongkong tag:team${i % 20}`;
  console.log(`  200 commands, 20 different (an incident), N=16     ${await burst(16, 200, incident)}`);
}

/** Resident memory of another process (Linux), in bytes. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/**
 * The attack report's churn: distinct commands whose state is too large for a button (100 session ids and a
 * 100-character CJK tag), so every reply puts an entry in the paging store. The bot runs from the build in a
 * process of its own (bench/churn-bot.js); the RSS is that process's alone. BENCH_NODE_OPTIONS='' runs it with V8's
 * own defaults, BENCH_DEBUG=1 logs its heap (after a forced GC) every 10 s.
 */
async function storeChurn(): Promise<void> {
  const total = Number(process.env.BENCH_CHURN ?? 28_000);
  // A short request log: the stand-in would otherwise keep 10,000 requests of 100 ids each.
  const vpc = await startVpcStandIn({ keys: [KEYS], maxRequestLog: 10 });
  const sink = await answerSink();
  const nodeOptions = botNodeOptions();
  const child = spawn(process.execPath, [...(process.env.BENCH_DEBUG ? ['--expose-gc'] : []), 'bench/churn-bot.js'], {
    env: {
      ...process.env,
      NODE_OPTIONS: nodeOptions,
      BENCH_VPC_URL: vpc.url,
      BENCH_SECRET: SECRET,
      BENCH_KEY_ID: KEYS.accessKeyId,
      BENCH_KEY_SECRET: KEYS.accessKeySecret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const bot: LoadBot = { url: (JSON.parse(line) as { url: string }).url, stop: async () => undefined };
  const pid = child.pid ?? 0;

  const tag = '財務部門監控流量鏡像'.repeat(10);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0).padStart(4);
  const samples: string[] = [`0: ${mb(await rssOf(pid))}`];
  const start = performance.now();
  let next = 0;
  let peak = 0;
  let failed = 0;
  const workers = Array.from({ length: 32 }, async () => {
    while (next < total) {
      const i = next++;
      const ids = Array.from({ length: 100 }, (_, k) => `tms-${(i * 100 + k).toString(36).padStart(20, '0')}`);
      const path = `/c/${i}`;
      try {
        await sendCommand(bot, `cn-hongkong tag:k=${tag} id:${ids.join(',')}`, `U${i % 500}`, `${sink.url}${path}`);
      } catch {
        // A loaded machine can reset a connection; one lost request must not end the run (and orphan the bot).
        failed += 1;
        continue;
      }
      await waitFor(() => sink.answers.has(path), 15_000);
      sink.answers.delete(path);
      if ((i + 1) % 500 === 0) peak = Math.max(peak, await rssOf(pid));
      if ((i + 1) % 7_000 === 0) samples.push(`${i + 1}: ${mb(await rssOf(pid))}`);
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    child.kill();
    sink.close();
    await vpc.close();
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`\nPaging-store churn: ${total} distinct large-state commands (100 ids + 100 CJK characters each)`);
  console.log(
    `  bot NODE_OPTIONS                                   ${nodeOptions === '' ? "(none: V8's defaults)" : nodeOptions}`,
  );
  console.log(`  bot RSS (MB) after N commands                      ${samples.join(' · ')}`);
  console.log(
    `  peak RSS                                           ${mb(peak)} MB   (${seconds.toFixed(0)} s, ${(total / seconds).toFixed(0)} commands/s${failed > 0 ? `, ${failed} not sent` : ''})`,
  );
}

const SECTIONS: Record<string, () => Promise<void>> = {
  pure,
  ack: ackAndReply,
  slow: slowApi,
  home,
  all: allRegions,
  fairness,
  churn: storeChurn,
  lookup: lookupBench,
  access: accessBench,
  replicas: replicasBench,
  watch: watchBench,
};

/** BENCH_ONLY=fairness,churn runs just those sections (names as in SECTIONS). */
async function main(): Promise<void> {
  console.log(`mirrors bench · node ${process.version} · ${new Date().toISOString()}`);
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (!only || only.includes(name)) await section();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
