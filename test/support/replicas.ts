/**
 * Two replicas of the real bot sharing one real redis-server, behind a loopback round-robin proxy, against the
 * Slack and VPC stand-ins: what a deployment with two pods behind a load balancer looks like, on one machine.
 * Each request goes to the next replica in turn, so two requests in a row always land on different replicas.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { composeDeps } from '../../src/compose';
import { createLogger } from '../../src/log';
import { RedisConnection } from '../../src/redis/connection';
import { sharedOnce } from '../../src/redis/once';
import { type SlackStandIn, startSlackStandIn } from '../../src/sandbox/slack';
import { startVpcStandIn, type VpcStandIn } from '../../src/sandbox/vpc';
import { createSlackApp, type SlackApp } from '../../src/slack/app';
import type { AppDeps } from '../../src/slack/deps';
import { validateMessage } from '../../src/views/validate';

interface Replica {
  url: string;
  deps: AppDeps;
  redis: RedisConnection;
  lines: string[];
  slack: SlackApp;
}

export interface Replicas {
  slack: SlackStandIn;
  vpc: VpcStandIn;
  replicas: Replica[];
  /** The proxy's events URL (what Slack posts to). */
  eventsUrl: string;
  signingSecret: string;
  /** Which replica (0 or 1) served each request through the proxy, in order. */
  served: number[];
  /** Stops one replica as a pod going away would (requests must no longer be sent through the proxy). */
  stopReplica(index: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  redisUrl: string;
  regions?: string[];
  /** Prefix for this run's keys, so suites sharing one redis-server never see each other's state. */
  prefix?: string;
  /** Added before every VPC answer: a scan that takes a while is what makes replicas overlap. */
  vpcLatencyMs?: number;
  overviewTtlMs?: number;
  logLevel?: 'debug' | 'info';
  /** Turns watches on (in Redis, shared by both replicas) with this poll interval. */
  watchIntervalSeconds?: number;
}

export async function startReplicas(options: ReplicaOptions): Promise<Replicas> {
  const keys = { accessKeyId: `LTAI5tReplica${randomBytes(4).toString('hex')}`, accessKeySecret: 'replica-secret' };
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-replica-${randomBytes(6).toString('hex')}`;
  const vpc = await startVpcStandIn({ keys: [keys], latencyMs: options.vpcLatencyMs ?? 0 });
  const slack = await startSlackStandIn({
    signingSecret,
    botToken,
    botEventsUrl: 'http://127.0.0.1:9/slack/events',
    validateBlocks: (blocks, kind) => validateMessage(blocks as Parameters<typeof validateMessage>[0], kind),
  });
  const prefix = options.prefix ?? `mirrors-test-${randomBytes(4).toString('hex')}:`;
  const regions = options.regions ?? ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1'];
  const level = options.logLevel ?? 'info';

  const replicas: Replica[] = [];
  for (let i = 0; i < 2; i++) {
    const lines: string[] = [];
    const logger = createLogger(level, (line) => lines.push(line));
    const redis = new RedisConnection(options.redisUrl, { prefix, logger });
    redis.start();
    const deps = composeDeps(
      { regions, vpcEndpoint: vpc.url, ecsEndpoint: vpc.url, defaultRegion: undefined },
      {
        credentials: keys,
        buttonSecretSource: signingSecret,
        logger,
        redis,
        placeholderAfterMs: 60_000,
        ...(options.overviewTtlMs !== undefined ? { overviewTtlMs: options.overviewTtlMs } : {}),
        ...(options.watchIntervalSeconds !== undefined
          ? { watches: { intervalSeconds: options.watchIntervalSeconds } }
          : {}),
      },
    );
    const app = createSlackApp(
      {
        botToken,
        signingSecret,
        apiUrl: slack.apiUrl,
        logLevel: level,
        botIdentity: { botId: slack.botId, botUserId: slack.botUserId },
        replayGuard: sharedOnce(redis, 'replay'),
        readinessChecks: [{ name: 'redis', status: () => redis.health() }],
      },
      deps,
    );
    const port = await app.start(0, '127.0.0.1');
    replicas.push({ url: `http://127.0.0.1:${port}`, deps, redis, lines, slack: app });
  }
  await Promise.all(replicas.map((r) => untilUp(r.redis)));

  const served: number[] = [];
  let next = 0;
  const proxy: Server = createServer((req, res) => {
    const index = next;
    next = (next + 1) % replicas.length;
    served.push(index);
    const target = new URL(req.url ?? '/', replicas[index]?.url);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  const proxyPort = typeof address === 'object' && address !== null ? address.port : 0;
  const eventsUrl = `http://127.0.0.1:${proxyPort}/slack/events`;
  slack.setBotEventsUrl(eventsUrl);

  const stopped = new Set<number>();
  return {
    slack,
    vpc,
    replicas,
    eventsUrl,
    signingSecret,
    served,
    async stopReplica(index) {
      const replica = replicas[index];
      if (!replica || stopped.has(index)) return;
      stopped.add(index);
      await replica.slack.stop();
      await replica.redis.stop();
    },
    async stop() {
      for (const [index, replica] of replicas.entries()) {
        if (stopped.has(index)) continue;
        await replica.slack.stop();
        await replica.redis.stop();
      }
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await slack.close();
      await vpc.close();
    },
  };
}

async function untilUp(redis: RedisConnection, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!redis.isUp()) {
    if (Date.now() > deadline) throw new Error('Redis did not connect in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
