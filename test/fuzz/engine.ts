import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AnyBlock } from '@slack/types';
import fc from 'fast-check';
import { composeDeps, deriveButtonKey } from '../../src/compose';
import type { HttpConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createSlackApp } from '../../src/slack/app';
import { ActionId, BUILDER_ACTION, BuilderBlock, CallbackId } from '../../src/views';
import { validateMessage, validateView } from '../../src/views/validate';
import { slackSignature } from '../helpers/signed';

/**
 * The fuzzer: signed commands, clicks, mentions and view submissions through the real HTTP receiver, with a loopback server
 * standing in for Slack (Web API and response_url) and the VPC API, and these invariants checked on everything:
 * no crash, every request answered (commands and mentions exactly once), no Block Kit violation, no live markup
 * from user or cloud text, no secret in the log or in anything sent to Slack.
 */

const CANARY = {
  signingSecret: 'CANARYsigning0secret0fuzz0000000',
  botToken: 'xoxb-CANARYBOTTOKEN-fuzz-000000',
  accessKeyId: 'LTAICANARYKEYID0fuzz',
  accessKeySecret: 'CANARYaccessKeySecret0fuzz000000',
};
const REGIONS = ['cn-hongkong', 'cn-shanghai'];
const TEAM = 'T0MIRRORS';
/** Every piece of markup the fuzzer plants carries this, so a live one is easy to spot wherever it lands. */
const MARK = 'fzx';

type Kind = 'command' | 'click' | 'mention' | 'submission';

export interface FuzzOptions {
  count: number;
  seconds: number;
  seed?: number;
  concurrency?: number;
  /** Called every `progressEvery` inputs sent, for a long run's operator. */
  onProgress?: (inputs: number) => void;
  progressEvery?: number;
}

export interface FuzzReport {
  inputs: number;
  perKind: Record<Kind, number>;
  clicksByValue: Record<'valid' | 'tampered' | 'forged', number>;
  slackMessages: number;
  /** VPC calls the stand-in answered: the cloud side was really exercised, on loopback. */
  vpcCalls: number;
  logLines: number;
  /**
   * How late the event loop ran (the bot and the stand-ins share it). Past the bot's 5 s attempt timeouts, a reply
   * the stand-in already took looks lost to the bot, which then sends it again as designed: such a run measures a
   * starved machine rather than the bot.
   */
  loopDelayMs: { p99: number; max: number };
  /** Warnings and errors the bot logged, by message: where a duplicate or a loss came from. */
  warnings: Record<string, number>;
  violations: string[];
  durationMs: number;
  seed: number;
}

/** What a request must lead to: an answer on its ack, or an outbound message found under one of its keys. */
interface Expectation {
  id: number;
  kind: Kind;
  ack: string;
  keys: string[];
}

interface Outbound {
  where: 'api' | 'hook';
  path: string;
  body: Record<string, unknown>;
}

// ---- inputs ------------------------------------------------------------------------------------------------

const markup = fc.constantFrom(
  `<!channel>`,
  `<!here>`,
  `<!everyone>`,
  `<@U${MARK.toUpperCase()}123>`,
  `<#C${MARK.toUpperCase()}|${MARK}>`,
  `<http://${MARK}.example|${MARK}>`,
  `<mailto:a@${MARK}.example|${MARK}>`,
  `<!date^1^{date}|${MARK}>`,
  `<!subteam^S${MARK.toUpperCase()}>`,
  `&lt;!channel&gt;`,
  `&amp;lt;@U${MARK.toUpperCase()}&amp;gt;`,
);
const term = fc.oneof(
  fc.constantFrom('cn-hongkong', 'cn-shanghai', 'all', 'us-east-1', 'help', 'limit:3', 'limit:0', 'enabled:true'),
  fc.constantFrom('tag:FinanceDept', 'tag:a=b', 'name:"db mirror"', 'vni:7', 'priority:99999', 'tagg:x', '"unclosed'),
  fc.constantFrom('eni-j6c8znm5l1yt4sox0001', 'tms-j6cla50buc44ap8tu0001', 'lb-bad!', 'rg-x', 'i-abc'),
  markup.map((m) => `name:${m}`),
  markup.map((m) => `tag:${m}`),
  markup,
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
  fc.constantFrom('\uD800', 'a\uDC00b', '\u202E', '\u0000', '\u200B', '`', '```', '*_~'),
);
/** Queries that pass the grammar, so the cloud side and the list rendering get their share. */
const validQuery = fc
  .tuple(
    fc.constantFrom('cn-hongkong', 'cn-shanghai', 'all', 'eni-j6c8znm5l1yt4sox0001'),
    fc.option(fc.constantFrom('limit:1', 'limit:3', 'limit:100', 'enabled:true', 'tag:FinanceDept', 'vni:10'), {
      nil: '',
    }),
    fc.option(
      markup.map((m) => `name:"${m.replace(/"/g, '')}"`),
      { nil: '' },
    ),
  )
  .map((parts) => parts.join(' ').trim());
