import { endpointOverrideProblem } from './cloud/endpoint';
import { DEFAULT_CLOUD_CONCURRENCY } from './cloud/limiter';
import { burstOf, DEFAULT_USER_RATE, type UserRate } from './limits/rate-limit';
import { LOG_LEVELS, type LogLevel } from './log';
import { isRegionId } from './query';
import { parseWatchInterval } from './watch/scheduler';

/**
 * Environment -> one typed Config. Every problem is collected and reported at once, so an operator fixes their
 * deployment in one pass instead of one restart per typo. The table in README.md is the contract.
 */
interface CommonConfig {
  /** HTTP: where Slack's requests arrive. Socket Mode: /healthz. Sandbox: the bot, and the console on port + 1. */
  port: number;
  vpcEndpoint: string | undefined;
  /** ALIBABA_CLOUD_ECS_ENDPOINT: like vpcEndpoint, for DescribeNetworkInterfaces / DescribeInstances. */
  ecsEndpoint?: string | undefined;
  defaultRegion: string | undefined;
  logLevel: LogLevel;
  /** MIRRORS_CLOUD_CONCURRENCY: cloud calls in flight at once, for the whole process. */
  cloudConcurrency: number;
  /** MIRRORS_USER_RATE: what one user may ask of the cloud; undefined when set to `off`. */
  userRate: UserRate | undefined;
  /** MIRRORS_WATCH_INTERVAL: seconds between polls of each watched query. */
  watchIntervalSeconds: number;
  /** MIRRORS_DATA_DIR: where watches are kept (SQLite), so they survive a restart. */
  dataDir: string;
  /** REDIS_URL: shared state across replicas. Absent: state stays in the process. */
  redis?: { url: string; prefix: string };
}

/** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: installed into many workspaces through OAuth. */
interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

/** Slack posts each request to us, signed with the signing secret. */
export interface HttpConfig extends CommonConfig {
  mode: 'http';
  regions: string[];
  /** Exactly one of `botToken` (one workspace) and `oauth` (many) is set. */
  slack: { botToken?: string; oauth?: OAuthConfig; signingSecret: string; apiUrl: string | undefined };
}

/** We hold a WebSocket open to Slack with the app-level token. */
export interface SocketConfig extends CommonConfig {
  mode: 'socket';
  regions: string[];
  slack: {
    /** Exactly one of `botToken` (one workspace) and `oauth` (many) is set. */
    botToken?: string;
    oauth?: OAuthConfig;
    appToken: string;
    /** Not needed to talk to Slack here; when set, it still keys the buttons, so a move from HTTP keeps them working. */
    signingSecret: string | undefined;
    apiUrl: string | undefined;
  };
}

/** No Slack settings: the real bot against local stand-ins, with made-up secrets of its own. */
export interface SandboxConfig extends CommonConfig {
  mode: 'sandbox';
  /** MIRRORS_REGIONS when set; otherwise the sandbox shows every region of its own data set. */
  regions: string[] | undefined;
  /**
   * Where the bot and the console listen: loopback, since the made-up secrets guard nothing; every interface in a
   * container whose sandbox was asked for (Docker's published ports arrive from outside the container's loopback).
   */
  host?: string;
}

export type Config = HttpConfig | SocketConfig | SandboxConfig;
export type SlackConfig = HttpConfig | SocketConfig;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `mirrors cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee the configuration table in README.md.`,
    );
  }
}

/** The variables of the contract that mean "this deployment talks to real Slack". */
const SLACK_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
] as const;
/** Distribution: these three together replace SLACK_BOT_TOKEN, each workspace's token coming from its install. */
const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
/** Settings that make no sense without Slack's tokens: present alone, they mean a half-finished setup. */
const CLOUD_VARIABLES = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_PROFILE',
  'ALIBABA_CLOUD_CREDENTIALS_URI',
  'ALIBABA_CLOUD_VPC_ENDPOINT',
  'ALIBABA_CLOUD_ECS_ENDPOINT',
  'SLACK_API_URL',
  'REDIS_URL',
] as const;

const DEFAULT_PORT = 3000;
const DEFAULT_DATA_DIR = './data';

