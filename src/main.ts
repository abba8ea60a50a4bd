import { requiredScopes } from './access/scopes';
import { AccountsConfigError, checkConfigFile, checkConfigRequest, envRegions, loadAccountsOrThrow } from './accounts';
import type { Accounts } from './accounts/model';
import { createCredentialsProvider } from './cloud/credentials';
import { STS_ENDPOINT_VARIABLE, stsEndpoint } from './cloud/sts';
import { composeDeps } from './compose';
import {
  type Config,
  ConfigError,
  loadConfig,
  NOTHING_CONFIGURED,
  type SandboxConfig,
  type SlackConfig,
  sandboxAskedFor,
  sandboxNobodyAskedFor,
} from './config';
import { keepServingOnUnhandledRejection } from './last-resort';
import { createLogger, type Logger } from './log';
import { slackTransport } from './ops/proxy';
import { RedisConnection } from './redis/connection';
import { redisInstallationRecords } from './redis/installations';
import { sharedOnce } from './redis/once';
import { createSlackApp } from './slack/app';
import { RecordInstallationStore } from './slack/oauth/record-installations';
import { SqliteInstallationStore } from './slack/oauth/sqlite-installations';
import { SqliteWatchStore } from './watch/sqlite-store';

/** config -> mode -> start. The only place that prints to the console or exits the process. */
async function main(): Promise<void> {
  // For CI pipelines: validate the accounts file and exit, before (and without) any Slack or cloud setting.
  const check = checkConfigRequest(process.argv);
  if (check) {
    const result = checkConfigFile(check.file, process.env, { defaultRegions: envRegions(process.env) });
    (result.ok ? console.log : console.error)(result.message);
    process.exit(result.ok ? 0 : 1);
  }
  let config: Config;
  let accounts: Accounts | undefined;
  let sts: string;
  try {
    config = loadConfig(process.env, { forceSandbox: sandboxAskedFor(process.env, process.argv) });
    // Nothing starts half-configured: a config file with any problem stops start-up, listing every one.
    if (config.mode !== 'sandbox') accounts = loadAccountsOrThrow(process.env, { defaultRegions: config.regions });
    sts = stsEndpoint(process.env[STS_ENDPOINT_VARIABLE]);
  } catch (error) {
    if (
      error instanceof AccountsConfigError ||
      (error instanceof Error && error.message.startsWith(STS_ENDPOINT_VARIABLE))
    ) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  if (config.mode === 'sandbox' && sandboxNobodyAskedFor(process.env, process.argv)) {
    console.error(NOTHING_CONFIGURED);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  keepServingOnUnhandledRejection(logger);
  const stop =
    config.mode === 'sandbox' ? await runSandbox(config, logger) : await runProduction(config, logger, accounts, sts);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // stop() waits for replies still on their way (each within its own budget); this is the backstop.
    const force = setTimeout(() => process.exit(0), 20_000);
    force.unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function runProduction(
  config: SlackConfig,
  logger: Logger,
  accounts: Accounts | undefined,
  sts: string,
): Promise<() => Promise<void>> {
  // Shared state across replicas; until it answers (and whenever it is lost) the process uses its own.
  const redis = config.redis
    ? new RedisConnection(config.redis.url, { prefix: config.redis.prefix, logger })
    : undefined;
  redis?.start();
  const deps = composeDeps(config, {
    credentials: 'default-chain',
    ...(accounts ? { accounts } : {}),
    sts: { endpoint: sts },
    // Socket Mode needs no signing secret; without one, the bot token (or, distributed, the client secret) keys
    // the buttons.
    buttonSecretSource: buttonSecretSource(config),
    logger,
    ...(redis ? { redis } : {}),
    // With Redis, watches live there and are shared by every replica (compose.ts); else SQLite, closed by
    // slack.stop() after the last poll under way has written its state.
    watches: redis
      ? { intervalSeconds: config.watchIntervalSeconds }
      : { store: SqliteWatchStore.open(config.dataDir), intervalSeconds: config.watchIntervalSeconds },
  });
  const extraScopes = accounts ? requiredScopes(accounts) : [];
  // Installations: shared on Redis for many replicas, else a SQLite file under MIRRORS_DATA_DIR (one replica).
  const installationsFile = config.slack.oauth && !redis ? SqliteInstallationStore.open(config.dataDir) : undefined;
  const installations =
    config.slack.oauth && redis ? new RecordInstallationStore(redisInstallationRecords(redis)) : installationsFile;
  const transport = slackTransport();
  if (transport) logger.info('Slack traffic goes through the proxy in HTTPS_PROXY (except hosts in NO_PROXY)');
  const slack = createSlackApp(
    {
      botToken: config.slack.botToken,
      ...(config.slack.oauth && installations
        ? { oauth: { ...config.slack.oauth, installationStore: installations, extraScopes } }
        : {}),
      ...(config.mode === 'http' ? { signingSecret: config.slack.signingSecret } : { appToken: config.slack.appToken }),
      apiUrl: config.slack.apiUrl,
      logLevel: config.logLevel,
      healthPort: config.port,
      ...(redis
        ? {
            readinessChecks: [{ name: 'redis', status: () => redis.health() }],
            replayGuard: sharedOnce(redis, 'replay'),
          }
        : {}),
      ...(transport ? { dispatcher: transport.dispatcher, fetch: transport.fetch } : {}),
    },
    deps,
  );
  const port = await slack.start(config.port);
  // Not fatal (an ECS role may appear later), but an operator should learn at start, not from the first user.
  void createCredentialsProvider('default-chain')
    .getCredentials()
    .then(
      () => logger.info('Alibaba Cloud credentials found'),
      () =>
        logger.warn(
          'no Alibaba Cloud credentials found: every query will fail until ALIBABA_CLOUD_* credentials, a profile, RRSA or an ECS RAM role is available',
        ),
    );
  logger.info(config.mode === 'socket' ? 'mirrors is running in Socket Mode' : 'mirrors is listening', {
    mode: config.mode,
    port,
    regions: config.regions,
    accounts: accounts?.accounts.map((a) => a.name) ?? ['default'],
    config: accounts?.source ?? 'none',
    rules: accounts?.rules?.length ?? 'open',
    watchIntervalSeconds: config.watchIntervalSeconds,
    dataDir: config.dataDir,
  });
  if (extraScopes.length > 0) logger.info('the access rules need these bot scopes', { scopes: extraScopes });
  if (installations) {
    logger.info('installing into many workspaces through OAuth at /slack/install', {
      installations: installationsFile ? await installationsFile.count() : 'on Redis',
    });
  }
  return async () => {
    await slack.stop();
    await redis?.stop();
    installationsFile?.close();
  };
}

function buttonSecretSource(config: SlackConfig): string {
  const source = config.slack.signingSecret ?? config.slack.botToken ?? config.slack.oauth?.clientSecret;
  // loadConfig refuses a Slack config with none of the three.
  if (source === undefined) throw new ConfigError(['SLACK_BOT_TOKEN is missing']);
  return source;
}

async function runSandbox(config: SandboxConfig, logger: Logger): Promise<() => Promise<void>> {
  // Loaded only here: a production process never loads the stand-ins and the console.
  const { startSandbox } = await import('./sandbox/start');
  const demoAccounts = process.argv.includes('--demo-accounts');
  const sandbox = await startSandbox(config, logger, { demoAccounts });
  console.log(
    [
      '',
      '  mirrors sandbox is running: the real bot, against local stand-ins for Slack and the VPC API.',
      '',
      `  Open the console:  ${sandbox.consoleUrl}`,
      '',
      demoAccounts
        ? '  Two accounts, prod and finance: try  /mirrors account:finance cn-hongkong , then switch "Viewing as" to Sam.'
        : '  Try  /mirrors cn-hongkong tag:FinanceDept   or   /mirrors cn-shanghai limit:100   and open the Home tab.',
      '  Watch:  /mirrors watch cn-hongkong tag:FinanceDept   then make it fire by disabling a session:',
      `    curl -X POST ${sandbox.vpcUrl}/__mutate -H 'content-type: application/json' \\`,
      `      -d '{"region":"cn-hongkong","session":"finance-ids-tap","enabled":false}'`,
      '  Nothing leaves this machine. Configure SLACK_BOT_TOKEN and friends to run for real (see README.md).',
      '',
    ].join('\n'),
  );
  return () => sandbox.stop();
}

main().catch((error: unknown) => {
  console.error(`mirrors failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