const commandText = fc.oneof(
  { weight: 3, arbitrary: validQuery },
  { weight: 4, arbitrary: fc.array(term, { maxLength: 8 }).map((terms) => terms.join(' ')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 600 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 4000 }) },
);
const clickAction = fc.constantFrom(
  ActionId.NextPage,
  ActionId.PreviousPage,
  ActionId.StartOver,
  ActionId.Details,
  ActionId.Share,
  ActionId.ShowCli,
  ActionId.RegionMore,
);
const clickValue = fc.oneof(
  fc.record({ kind: fc.constant('valid' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('tampered' as const),
    pick: fc.nat(),
    at: fc.nat(),
    by: fc.integer({ min: 1, max: 60 }),
  }),
  fc.record({ kind: fc.constant('forged' as const), text: fc.oneof(fc.string({ maxLength: 300 }), markup) }),
);
const builderField = fc.oneof(
  fc.constant(null),
  commandText.map((t) => t.slice(0, 200)),
  markup,
);
const confused = fc.oneof(fc.integer(), fc.constant({}), fc.constant([]), fc.boolean());
const submissionInput = fc.record({
  region: fc.oneof(fc.constantFrom('cn-hongkong', 'all', 'cn-fake'), fc.string({ maxLength: 20 })),
  name: builderField,
  tagKey: builderField,
  tagValue: builderField,
  source: builderField,
  limit: fc.oneof(fc.constant(null), fc.constantFrom('5', '0', '101', 'x')),
  confuse: fc.option(fc.constantFrom('name', 'tagKey', 'values', 'state'), { nil: undefined }),
  junk: confused,
});

type Input =
  | { kind: 'command'; text: string }
  | { kind: 'click'; action: string; value: ClickValue }
  | { kind: 'mention'; text: string }
  | { kind: 'submission'; form: Submission };
type ClickValue =
  | { kind: 'valid'; pick: number }
  | { kind: 'tampered'; pick: number; at: number; by: number }
  | { kind: 'forged'; text: string };
type Submission = {
  region: string;
  name: string | null;
  tagKey: string | null;
  tagValue: string | null;
  source: string | null;
  limit: string | null;
  confuse: 'name' | 'tagKey' | 'values' | 'state' | undefined;
  junk: unknown;
};

const input: fc.Arbitrary<Input> = fc.oneof(
  { weight: 5, arbitrary: commandText.map((text): Input => ({ kind: 'command', text })) },
  {
    weight: 3,
    arbitrary: fc.record({ action: clickAction, value: clickValue }).map((c): Input => ({ kind: 'click', ...c })),
  },
  { weight: 2, arbitrary: commandText.map((text): Input => ({ kind: 'mention', text: `<@U0BOT> ${text}` })) },
  { weight: 1, arbitrary: submissionInput.map((form): Input => ({ kind: 'submission', form })) },
);

// ---- the cloud: hostile but valid data ---------------------------------------------------------------------
// (Not test/cloud/helpers: that module loads nock, whose interceptors would sit on every loopback request here.)

function rawSession(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    TrafficMirrorSessionId: 'tms-j6cla50buc44ap8tu0001',
    TrafficMirrorSessionName: 'abc',
    TrafficMirrorSessionDescription: 'A session.',
    TrafficMirrorTargetId: 'eni-j6c2fp57q8rr47rp0001',
    TrafficMirrorTargetType: 'NetworkInterface',
    TrafficMirrorSourceIds: ['eni-j6c8znm5l1yt4sox0001'],
    TrafficMirrorFilterId: 'tmf-j6cmls82xnc86vtpe0001',
    TrafficMirrorSessionStatus: 'Created',
    TrafficMirrorSessionBusinessStatus: 'Normal',
    Enabled: false,
    Priority: 1,
    VirtualNetworkId: 10,
    PacketLength: 1500,
    ResourceGroupId: 'rg-bp67acfmxazb4ph0001',
    Tags: [{ Key: 'FinanceDept', Value: 'FinanceJoshua' }],
    CreationTime: '2023-09-05T15:26Z',
    ...overrides,
  };
}

