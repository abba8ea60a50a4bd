import nock from 'nock';
import type { Accounts } from '../../src/accounts/model';
import { DEFAULT_CLOUD_CONCURRENCY } from '../../src/cloud/limiter';
import { composeDeps } from '../../src/compose';
import type { HttpConfig } from '../../src/config';
import type { UserRate } from '../../src/limits/rate-limit';
import { createLogger } from '../../src/log';
import type { PageState } from '../../src/paging';
import { createSlackApp, type SlackApp } from '../../src/slack/app';
import type { AppDeps } from '../../src/slack/deps';
import { sealDetails, sealHomeList } from '../../src/slack/guard/button-values';
import { inTeam } from '../../src/slack/guard/team-scope';
import type { WatchAccess } from '../../src/watch/access';
import type { WatchStore } from '../../src/watch/store';
import { FAKE_KEY_ID, FAKE_SECRET } from '../cloud/helpers';
import {
  type ButtonClick,
  blockActionsBody,
  type CommandFields,
  commandBody,
  eventBody,
  postSigned,
} from '../helpers/signed';

export const SIGNING_SECRET = 'integration-signing-secret';
const BOT_TOKEN = 'xoxb-integration-bot-token-000';
export const SLACK_API = 'https://slack.com';
export const HOOKS = 'https://hooks.slack.com';
export const HK = 'https://vpc.cn-hongkong.aliyuncs.com';
/** The workspace every signed test request comes from (test/helpers/signed.ts). */
export const TEAM_ID = 'T0MIRRORS';

export interface Bot {
  url: string;
  deps: AppDeps;
  /** Every log line, already scrubbed, as an operator would see it. */
  lines: string[];
  /** Every audit line the bot wrote (stdout in production), parsed. */
  audit: Array<Record<string, unknown>>;
  stop(): Promise<void>;
  /** Sends a signed /mirrors command; resolves with Bolt's HTTP answer (the ack). */
  command(text: string, responseUrl?: string): Promise<{ status: number; body: string; ms: number }>;
  /** A signed /mirrors command from another user or channel; resolves with the ack. */
  commandAs(fields: CommandFields): Promise<{ status: number; body: string }>;
  click(click: ButtonClick): Promise<Response>;
  event(event: Record<string, unknown>): Promise<Response>;
  /** Button values as the bot mints them for this workspace (values are bound to the team they were made in). */
  encode(state: PageState): string;
  details(region: string, sessionId: string): string;
  homeList(region: string): string;
}

export interface BotOptions {
  regions?: string[];
  defaultRegion?: string;
  cloudBudgetMs?: number;
  replyBudgetMs?: number;
  overviewMinRefreshMs?: number;
  /** A stand-in's URL for ALIBABA_CLOUD_VPC_ENDPOINT (and ALIBABA_CLOUD_ECS_ENDPOINT unless that is given). */
  vpcEndpoint?: string;
  ecsEndpoint?: string;
  placeholderAfterMs?: number;
  cloudConcurrency?: number;
  userRate?: UserRate;
  /** A config file's accounts, rules and audit (accounts tests). */
  accounts?: Accounts;
  /** ALIBABA_CLOUD_STS_ENDPOINT, for accounts with a role_arn. */
  stsEndpoint?: string;
  /** Watches on, with this store and interval (and an access policy's say over them). */
  watches?: { store: WatchStore; intervalSeconds: number; access?: WatchAccess };
}