export interface LoadOptions {
  /** `npm run sandbox`: run the sandbox even if Slack settings are present. */
  forceSandbox?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv, options: LoadOptions = {}): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const slackSet = SLACK_VARIABLES.filter((name) => get(name) !== undefined);
  const cloudSet = CLOUD_VARIABLES.filter((name) => get(name) !== undefined);
  const sandbox = options.forceSandbox === true || slackSet.length === 0;

  if (!options.forceSandbox && slackSet.length === 0 && cloudSet.length > 0) {
    problems.push(
      `${cloudSet.join(', ')} ${cloudSet.length === 1 ? 'is' : 'are'} set but no Slack settings are: set SLACK_BOT_TOKEN and ` +
        `SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode), or unset everything to run the sandbox`,
    );
  }

  const botToken = get('SLACK_BOT_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = get('SLACK_APP_TOKEN');
  const oauthSet = OAUTH_VARIABLES.filter((name) => get(name) !== undefined);
  const oauthMissing = OAUTH_VARIABLES.filter((name) => get(name) === undefined);
  if (!sandbox) {
    if (oauthSet.length > 0 && oauthMissing.length > 0) {
      problems.push(
        `${oauthMissing.join(' and ')} ${oauthMissing.length === 1 ? 'is' : 'are'} missing: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and ` +
          'SLACK_STATE_SECRET go together (OAuth, to install into many workspaces; Basic Information → App Credentials, ' +
          'and any long random string for the state secret), or unset them and set SLACK_BOT_TOKEN for one workspace',
      );
    } else if (oauthSet.length > 0 && appToken !== undefined) {
      problems.push(
        'SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET (distribution) need HTTP mode: unset SLACK_APP_TOKEN. ' +
          'Socket Mode serves no /slack/install here, and Slack does not list Socket Mode apps for distribution',
      );
    }
    if (oauthSet.length > 0 && oauthMissing.length === 0 && botToken) {
      problems.push(
        'SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET are both set: set SLACK_BOT_TOKEN ' +
          'for one workspace, or the three OAuth settings without it to install into many',
      );
    }
    // With the OAuth trio, each workspace's token comes from its install; half of it is named above.
    if (oauthSet.length === 0) {
      if (!botToken) problems.push('SLACK_BOT_TOKEN is missing: the bot token (xoxb-…) from "OAuth & Permissions"');
      else if (!botToken.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    }
    if (appToken !== undefined && !appToken.startsWith('xapp-')) {
      problems.push(
        'SLACK_APP_TOKEN must be an app-level token starting with xapp- (with the connections:write scope)',
      );
    }
    if (appToken === undefined && !signingSecret) {
      problems.push(
        'SLACK_SIGNING_SECRET is missing: HTTP mode needs it to verify requests (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    }
  }

  const apiUrl = get('SLACK_API_URL');
  let normalisedApiUrl: string | undefined;
  if (apiUrl !== undefined) {
    if (!isHttpUrl(apiUrl))
      problems.push(`SLACK_API_URL must be an http(s) URL such as https://slack.com/api/, got "${apiUrl}"`);
    else normalisedApiUrl = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  }

  const port = parsePort(get('PORT'), problems);

  const vpcEndpoint = get('ALIBABA_CLOUD_VPC_ENDPOINT');
  const endpointProblem = vpcEndpoint === undefined ? undefined : endpointOverrideProblem(vpcEndpoint);
  if (endpointProblem !== undefined) {
    problems.push(
      `ALIBABA_CLOUD_VPC_ENDPOINT ${endpointProblem}: give a host or http(s) URL, optionally with {region}, such as https://vpc.{region}.aliyuncs.com`,
    );
  }

  const ecsEndpoint = get('ALIBABA_CLOUD_ECS_ENDPOINT');
  const ecsProblem = ecsEndpoint === undefined ? undefined : endpointOverrideProblem(ecsEndpoint);
  if (ecsProblem !== undefined) {
    problems.push(
      `ALIBABA_CLOUD_ECS_ENDPOINT ${ecsProblem}: give a host or http(s) URL, optionally with {region}, such as https://ecs.{region}.aliyuncs.com`,
    );
  }

  const regionsText = get('MIRRORS_REGIONS') ?? 'cn-hongkong';
  const regions = [
    ...new Set(
      regionsText
        .split(',')
        .map((r) => r.trim().toLowerCase())
        .filter((r) => r.length > 0),
    ),
  ];
  const badRegions = regions.filter((r) => !isRegionId(r));
  if (regions.length === 0)
    problems.push('MIRRORS_REGIONS is empty: list region ids separated by commas, such as cn-hongkong,cn-shanghai');
  if (badRegions.length > 0) {
    problems.push(
      `MIRRORS_REGIONS has ${badRegions.map((r) => `"${r}"`).join(', ')}, which ${badRegions.length === 1 ? 'is' : 'are'} not region ids like cn-hongkong`,
    );
  }

  const defaultRegion = get('MIRRORS_DEFAULT_REGION')?.toLowerCase();
  if (defaultRegion !== undefined && !isRegionId(defaultRegion)) {
    problems.push(`MIRRORS_DEFAULT_REGION must be a region id like cn-hongkong, got "${defaultRegion}"`);
  }

  const logLevelText = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  const logLevel = LOG_LEVELS.find((level) => level === logLevelText);
  if (!logLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelText}"`);

  const cloudConcurrency = parseConcurrency(get('MIRRORS_CLOUD_CONCURRENCY'), problems);
  const userRate = parseUserRate(get('MIRRORS_USER_RATE'), problems);
  const watchIntervalSeconds = parseWatchInterval(get('MIRRORS_WATCH_INTERVAL'), problems);
  const dataDir = get('MIRRORS_DATA_DIR') ?? DEFAULT_DATA_DIR;
  const redis = parseRedis(get('REDIS_URL'), get('MIRRORS_REDIS_PREFIX'), problems);

  if (problems.length > 0) throw new ConfigError(problems);

  const common: CommonConfig = {
    port,
    vpcEndpoint,
    ecsEndpoint,
    defaultRegion,
    logLevel: logLevel ?? 'info',
    cloudConcurrency,
    userRate,
    watchIntervalSeconds,
    dataDir,
    ...(redis ? { redis } : {}),
  };
  if (sandbox)
    return {
      mode: 'sandbox',
      ...common,
      regions: get('MIRRORS_REGIONS') !== undefined ? regions : undefined,
      ...(env.MIRRORS_IN_CONTAINER === '1' ? { host: '0.0.0.0' } : {}),
    };
  // The checks above put a problem on the list for each of these that is missing, so none is undefined here.
  const clientId = get('SLACK_CLIENT_ID');
  const clientSecret = get('SLACK_CLIENT_SECRET');
  const stateSecret = get('SLACK_STATE_SECRET');
  const who =
    clientId && clientSecret && stateSecret
      ? { oauth: { clientId, clientSecret, stateSecret } }
      : botToken !== undefined
        ? { botToken }
        : undefined;
  if (who === undefined) throw new ConfigError(['SLACK_BOT_TOKEN is missing']);
  if (appToken !== undefined) {
    return {
      mode: 'socket',
      ...common,
      regions,
      slack: { ...who, appToken, signingSecret, apiUrl: normalisedApiUrl },
    };
  }
  if (signingSecret === undefined) throw new ConfigError(['SLACK_SIGNING_SECRET is missing']);
  return { mode: 'http', ...common, regions, slack: { ...who, signingSecret, apiUrl: normalisedApiUrl } };
}

function parseRedis(
  url: string | undefined,
  prefixText: string | undefined,
  problems: string[],
): { url: string; prefix: string } | undefined {
  const prefix = prefixText ?? 'mirrors:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(prefix)) {
    problems.push(
      `MIRRORS_REDIS_PREFIX must be 1 to 64 letters, digits or : _ . -, such as mirrors: or mirrors-prod:, got "${prefix}"`,
    );
  }
  if (url === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // Never repeat the value: it may carry a password.
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    problems.push(
      'REDIS_URL must be a redis:// or rediss:// URL such as redis://redis:6379/0 or rediss://:PASSWORD@host:6380',
    );
    return undefined;
  }
  return { url, prefix };
}

/**
 * `docker run mirrors` with nothing set would start a sandbox on the container's loopback, which nobody outside can
 * reach. In a container (the image sets MIRRORS_IN_CONTAINER=1) the sandbox runs only when asked for.
 */
export function sandboxNobodyAskedFor(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  return env.MIRRORS_IN_CONTAINER === '1' && !sandboxAskedFor(env, argv);
}

export function sandboxAskedFor(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  return argv.includes('--sandbox') || env.MIRRORS_SANDBOX === '1';
}

export const NOTHING_CONFIGURED = [
  'mirrors: nothing configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode);',
  'see the configuration table in README.md.',
  'To try the sandbox in a container, run it with --sandbox or MIRRORS_SANDBOX=1: it then listens on 0.0.0.0 inside',
  'the container, so publish ports 3000-3001 (the bot and the console), on the host loopback:',
  '  docker run --rm -e MIRRORS_SANDBOX=1 -p 127.0.0.1:3000-3001:3000-3001 mirrors',
  'and open http://127.0.0.1:3001/. Its secrets are made up: do not publish it where others can reach it.',
].join('\n');

function parsePort(text: string | undefined, problems: string[]): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  // The sandbox's console takes PORT + 1, so the top port is left for it.
  if (!Number.isInteger(port) || port < 0 || port > 65534) {
    problems.push(`PORT must be a whole number from 0 to 65534, got "${text}"`);
    return DEFAULT_PORT;
  }
  return port;
}

const MAX_CONCURRENCY = 1_000;

function parseConcurrency(text: string | undefined, problems: string[]): number {
  if (text === undefined) return DEFAULT_CLOUD_CONCURRENCY;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    problems.push(`MIRRORS_CLOUD_CONCURRENCY must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${text}"`);
    return DEFAULT_CLOUD_CONCURRENCY;
  }
  return value;
}

const MAX_RATE_REQUESTS = 10_000;
const MAX_RATE_SECONDS = 86_400;

/** `N/SECONDS` (N requests per SECONDS per user, half of N at once), or `off`. */
function parseUserRate(text: string | undefined, problems: string[]): UserRate | undefined {
  if (text === undefined) return { ...DEFAULT_USER_RATE };
  if (text.toLowerCase() === 'off') return undefined;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  const requests = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || requests < 1 || requests > MAX_RATE_REQUESTS || seconds < 1 || seconds > MAX_RATE_SECONDS) {
    problems.push(
      `MIRRORS_USER_RATE must be N/SECONDS (N from 1 to ${MAX_RATE_REQUESTS} requests per 1 to ${MAX_RATE_SECONDS} seconds, such as 10/60) or off, got "${text}"`,
    );
    return { ...DEFAULT_USER_RATE };
  }
  return { requests, perMs: seconds * 1000, burst: burstOf(requests) };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