function pageBody(sessions: Array<Record<string, unknown>>, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    RequestId: '739CA01C-92EB-4C69-BCC0-280149C6F41E',
    TotalCount: sessions.length,
    TrafficMirrorSessions: sessions,
    ...extra,
  };
}

function hostileSessions(region: string): Array<Record<string, unknown>> {
  const prefix = region === 'cn-hongkong' ? 'j6c' : 'uf6';
  return [
    rawSession({ TrafficMirrorSessionId: `tms-${prefix}fuzz000001`, TrafficMirrorSessionName: `<!channel> ${MARK}` }),
    rawSession({
      TrafficMirrorSessionId: `tms-${prefix}fuzz000002`,
      TrafficMirrorSessionName: `<@U${MARK.toUpperCase()}9> *bold* \`tick\``,
      TrafficMirrorSessionDescription: `<http://${MARK}.example|click> & <!here>`,
      Tags: [{ Key: `<#C${MARK.toUpperCase()}>`, Value: `<!subteam^S${MARK.toUpperCase()}>` }],
    }),
    rawSession({ TrafficMirrorSessionId: `tms-${prefix}fuzz000003`, Enabled: true }),
  ];
}

// ---- invariants ------------------------------------------------------------------------------------------

/** Live markup the bot itself never writes, or anything carrying the fuzzer's mark inside <…>. */
/** The "Looking up …" message a slow answer shows first (src/slack/placeholder.ts), which the answer replaces. */
function isPlaceholder(body: Record<string, unknown> | undefined): boolean {
  return typeof body?.text === 'string' && body.text.startsWith('Looking up ');
}

function liveMarkup(text: string): string | undefined {
  const broadcast = text.match(/<!(channel|here|everyone)[|>]/);
  if (broadcast) return broadcast[0];
  for (const segment of text.match(/<[^<>]*>/g) ?? []) {
    if (!segment.toLowerCase().includes(MARK)) continue;
    // The bot's own links may carry (escaped) cloud text in their label; only the target would be injected.
    const [target = ''] = segment.slice(1, -1).split('|');
    if (/^https:\/\/[a-z0-9.-]*aliyun\.com\//i.test(target) && !target.toLowerCase().includes(MARK)) continue;
    return segment;
  }
  return undefined;
}

function textsOf(node: unknown, into: string[] = []): string[] {
  if (typeof node === 'string') into.push(node);
  else if (Array.isArray(node)) for (const item of node) textsOf(item, into);
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      // Button values and ids are opaque to Slack's renderer; everything else may be displayed.
      if (['value', 'action_id', 'block_id', 'url', 'private_metadata', 'trigger_id'].includes(key)) continue;
      textsOf(value, into);
    }
  return into;
}

function parseJsonFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const key of ['blocks', 'view', 'attachments']) {
    const value = out[key];
    if (typeof value === 'string') {
      try {
        out[key] = JSON.parse(value);
      } catch {
        // leave it as sent
      }
    }
  }
  return out;
}

function bodyOf(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return Object.fromEntries(new URLSearchParams(body));
    }
  }
  return (body ?? {}) as Record<string, unknown>;
}

