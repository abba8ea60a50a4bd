import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readiness } from '../../src/ops/readiness';
import { pageBody, rawSession } from '../cloud/helpers';
import { type Bot, captureResponse, HK, startBot } from './harness';

let bot: Bot;
let base: string;
beforeEach(async () => {
  bot = await startBot();
  base = new URL(bot.url).origin;
});
afterEach(async () => {
  await bot.stop();
});

async function metricsText(): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one series, or undefined when it has not been written. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('counts a command by surface and outcome, its cloud call by region, API and code, and both latencies', async () => {
    const before = await metricsText();
    const requests = 'mirrors_requests_total{surface="command",outcome="ok"}';
    const calls = 'mirrors_cloud_calls_total{region="cn-hongkong",api="ListTrafficMirrorSessions",code="ok"}';
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'counted' })]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    await reply;
    // The listener finishes just after the reply is posted.
    await new Promise((r) => setTimeout(r, 100));

    const after = await metricsText();
    expect((value(after, requests) ?? 0) - (value(before, requests) ?? 0)).toBe(1);
    expect((value(after, calls) ?? 0) - (value(before, calls) ?? 0)).toBe(1);
    expect(value(after, 'mirrors_placeholder_seconds_count{surface="command"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'mirrors_reply_seconds_count{surface="command"}')).toBeGreaterThanOrEqual(1);
    expect(
      value(after, 'mirrors_cloud_call_seconds_count{region="cn-hongkong",api="ListTrafficMirrorSessions"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value(after, 'mirrors_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts a retried call and the code it failed with', async () => {
    const retries = 'mirrors_cloud_retries_total{region="cn-hongkong",api="ListTrafficMirrorSessions"}';
    const before = value(await metricsText(), retries) ?? 0;
    nock(HK)
      .get('/')
      .query(true)
      .reply(503, { Code: 'ServiceUnavailable', Message: 'busy', RequestId: 'R-1' })
      .get('/')
      .query(true)
      .reply(200, pageBody([rawSession({ TrafficMirrorSessionName: 'after-retry' })]));
    const reply = captureResponse('/commands/T0MIRRORS/1/cmd');
    await bot.command('cn-hongkong');
    await reply;
    const after = await metricsText();
    expect((value(after, retries) ?? 0) - before).toBe(1);
    expect(
      value(
        after,
        'mirrors_cloud_calls_total{region="cn-hongkong",api="ListTrafficMirrorSessions",code="ServiceUnavailable"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('/healthz and /readyz', () => {
  it('answers alive and ready when the bot knows who it is and nothing else is configured', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: {} });
  });
});

describe('readiness', () => {
  it('is ready only when every check is, and names what is not', () => {
    expect(
      readiness([
        { name: 'slack', status: () => ({ ready: true }) },
        { name: 'redis', status: () => ({ ready: false, problem: 'Redis: ECONNREFUSED' }) },
      ]),
    ).toEqual({
      ready: false,
      checks: { slack: { ready: true }, redis: { ready: false, problem: 'Redis: ECONNREFUSED' } },
    });
  });
});
