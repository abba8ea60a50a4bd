import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackSignature } from '../helpers/signed';
import { type Bot, captureResponse, HOOKS, SIGNING_SECRET, startBot } from './harness';

/**
 * The receiver's screen: bodies Bolt 5.1 cannot survive, with a valid signature (anyone without the secret already gets 401 from Bolt).
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