// ---- the run -----------------------------------------------------------------------------------------------

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const started = performance.now();
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const violations: string[] = [];
  const violate = (message: string): void => {
    if (violations.length < 200) violations.push(message);
  };
  const crashes: unknown[] = [];
  const onCrash = (error: unknown): void => {
    crashes.push(error);
  };
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);

  // Everything the bot sends is checked as it arrives and then dropped, so a long run's memory stays flat: only the
  // count per key and a line per answer (to name where a duplicate went) are kept.
  const secrets = [...Object.values(CANARY), deriveButtonKey(CANARY.signingSecret)];
  const leaked = (text: string): void => {
    for (const secret of secrets) if (text.includes(secret)) violate(`secret leaked: ${secret.slice(0, 6)}…`);
  };
  let slackMessages = 0;
  const harvested: string[] = [];
  /** Outbound messages by every key a request can be recognised by (its response_url, trigger, user, thread). */
  const byKey = new Map<string, number>();
  /** Where each response_url path and thread got its answers, for a report a person can act on. */
  const seen = new Map<string, string[]>();
  const placeholderUp = new Set<string>();
  /** The keys each post counted under, by the ts the stand-in gave it, so that taking it down un-counts it. */
  const postedKeys = new Map<string, string[]>();
  const record = (where: Outbound['where'], path: string, body: unknown, ts?: string): void => {
    const parsed = parseJsonFields(bodyOf(body));
    if (path === '/api/chat.delete') {
      // A placeholder the bot took down after posting its answer anew is no longer an answer anyone sees.
      for (const key of postedKeys.get(String(parsed.ts)) ?? []) byKey.set(key, (byKey.get(key) ?? 1) - 1);
      postedKeys.delete(String(parsed.ts));
      return;
    }
    if (READS.has(path)) return;
    slackMessages += 1;
    inspect({ where, path, body: parsed }, violate);
    leaked(JSON.stringify(parsed));
    // Valid values to click come from what the bot itself sent.
    if (harvested.length < 2000) harvestButtons(parsed, harvested);
    // A command's answer comes below its placeholder (Slack posts anew on a command's URL); a button's replaces it.
    const replacesPlaceholder = placeholderUp.has(path);
    if (isPlaceholder(parsed)) placeholderUp.add(path);
    else placeholderUp.delete(path);
    // A slow answer's placeholder and the answer that follows it on the same response_url are one answer.
    if (replacesPlaceholder) return;
    const keys = new Set<string>([`path:${path}`]);
    for (const field of ['trigger_id', 'channel', 'thread_ts', 'user'])
      if (typeof parsed[field] === 'string') keys.add(`${field}:${parsed[field]}`);
    for (const mention of JSON.stringify(parsed).match(/<@U0FZ\d+>/g) ?? []) keys.add(`mention:${mention}`);
    for (const key of keys) byKey.set(key, (byKey.get(key) ?? 0) + 1);
    if (ts !== undefined) postedKeys.set(ts, [...keys]);
    // A request's own places: its response_url, or the thread it was asked in (every Web API call shares a path).
    const own =
      where === 'hook' ? `path:${path}` : typeof parsed.thread_ts === 'string' ? `thread_ts:${parsed.thread_ts}` : '';
    if (own !== '') {
      const lines = seen.get(own) ?? [];
      lines.push(`${path} ${String(parsed.text ?? '').slice(0, 60)}`);
      seen.set(own, lines);
    }
  };
  const count = (keys: string[]): number => keys.reduce((n, key) => n + (byKey.get(key) ?? 0), 0);
  const vpcCalls = { count: 0 };
  const standIn = await startStandIn(record, vpcCalls);
  const { slackApi, hooks, vpc } = standIn;
  let logLines = 0;
  const warnings: Record<string, number> = {};
  const config: HttpConfig = {
    mode: 'http',
    slack: {
      botToken: CANARY.botToken,
      signingSecret: CANARY.signingSecret,
      apiUrl: slackApi,
    },
    port: 0,
    vpcEndpoint: vpc,
    regions: REGIONS,
    defaultRegion: undefined,
    watchIntervalSeconds: 300,
    dataDir: ':memory:',
    logLevel: 'debug',
    cloudConcurrency: 16,
    userRate: undefined,
  };
  // Only loopback: a setting left to its default would send the bot to slack.com or aliyuncs.com.
  for (const setting of [config.slack.apiUrl, config.vpcEndpoint, hooks])
    if (setting === undefined || new URL(setting).hostname !== '127.0.0.1')
      throw new Error(`fuzz: not a loopback URL: ${setting}`);
  const logLine = (line: string): void => {
    logLines += 1;
    leaked(line);
    countWarning(line, warnings);
  };
  const logger = createLogger('debug', logLine);
  const deps = composeDeps(config, {
    credentials: { accessKeyId: CANARY.accessKeyId, accessKeySecret: CANARY.accessKeySecret },
    buttonSecretSource: CANARY.signingSecret,
    logger,
    replyBudgetMs: 4_000,
    cloudBudgetMs: 3_000,
    // Audit lines join the log: the same "no secret" check covers them.
    audit: { write: logLine },
  });
  const slack = createSlackApp(
    {
      botToken: CANARY.botToken,
      signingSecret: CANARY.signingSecret,
      apiUrl: config.slack.apiUrl,
      logLevel: 'debug',
      botIdentity: { botId: 'B0BOT', botUserId: 'U0BOT' },
    },
    deps,
  );
  const url = `http://127.0.0.1:${await slack.start(0, '127.0.0.1')}/slack/events`;

  const perKind: Record<Kind, number> = { command: 0, click: 0, mention: 0, submission: 0 };
  const clicksByValue = { valid: 0, tampered: 0, forged: 0 };
  const expectOnce: Expectation[] = [];
  const expectSome: Expectation[] = [];
  let inputs = 0;

  const post = async (body: string, contentType: string): Promise<{ status: number; text: string }> => {
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(CANARY.signingSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, text: await response.text() };
  };

  const send = async (item: Input, id: number): Promise<void> => {
    const user = `U0FZ${id}`;
    const hook = `/fz/${id}`;
    const form = 'application/x-www-form-urlencoded';
    perKind[item.kind] += 1;
    let answer: { status: number; text: string };
    switch (item.kind) {
      case 'command': {
        const body = new URLSearchParams({
          team_id: TEAM,
          channel_id: 'C0INCIDENT',
          user_id: user,
          command: '/mirrors',
          text: item.text,
          response_url: `${hooks}${hook}`,
          trigger_id: `fz.${id}`,
          api_app_id: 'A0MIRRORS',
        }).toString();
        answer = await post(body, form);
        expectOnce.push({ id, kind: 'command', ack: answer.text, keys: [`path:${hook}`] });
        break;
      }
      case 'click': {
        const value = clickValueOf(item.value, harvested);
        clicksByValue[item.value.kind] += 1;
        const payload = {
          type: 'block_actions',
          user: { id: user, team_id: TEAM },
          team: { id: TEAM },
          api_app_id: 'A0MIRRORS',
          container: { type: 'message', message_ts: '1.1', channel_id: 'C0INCIDENT', is_ephemeral: true },
          trigger_id: `fz.${id}`,
          channel: { id: 'C0INCIDENT', name: 'incidents' },
          response_url: `${hooks}${hook}`,
          actions: [{ action_id: item.action, block_id: 'b', value, type: 'button', action_ts: '1.2' }],
        };
        answer = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), form);
        expectSome.push({
          id,
          kind: 'click',
          ack: answer.text,
          keys: [`path:${hook}`, `trigger_id:fz.${id}`, `channel:${user}`, `mention:<@${user}>`],
        });
        break;
      }
      case 'mention': {
        const ts = `1732600000.${String(id).padStart(6, '0')}`;
        const body = JSON.stringify({
          team_id: TEAM,
          api_app_id: 'A0MIRRORS',
          type: 'event_callback',
          event_id: `EvFZ${id}`,
          event_time: Math.floor(Date.now() / 1000),
          authorizations: [{ team_id: TEAM, user_id: 'U0BOT', is_bot: true }],
          event: { type: 'app_mention', user, text: item.text, channel: 'C0INCIDENT', ts, event_ts: ts },
        });
        answer = await post(body, 'application/json');
        expectOnce.push({ id, kind: 'mention', ack: '', keys: [`thread_ts:${ts}`] });
        break;
      }
      case 'submission': {
        const payload = {
          type: 'view_submission',
          team: { id: TEAM },
          user: { id: user, team_id: TEAM },
          api_app_id: 'A0MIRRORS',
          trigger_id: `fz.${id}`,
          view: { id: 'V0', type: 'modal', callback_id: CallbackId.QueryBuilderModal, state: stateOf(item.form) },
          response_urls: [],
        };
        answer = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), form);
        expectSome.push({
          id,
          kind: 'submission',
          ack: answer.text,
          keys: [`channel:${user}`, `trigger_id:fz.${id}`],
        });
        break;
      }
    }
    if (answer.status !== 200) violate(`#${id} ${item.kind}: HTTP ${answer.status}`);
  };

  const sampler = fc.sample(input, { numRuns: options.count, seed });
  const deadline = started + options.seconds * 1000;
  const concurrency = options.concurrency ?? 48;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sampler.length && performance.now() < deadline) {
      const id = next++;
      const item = sampler[id];
      if (item === undefined) return;
      inputs += 1;
      if (options.onProgress && inputs % (options.progressEvery ?? 10_000) === 0) options.onProgress(inputs);
      try {
        await send(item, id);
      } catch (error) {
        violate(`#${id} ${item.kind}: no HTTP answer (${error instanceof Error ? error.name : typeof error})`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Replies are asynchronous: give the last ones their budget.
  const unanswered = () => [...expectOnce, ...expectSome].filter((e) => e.ack === '' && count(e.keys) === 0).length;
  await settle(() => unanswered() === 0, 8_000);
  await slack.stop();
  await standIn.close();

  const answersOf = (e: Expectation): string =>
    e.keys
      .flatMap((key) => (key.startsWith('path:') || key.startsWith('thread_ts:') ? (seen.get(key) ?? []) : []))
      .join(' | ');
  for (const e of expectOnce) {
    const answers = count(e.keys) + (e.ack !== '' ? 1 : 0);
    if (answers !== 1) violate(`#${e.id} ${e.kind}: answered ${answers} times (${answersOf(e)})`);
  }
  for (const e of expectSome) {
    if (count(e.keys) + (e.ack !== '' ? 1 : 0) === 0) violate(`#${e.id} ${e.kind}: never answered`);
  }
  for (const crash of crashes)
    violate(`crash: ${crash instanceof Error ? `${crash.name}: ${crash.message}` : String(crash)}`);

  loopDelay.disable();
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  return {
    inputs,
    perKind,
    clicksByValue,
    slackMessages,
    vpcCalls: vpcCalls.count,
    logLines,
    loopDelayMs: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
    warnings,
    violations,
    durationMs: Math.round(performance.now() - started),
    seed,
  };
}

function countWarning(line: string, into: Record<string, number>): void {
  if (!line.includes('"level":"warn"') && !line.includes('"level":"error"')) return;
  let msg: unknown;
  try {
    ({ msg } = JSON.parse(line) as { msg?: unknown });
  } catch {
    msg = undefined;
  }
  const key = typeof msg === 'string' ? msg : '(no message)';
  into[key] = (into[key] ?? 0) + 1;
}

/** Block Kit limits and live markup, on one message or view the bot sent. */
function inspect(o: Outbound, violate: (message: string) => void): void {
  const where = `${o.where} ${o.path}`;
  const blocks = o.body.blocks;
  if (Array.isArray(blocks)) {
    const problems = validateMessage(blocks as AnyBlock[], 'message');
    for (const p of problems) violate(`Block Kit (${where}): ${p}`);
  }
  const view = o.body.view;
  if (view && typeof view === 'object') {
    const v = view as { type?: string; blocks?: AnyBlock[] };
    if ((v.type === 'modal' || v.type === 'home') && Array.isArray(v.blocks))
      for (const p of validateView({ type: v.type, blocks: v.blocks })) violate(`Block Kit (${where}): ${p}`);
  }
  for (const text of textsOf(o.body)) {
    const live = liveMarkup(text);
    if (live) violate(`live markup (${where}): ${live.slice(0, 80)}`);
  }
}

function clickValueOf(value: ClickValue, harvested: string[]): string {
  if (value.kind === 'forged') return value.text;
  const picked = harvested.length > 0 ? (harvested[value.pick % harvested.length] ?? '') : '';
  if (value.kind === 'valid') return picked;
  const chars = [...picked];
  const at = chars.length > 0 ? value.at % chars.length : 0;
  chars[at] = String.fromCharCode(((chars[at] ?? 'a').charCodeAt(0) + value.by) % 128);
  return chars.join('');
}

function harvestButtons(node: unknown, into: string[]): void {
  if (Array.isArray(node)) for (const item of node) harvestButtons(item, into);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'button' && typeof record.value === 'string' && !into.includes(record.value))
      into.push(record.value);
    for (const value of Object.values(record)) harvestButtons(value, into);
  }
}