export async function startBot(options: BotOptions = {}): Promise<Bot> {
  const config: HttpConfig = {
    mode: 'http',
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: `${SLACK_API}/api/` },
    port: 0,
    vpcEndpoint: options.vpcEndpoint,
    ecsEndpoint: options.ecsEndpoint ?? options.vpcEndpoint,
    regions: options.regions ?? ['cn-hongkong'],
    defaultRegion: options.defaultRegion,
    watchIntervalSeconds: 300,
    dataDir: ':memory:',
    logLevel: 'debug',
    cloudConcurrency: options.cloudConcurrency ?? DEFAULT_CLOUD_CONCURRENCY,
    // Off unless a test asks: most tests send many requests as one user, which is not what they are about.
    userRate: options.userRate,
  };
  const lines: string[] = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  const audit: Array<Record<string, unknown>> = [];
  const deps = composeDeps(config, {
    ...(options.accounts ? { accounts: options.accounts } : {}),
    ...(options.stsEndpoint ? { sts: { endpoint: options.stsEndpoint } } : {}),
    audit: { write: (line) => audit.push(JSON.parse(line) as Record<string, unknown>) },
    credentials: { accessKeyId: FAKE_KEY_ID, accessKeySecret: FAKE_SECRET },
    buttonSecretSource: SIGNING_SECRET,
    logger,
    cloudBudgetMs: options.cloudBudgetMs,
    replyBudgetMs: options.replyBudgetMs,
    overviewMinRefreshMs: options.overviewMinRefreshMs,
    // Tests that expect one answer must not see a placeholder just because a loaded machine is slow; the tests of
    // the placeholder itself set the delay they need.
    placeholderAfterMs: options.placeholderAfterMs ?? 60_000,
    ...(options.watches ? { watches: options.watches } : {}),
  });
  const slack: SlackApp = createSlackApp(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: config.slack.apiUrl,
      logLevel: 'debug',
      botIdentity: { botId: 'B0BOT', botUserId: 'U0BOT' },
    },
    deps,
  );
  const port = await slack.start(0);
  const url = `http://127.0.0.1:${port}/slack/events`;
  let commandCount = 0;
  return {
    url,
    deps,
    lines,
    audit,
    stop: () => slack.stop(),
    async command(text, responseUrl) {
      commandCount += 1;
      const started = performance.now();
      const response = await postSigned(
        url,
        commandBody({ text, response_url: responseUrl ?? `${HOOKS}/commands/T0MIRRORS/${commandCount}/cmd` }),
        'application/x-www-form-urlencoded',
        { secret: SIGNING_SECRET },
      );
      const body = await response.text();
      return { status: response.status, body, ms: performance.now() - started };
    },
    async commandAs(fields) {
      const response = await postSigned(url, commandBody(fields), 'application/x-www-form-urlencoded', {
        secret: SIGNING_SECRET,
      });
      return { status: response.status, body: await response.text() };
    },
    click: (click) =>
      postSigned(url, blockActionsBody(click), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET }),
    event: (event) => postSigned(url, eventBody(event), 'application/json', { secret: SIGNING_SECRET }),
    encode: (state) => inTeam(TEAM_ID, () => deps.codec.encode(state)),
    details: (region, sessionId) => inTeam(TEAM_ID, () => sealDetails(deps.codec, region, sessionId)),
    homeList: (region) => inTeam(TEAM_ID, () => sealHomeList(deps.codec, region)),
  };
}

export interface SlackMessageBody {
  text?: string;
  blocks?: Array<Record<string, unknown>>;
  response_type?: string;
  replace_original?: boolean;
}

/** Waits for one POST to a response_url path and hands back its JSON body. */
export function captureResponse(path: string, status = 200): Promise<SlackMessageBody> {
  return new Promise((resolve) => {
    nock(HOOKS)
      .post(path)
      .reply(status, (_uri, body) => {
        resolve(body as SlackMessageBody);
        return { ok: status < 300 };
      });
  });
}

/** All the text of a message, for assertions a reader would make ("does it say X?"). */
export function textOf(message: { text?: string; blocks?: unknown[] }): string {
  return `${message.text ?? ''}\n${JSON.stringify(message.blocks ?? [])}`;
}

/** Every button of a message, by action_id. */
export function buttonsOf(message: { blocks?: unknown[] }): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'button' && typeof record.action_id === 'string')
        found.set(record.action_id, String(record.value ?? ''));
      Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks);
  return found;
}
