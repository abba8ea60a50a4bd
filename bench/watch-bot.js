/**
 * The bot with 1,000 watches, as `npm start` runs it (the build, plain node, no loader), for bench/watch.ts: the
 * parent starts the stand-ins and reads this process's RSS, so the figure is the bot's own. The watches are put in
 * its SQLite store before it starts, as after a restart. Prints its events URL as one JSON line, then serves.
 */
const { mkdirSync } = require('node:fs');
const { composeDeps } = require('../dist/compose');
const { silentLogger } = require('../dist/log');
const { parseCommand } = require('../dist/query');
const { createSlackApp } = require('../dist/slack/app');
const { SqliteWatchStore } = require('../dist/watch/sqlite-store');
const { newWatchId, watchQueryText } = require('../dist/watch/types');

async function main() {
  const secret = process.env.BENCH_SECRET ?? '';
  const keys = { accessKeyId: process.env.BENCH_KEY_ID ?? '', accessKeySecret: process.env.BENCH_KEY_SECRET ?? '' };
  const dataDir = process.env.BENCH_DATA_DIR ?? '';
  mkdirSync(dataDir, { recursive: true });
  const store = SqliteWatchStore.open(dataDir);
  const queries = Number(process.env.BENCH_QUERIES ?? 50);
  const watches = Number(process.env.BENCH_WATCHES ?? 1000);
  for (let i = 0; i < watches; i++) {
    const parsed = parseCommand(`cn-hongkong priority:${(i % queries) + 1}`);
    await store.add({
      id: newWatchId(),
      team: 'T1',
      channel: `C${String(i).padStart(6, '0')}`,
      creator: 'U1',
      account: undefined,
      region: 'cn-hongkong',
      query: watchQueryText(parsed.query),
      createdAt: new Date(),
      paused: undefined,
      failureAnnounced: false,
    });
  }
  const config = {
    regions: ['cn-hongkong'],
    vpcEndpoint: process.env.BENCH_VPC_URL,
    defaultRegion: undefined,
    cloudConcurrency: 16,
    userRate: undefined,
  };
  const deps = composeDeps(config, {
    credentials: keys,
    buttonSecretSource: secret,
    logger: silentLogger,
    watches: { store, intervalSeconds: Number(process.env.BENCH_INTERVAL ?? 2) },
  });
  const app = createSlackApp(
    {
      botToken: 'xoxb-bench',
      signingSecret: secret,
      apiUrl: process.env.BENCH_SLACK_URL,
      logLevel: 'error',
      botIdentity: { botId: 'B', botUserId: 'U' },
    },
    deps,
  );
  const port = await app.start(0);
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/slack/events` })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
