import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAccountsConfig } from '../accounts';
import type { Accounts } from '../accounts/model';
import { composeDeps } from '../compose';
import type { SandboxConfig } from '../config';
import type { Logger } from '../log';
import { createSlackApp } from '../slack/app';
import { validateMessage } from '../views/validate';
import { SqliteWatchStore } from '../watch/sqlite-store';
import { type SlackStandIn, startSlackStandIn } from './slack';
import { DEMO_MIRRORS_YML, DEMO_ROLES, type StsStandIn, startStsStandIn } from './sts';
import { startVpcStandIn, type VpcStandIn } from './vpc';

/** The regions the sandbox's data set has; App Home shows them all unless MIRRORS_REGIONS says otherwise. */
export const SANDBOX_REGIONS = ['cn-hongkong', 'cn-shanghai', 'ap-southeast-1', 'cn-hangzhou', 'eu-central-1'];

/** The sandbox polls watches at least this often, so a change made in the console shows up while you look. */
const SANDBOX_WATCH_INTERVAL_SECONDS = 10;

export interface Sandbox {
  consoleUrl: string;
  botUrl: string;
  vpcUrl: string;
  /** The stand-ins themselves, for tests and the soak: faults, messages, requests. */
  slack: SlackStandIn;
  vpc: VpcStandIn;
  /** With the demo accounts: the STS stand-in their roles are assumed from. */
  sts?: StsStandIn;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /**
   * Two accounts (prod and finance) behind an STS stand-in, with the demo access policy of sts/demo.ts: Alex sees
   * both, Sam (the console's "Viewing as") is refused finance. Off: today's single account.
   */
  demoAccounts?: boolean;
}

/**
 * The whole bot on one machine. The bot runs its production code path: Bolt's HTTP receiver, pop-core with
 * signature V1, SLACK_API_URL and ALIBABA_CLOUD_VPC_ENDPOINT / _ECS_ENDPOINT; only the far ends are local stand-ins.
 * The keys and secrets are made up per run: the sandbox never consults the real credential chain.
 */
export async function startSandbox(
  config: SandboxConfig,
  logger: Logger,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const keys = {
    accessKeyId: `LTAI5tSandbox${randomBytes(6).toString('hex')}`,
    accessKeySecret: randomBytes(18).toString('base64url'),
  };
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-sandbox-${randomBytes(8).toString('hex')}`;

  const sts = options.demoAccounts ? await startStsStandIn({ keys: [keys], roles: DEMO_ROLES, logger }) : undefined;
  // The VPC stand-in accepts the base key and the key each demo role hands out.
  const vpc = await startVpcStandIn({ keys: [keys, ...(sts ? sts.roleKeys.values() : [])], logger });
  const standInLog = logger.child({ component: 'slack-stand-in' });
  const slackStandIn = await startSlackStandIn({
    port: config.port === 0 ? 0 : config.port + 1,
    host: config.host,
    signingSecret,
    botToken,
    // Replaced below, once the bot knows its port.
    botEventsUrl: 'http://127.0.0.1:1/slack/events',
    validateBlocks: (blocks, kind) => validateMessage(blocks as Parameters<typeof validateMessage>[0], kind),
    logger: (line) => standInLog.debug(line),
  });

  const regions = config.regions ?? SANDBOX_REGIONS;
  const accounts = sts ? demoAccounts(regions) : undefined;
  // The stand-in's data starts afresh every run, so watches do too: a temporary directory, removed at stop.
  const watchDir = mkdtempSync(join(tmpdir(), 'mirrors-sandbox-'));
  const deps = composeDeps(
    // One stand-in answers both products, as its README says.
    { regions, vpcEndpoint: vpc.url, ecsEndpoint: vpc.url, defaultRegion: config.defaultRegion },
    {
      credentials: keys,
      buttonSecretSource: signingSecret,
      logger,
      ...(accounts && sts ? { accounts, sts: { endpoint: sts.url } } : {}),
      watches: {
        store: SqliteWatchStore.open(watchDir),
        intervalSeconds: Math.min(config.watchIntervalSeconds, SANDBOX_WATCH_INTERVAL_SECONDS),
      },
    },
  );
  const bot = createSlackApp(
    {
      botToken,
      signingSecret,
      apiUrl: slackStandIn.apiUrl,
      logLevel: config.logLevel,
      botIdentity: { botId: slackStandIn.botId, botUserId: slackStandIn.botUserId },
    },
    deps,
  );
  // Loopback unless in a container (config.host): the made-up secrets guard nothing worth exposing to the network.
  const port = await bot.start(config.port, config.host ?? '127.0.0.1');
  const botUrl = `http://127.0.0.1:${port}`;
  slackStandIn.setBotEventsUrl(`${botUrl}/slack/events`);
  logger.info('sandbox started', {
    console: slackStandIn.consoleUrl,
    bot: botUrl,
    vpc: vpc.url,
    regions,
    ...(sts ? { sts: sts.url, accounts: accounts?.accounts.map((a) => a.name) } : {}),
  });

  return {
    consoleUrl: slackStandIn.consoleUrl,
    botUrl,
    vpcUrl: vpc.url,
    slack: slackStandIn,
    vpc,
    ...(sts ? { sts } : {}),
    async stop() {
      await bot.stop();
      await slackStandIn.close();
      await vpc.close();
      await sts?.close();
      rmSync(watchDir, { recursive: true, force: true });
    },
  };
}

/** The demo config file, checked like any other: a mistake in it fails start-up loudly, not silently. */
function demoAccounts(regions: readonly string[]): Accounts {
  const parsed = parseAccountsConfig(DEMO_MIRRORS_YML, regions);
  if (!parsed.ok) throw new Error(`the sandbox's demo accounts are invalid: ${parsed.problems.join('; ')}`);
  return parsed.accounts;
}
