/**
 * The bot alone, as `npm start` runs it (the build, plain node, no loader), for the paging-store churn of
 * bench/index.ts: the parent drives the load and reads this process's RSS, so the figure is the bot's own.
 * Prints its events URL as one JSON line, then serves until killed.
 */
const { composeDeps } = require('../dist/compose');
const { silentLogger } = require('../dist/log');
const { createSlackApp } = require('../dist/slack/app');

async function main() {
  const secret = process.env.BENCH_SECRET ?? '';
  const keys = { accessKeyId: process.env.BENCH_KEY_ID ?? '', accessKeySecret: process.env.BENCH_KEY_SECRET ?? '' };
  const config = {
    regions: ['cn-hongkong'],
    vpcEndpoint: process.env.BENCH_VPC_URL,
    defaultRegion: undefined,
    cloudConcurrency: 16,
    // Off: the load comes from a few hundred users at once, and the limit is not what is measured here.
    userRate: undefined,
  };
  const deps = composeDeps(config, { credentials: keys, buttonSecretSource: secret, logger: silentLogger });
  const app = createSlackApp(
    { botToken: 'xoxb-bench', signingSecret: secret, logLevel: 'error', botIdentity: { botId: 'B', botUserId: 'U' } },
    deps,
  );
  const port = await app.start(0);
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/slack/events` })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

if (process.env.BENCH_DEBUG) {
  setInterval(() => {
    if (typeof global.gc === 'function') global.gc();
    const m = process.memoryUsage();
    const mb = (n) => Math.round(n / 1024 / 1024);
    // Each V8 space as committed/live: what is committed beyond live is garbage V8 has not been pressed to collect.
    const spaces = require('node:v8')
      .getHeapSpaceStatistics()
      .filter((s) => s.space_size > 0)
      .map((s) => `${s.space_name.replace('_space', '')} ${mb(s.space_size)}/${mb(s.space_used_size)}`)
      .join(' ');
    console.error(
      `rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} ext ${mb(m.external)} ab ${mb(m.arrayBuffers)} | ${spaces}`,
    );
  }, 10_000).unref();
}
