import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz } from './engine';

// The engine talks only to its own loopback stand-ins; nock's interceptors would sit on every one of those requests
// and slow them tenfold, so they are off for this file only.
beforeAll(() => {
  nock.restore();
});
afterAll(() => {
  nock.activate();
});

describe('fuzz (short run; `npm run fuzz` runs a long one)', () => {
  it('signed commands, clicks, mentions and submissions: no crash, all answered, valid Block Kit, no live markup, no secret', async () => {
    // 12 at a time: with 48 on a busy shared machine the event loop ran seconds late, past the bot's own 5 s
    // delivery timeouts, and the bot resent replies the stand-in had already taken (a measure of the machine).
    const report = await fuzz({ count: 1_000, seconds: 60, seed: 20261129, concurrency: 12 });
    expect(report.violations).toEqual([]);
    expect(report.inputs).toBe(1_000);
    for (const count of Object.values(report.perKind)) expect(count).toBeGreaterThan(50);
    expect(report.clicksByValue.valid).toBeGreaterThan(0);
    expect(report.vpcCalls).toBeGreaterThan(0);
  }, 120_000);
});
