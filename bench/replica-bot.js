/**
 * One replica of the bot, as `npm start` runs it (the build, plain node), for the two-replica run of
 * bench/replicas.ts: its state on the Redis in BENCH_REDIS_URL (in its own memory without it), its Slack Web API a
 * local sink. Prints its events URL as one JSON line once Redis is connected, then serves until killed.
 */
const { composeDeps } = require('../dist/compose');
const { silentLogger } = require('../dist/log');
const { RedisConnection } = require('../dist/redis/connection');
const { sharedOnce } = require('../dist/redis/once');
const { createSlackApp } = require('../dist/slack/app');

async function main() {
  const secret = process.env.BENCH_SECRET ?? '';
  const keys = { accessKeyId: process.env.BENCH_KEY_ID ?? '', accessKeySecret: process.env.BENCH_KEY_SECRET ?? '' };
  const url = process.env.BENCH_REDIS_URL;
  const redis = url ? new RedisConnection(url, { prefix: 'bench:', logger: silentLogger }) : undefined;
  redis?.start();
  while (redis && !redis.isUp()) await new Promise((r) => setTimeout(r, 20));
  const config = {
    regions: (process.env.BENCH_REGIONS ?? 'cn-hongkong').split(','),
    vpcEndpoint: process.env.BENCH_VPC_URL,
    defaultRegion: undefined,
    cloudConcurrency: 16,
    // Off: the load comes from a few users at once, and the limit is not what is measured here.
    userRate: undefined,
  };
  const deps = composeDeps(config, {
    credentials: keys,
    buttonSecretSource: secret,
    logger: silentLogger,
    ...(redis ? { redis } : {}),
  });
  const app = createSlackApp(
    {
      botToken: 'xoxb-bench',
      signingSecret: secret,
      apiUrl: process.env.BENCH_SLACK_API,
      logLevel: 'error',
      botIdentity: { botId: 'B', botUserId: 'U' },
      ...(redis
        ? {
            replayGuard: sharedOnce(redis, 'replay'),
            readinessChecks: [{ name: 'redis', status: () => redis.health() }],
          }
        : {}),
    },
    deps,
  );
  const port = await app.start(0, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/slack/events` })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
