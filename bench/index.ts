/**
 * npm run bench: the performance budget of DESIGN.md, measured and printed. No assertions: figures to read and
 * compare between commits. Everything runs on loopback: the VPC API is the sandbox stand-in with a fixed latency,
 * Slack's response_url is a local sink.
 */

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { fanOutRegions } from '../src/cloud/fan-out';
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

const API_LATENCY_MS = 200;
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
  return `p50 ${q(0.5).padStart(6)} ms   p95 ${q(0.95).padStart(6)} ms   max ${sorted.at(-1)!.toFixed(1).padStart(6)} ms`;
}

/** A local response_url: resolves each POST's arrival time by path. */
async function responseSink(): Promise<{ url: string; arrivals: Map<string, number>; close(): void }> {
  const arrivals = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.set(req.url ?? '', performance.now());
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, close: () => server.close() };
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
  };
  const deps = composeDeps(config, { credentials: KEYS, buttonSecretSource: SECRET, logger: silentLogger });
  const ours = createSlackApp(
    { botToken: 'xoxb-bench', signingSecret: SECRET, logLevel: 'error', botIdentity: { botId: 'B', botUserId: 'U' } },
    deps,
  );
  const ourPort = await ours.start(0);

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

  const rounds = 40;
  const bareAcks: number[] = [];
  const ourAcks: number[] = [];
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
  }
  console.log(`\nSlash command, API latency ${API_LATENCY_MS} ms (${rounds} rounds, sequential)`);
  console.log(`  ack, bare Bolt app                                   ${quantiles(bareAcks)}`);
  console.log(`  ack, mirrors                                         ${quantiles(ourAcks)}`);
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

async function main(): Promise<void> {
  console.log(`mirrors bench · node ${process.version} · ${new Date().toISOString()}`);
  await pure();
  await ackAndReply();
  await home();
  await allRegions();
  await accessBench();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
