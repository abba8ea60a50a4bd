/**
 * The built bot started while Slack is away (a pod whose DNS or egress is not ready yet): it must stay up, say it
 * is not ready, keep asking, and become ready within seconds of Slack answering, without a stack or an exit.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../support/redis';
import { needs } from '../support/system-parts';
import {
  assertBuilt,
  BOT_TOKEN_PATTERN,
  cleanEnv,
  exitWithin,
  freePortPair,
  killAllChildren,
  STACK_FRAME,
  spawnMain,
} from './helpers/sandbox-process';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(killAllChildren);

describe('start-up while Slack is away', () => {
  let slack: Server | undefined;
  afterAll(async () => {
    slack?.closeAllConnections();
    if (slack) await new Promise((r) => slack?.close(r));
  });

  it('stays up and not ready, then becomes ready once Slack answers auth.test, and never exits', async () => {
    assertBuilt();
    const slackPort = await freePort();
    const port = await freePortPair();
    const bot = spawnMain(
      cleanEnv({
        SLACK_BOT_TOKEN: 'xoxb-startup-test-token',
        SLACK_SIGNING_SECRET: 'startup-secret',
        // Nothing listens here yet: every call is refused, as when slack.com cannot be reached.
        SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
        PORT: String(port),
      }),
    );
    const base = `http://127.0.0.1:${port}`;

    // Alive at once, not ready, and saying why.
    await waitFor(
      async () => ((await getJson(`${base}/healthz`))?.status === 200 ? true : undefined),
      30_000,
      '/healthz',
    );
    const notReady = await getJson(`${base}/readyz`);
    expect(notReady?.status).toBe(503);
    expect(JSON.stringify(notReady?.body)).toMatch(/cannot reach the Slack API \(ECONNREFUSED\)/);

    // Several refused attempts later, still running.
    expect(await exitWithin(bot, 4_000)).toBeUndefined();
    expect(bot.output()).toContain('Slack is not ready: retrying');

    // Slack comes back, first rejecting the token, then accepting it.
    let accept = false;
    slack = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/api/auth.test') && accept)
        res.end(JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0MIRRORS' }));
      else res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
    });
    slack.listen(slackPort, '127.0.0.1');
    await once(slack, 'listening');

    const rejected = await waitFor(
      async () => {
        const answer = await getJson(`${base}/readyz`);
        return JSON.stringify(answer?.body ?? {}).includes('invalid_auth') ? answer : undefined;
      },
      10_000,
      'the rejected token to show in /readyz',
    );
    expect(rejected.status).toBe(503);
    expect(JSON.stringify(rejected.body)).toContain(
      'Slack rejected the bot token (invalid_auth): check SLACK_BOT_TOKEN',
    );
    expect(bot.isRunning()).toBe(true);

    accept = true;
    const startedWaiting = Date.now();
    const ready = await waitFor(
      async () => {
        const answer = await getJson(`${base}/readyz`);
        return answer?.status === 200 ? answer : undefined;
      },
      10_000,
      '/readyz to turn 200',
    );
    // The backoff is capped at a few seconds, so readiness follows soon after Slack answers.
    expect(Date.now() - startedWaiting).toBeLessThan(10_000);
    expect(ready.body).toEqual({ ready: true, checks: { slack: { ready: true } } });

    // The metrics endpoint serves the mirrors_ series and the process's memory.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('# TYPE mirrors_requests_total counter');
    expect(metrics).toContain('# TYPE mirrors_cloud_call_seconds histogram');
    expect(metrics).toMatch(/^mirrors_process_resident_memory_bytes \d+/m);

    const output = bot.output();
    expect(output).not.toContain(STACK_FRAME);
    expect(output).not.toMatch(BOT_TOKEN_PATTERN);
    expect(output).not.toContain('WebAPIRequestError');
    expect(bot.isRunning()).toBe(true);

    bot.child.kill('SIGTERM');
    expect((await exitWithin(bot, 30_000))?.code).toBe(0);
  }, 90_000);
});

needs('redis-server')('start-up while Redis is away', () => {
  let redis: RedisServer | undefined;
  let slack: Server | undefined;
  afterAll(async () => {
    await redis?.stop();
    slack?.closeAllConnections();
    if (slack) await new Promise((r) => slack?.close(r));
  });

  it('is not ready until Redis answers, then ready, with the password never in the log', async () => {
    assertBuilt();
    redis = await startRedis();
    // Taken away before the bot starts: the port is known, nothing answers on it.
    await redis.kill();
    slack = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT' }));
    });
    slack.listen(0, '127.0.0.1');
    await once(slack, 'listening');
    const port = await freePortPair();
    const bot = spawnMain(
      cleanEnv({
        SLACK_BOT_TOKEN: 'xoxb-startup-test-token',
        SLACK_SIGNING_SECRET: 'startup-secret',
        SLACK_API_URL: `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`,
        // A password the server does not ask for: ignored by Redis, and it must never be logged.
        REDIS_URL: `redis://:never-logged-pw@127.0.0.1:${redis.port}/0`,
        PORT: String(port),
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    const notReady = await waitFor(
      async () => {
        const answer = await getJson(`${base}/readyz`);
        return answer?.body.checks && JSON.stringify(answer.body).includes('"slack":{"ready":true}')
          ? answer
          : undefined;
      },
      30_000,
      'Slack to be ready',
    );
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ ready: false, checks: { redis: { ready: false } } });
    expect(await exitWithin(bot, 2_000)).toBeUndefined();

    await redis.restart();
    await waitFor(async () => ((await getJson(`${base}/readyz`))?.status === 200 ? true : undefined), 10_000, 'ready');
    const output = bot.output();
    expect(output).toContain('Redis unreachable: degraded, using in-process state');
    expect(output).toContain('Redis reachable again');
    expect(output).not.toContain('never-logged-pw');
    expect(output).not.toContain(STACK_FRAME);
    bot.child.kill('SIGTERM');
    expect((await exitWithin(bot, 30_000))?.code).toBe(0);
  }, 90_000);
});
