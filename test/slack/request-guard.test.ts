import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageBody, rawSession } from '../cloud/helpers';
import { commandBody, eventBody, slackSignature } from '../helpers/signed';
import { watchApi } from '../helpers/signed-views';
import { type Bot, captureResponse, HK, HOOKS, SIGNING_SECRET, startBot } from './harness';

/**
 * The receiver's screen: bodies Bolt 5.1 cannot survive, future timestamps and replayed signatures, all with a
 * valid signature (anyone without the secret already gets 401 from Bolt).
 */
let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const now = (): number => Math.floor(Date.now() / 1000);

interface Send {
  timestamp?: number;
  headers?: Record<string, string>;
}

/** One signed POST, exactly as given; a hang (the old crash path) fails fast instead of at the test timeout. */
async function send(body: string, contentType: string, options: Send = {}): Promise<Response> {
  const timestamp = options.timestamp ?? now();
  return fetch(bot.url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
    signal: AbortSignal.timeout(5_000),
  });
}

/** Counts calls to the Hong Kong VPC API, answering each with one session. */
function countVpcCalls(): { count: () => number } {
  let calls = 0;
  nock(HK)
    .get('/')
    .query(true)
    .times(20)
    .reply(() => {
      calls += 1;
      return [200, pageBody([rawSession({ TrafficMirrorSessionId: 'tms-j6cguard00001' })])];
    });
  return { count: () => calls };
}

async function stillServes(): Promise<void> {
  const reply = captureResponse('/commands/T0MIRRORS/alive/cmd');
  const answer = await bot.command('help', `${HOOKS}/commands/T0MIRRORS/alive/cmd`);
  expect(answer.status).toBe(200);
  // help is answered on the ack or on response_url: either way the process is alive and answering.
  if (answer.body === '') await reply;
}

describe('signed bodies Bolt cannot parse into an object', () => {
  it.each([
    ['form payload=null', 'payload=null', FORM],
    ['JSON null', 'null', JSON_TYPE],
    ['form payload=7', 'payload=7', FORM],
    ['JSON array', '[]', JSON_TYPE],
    ['JSON string', '"x"', JSON_TYPE],
  ])('%s gets 400 and the bot keeps serving', async (_name, body, contentType) => {
    const response = await send(body, contentType);
    expect(response.status).toBe(400);
    await stillServes();
  });
});

describe('timestamps', () => {
  it.each([
    ['10 minutes ahead', 600],
    ['a day ahead', 86_400],
    ['ten years ahead', 315_360_000],
  ])('refuses a correctly signed request dated %s, and calls nothing', async (_name, ahead) => {
    const vpc = countVpcCalls();
    const body = commandBody({ text: 'cn-hongkong', response_url: `${HOOKS}/commands/T0MIRRORS/future/cmd` });
    const response = await send(body, FORM, { timestamp: now() + ahead });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vpc.count()).toBe(0);
  });

  it('accepts a clock a little ahead (within 5 minutes), as Slack allows', async () => {
    countVpcCalls();
    const reply = captureResponse('/commands/T0MIRRORS/ahead/cmd');
    const body = commandBody({ text: 'cn-hongkong', response_url: `${HOOKS}/commands/T0MIRRORS/ahead/cmd` });
    const response = await send(body, FORM, { timestamp: now() + 120 });
    expect(response.status).toBe(200);
    expect(JSON.stringify(await reply)).toContain('Traffic mirror sessions in cn-hongkong: 1 of 1');
  });
});

describe('replays', () => {
  it('runs a signed command once, however often the same bytes are sent within the window', async () => {
    const vpc = countVpcCalls();
    const reply = captureResponse('/commands/T0MIRRORS/replay/cmd');
    const body = commandBody({ text: 'cn-hongkong', response_url: `${HOOKS}/commands/T0MIRRORS/replay/cmd` });
    const timestamp = now();
    const first = await send(body, FORM, { timestamp });
    expect(first.status).toBe(200);
    await reply;
    const statuses: number[] = [];
    const noRetry: Array<string | null> = [];
    for (let i = 0; i < 9; i++) {
      const again = await send(body, FORM, { timestamp });
      statuses.push(again.status);
      noRetry.push(again.headers.get('x-slack-no-retry'));
    }
    expect(statuses).toEqual(Array(9).fill(409));
    expect(noRetry).toEqual(Array(9).fill('1'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(vpc.count()).toBe(1);
    expect(bot.lines.join('\n')).toContain('refused a replayed request');
  });

  it("answers a mention once when Slack retries it, re-signed or not, and refuses a replay of Slack's retry", async () => {
    countVpcCalls();
    const posted = watchApi(
      'chat.postMessage',
      () => ({ ok: true, channel: 'C0INCIDENT', ts: '1732600300.000100' }),
      5,
    );
    const body = eventBody({
      type: 'app_mention',
      user: 'U0ONCALL',
      text: '<@U0BOT> cn-hongkong',
      channel: 'C0INCIDENT',
      ts: '1732600299.000100',
      event_ts: '1732600299.000100',
    });
    const timestamp = now();
    expect((await send(body, JSON_TYPE, { timestamp })).status).toBe(200);
    await posted.nth(1);
    // Slack's retry: the same event with a retry number, re-signed a few seconds later.
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await send(body, JSON_TYPE, { timestamp: timestamp + 3, headers: retry })).status).toBe(200);
    // A retry that happened to fall in the same second carries the same signature: still not a replay.
    expect((await send(body, JSON_TYPE, { timestamp, headers: { 'x-slack-retry-num': '2' } })).status).toBe(200);
    // The exact retry request sent again is.
    expect((await send(body, JSON_TYPE, { timestamp: timestamp + 3, headers: retry })).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(posted.calls).toHaveLength(1);
  });
});