function stateOf(form: Submission): unknown {
  const text = (value: string | null, confused: boolean, junk: unknown) => ({
    [BUILDER_ACTION]: { type: 'plain_text_input', value: confused ? junk : value },
  });
  const values = {
    [BuilderBlock.region]: {
      [BUILDER_ACTION]: {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: 'r' }, value: form.region },
      },
    },
    [BuilderBlock.name]: text(form.name, form.confuse === 'name', form.junk),
    [BuilderBlock.tagKey]: text(form.tagKey, form.confuse === 'tagKey', form.junk),
    [BuilderBlock.tagValue]: text(form.tagValue, false, null),
    [BuilderBlock.source]: text(form.source, false, null),
    [BuilderBlock.limit]: { [BUILDER_ACTION]: { type: 'number_input', value: form.limit } },
  };
  if (form.confuse === 'state') return form.junk;
  return { values: form.confuse === 'values' ? form.junk : values };
}

async function settle(done: () => boolean, maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  while (!done() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  // Late duplicates would show up just after the last expected answer.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/**
 * Slack (Web API and response_url) and the VPC API on one loopback server: every POST is recorded and answered
 * ok; every GET is a VPC call answered with the hostile page of the region it names.
 */
const READS = new Set(['/api/conversations.replies', '/api/conversations.history']);

/**
 * What Slack would show of the bot's posts when it reads a thread or channel back (delivery.ts does, to learn
 * whether a post whose answer it never got had landed): without it every such check says "not there" and the
 * bot, as designed, posts again, which the fuzzer would then count as a duplicate of Slack's making.
 */
function postedMessages(): {
  add(body: Record<string, unknown>): void;
  read(args: Record<string, unknown>): Array<{ metadata: unknown }>;
} {
  const byPlace = new Map<string, Array<{ metadata: unknown }>>();
  const place = (channel: unknown, thread: unknown) => `${String(channel)}/${String(thread ?? '')}`;
  return {
    add(body) {
      if (typeof body.metadata !== 'string') return;
      const key = place(body.channel, body.thread_ts);
      const list = byPlace.get(key) ?? [];
      list.push({ metadata: JSON.parse(body.metadata) });
      byPlace.set(key, list);
    },
    read(args) {
      return byPlace.get(place(args.channel, args.ts)) ?? [];
    },
  };
}

async function startStandIn(
  record: (where: Outbound['where'], path: string, body: unknown, ts?: string) => void,
  vpcCalls: { count: number },
): Promise<{ slackApi: string; hooks: string; vpc: string; close(): Promise<void> }> {
  const posted = postedMessages();
  let posts = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') {
        vpcCalls.count += 1;
        const region = url.searchParams.get('RegionId') ?? REGIONS[0] ?? '';
        res.end(JSON.stringify(pageBody(hostileSessions(region), { TotalCount: 30, NextToken: 'NEXT' })));
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      if (url.pathname.startsWith('/api/')) {
        // Each post its own ts, as Slack gives, on a clock apart from the mentions' so that none is taken for a thread.
        const isPost = url.pathname === '/api/chat.postMessage';
        const ts = isPost ? `1732700000.${String(++posts).padStart(6, '0')}` : '1732600000.000100';
        record('api', url.pathname, body, isPost ? ts : undefined);
        if (isPost) posted.add(bodyOf(body));
        res.end(
          JSON.stringify({
            ok: true,
            channel: 'C0INCIDENT',
            ts,
            message_ts: '1.2',
            view: { id: 'V0', hash: 'h' },
            ...(READS.has(url.pathname) ? { messages: posted.read(bodyOf(body)) } : {}),
          }),
        );
        return;
      }
      record('hook', url.pathname.replace(/^\/hooks/, ''), body);
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    slackApi: `${base}/api/`,
    hooks: `${base}/hooks`,
    vpc: base,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
