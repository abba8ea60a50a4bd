import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import { OverviewCache } from '../../src/cloud/overview-cache';
import type { PageRequest, SessionPage, SessionSource } from '../../src/cloud/types';
import { HK, pageBody, rawSession, service } from './helpers';

function fakeClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('OverviewCache', () => {
  it('100 concurrent get() calls share exactly one scan', async () => {
    let hits = 0;
    nock(HK)
      .get(/.*/)
      .times(100)
      .delay(30)
      .reply(() => {
        hits += 1;
        return [200, JSON.stringify(pageBody([rawSession()]))];
      });
    const cache = new OverviewCache(service());
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.get('cn-hongkong')));
    expect(hits).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatchObject({ ok: true, total: 1 });
    // Cached afterwards, too.
    await cache.get('cn-hongkong');
    expect(hits).toBe(1);
  });

  it('serves from cache until the TTL passes, then scans again', async () => {
    let hits = 0;
    nock(HK)
      .get(/.*/)
      .times(10)
      .reply(() => {
        hits += 1;
        return [200, JSON.stringify(pageBody([rawSession()]))];
      });
    const clock = fakeClock();
    const cache = new OverviewCache(service(), { clock: clock.now, ttlMs: 60_000 });
    const first = await cache.get('cn-hongkong');
    expect(first.scannedAt.getTime()).toBe(clock.now());
    clock.advance(59_000);
    expect(await cache.get('cn-hongkong')).toBe(first);
    expect(hits).toBe(1);
    clock.advance(2_000);
    const second = await cache.get('cn-hongkong');
    expect(second).not.toBe(first);
    expect(hits).toBe(2);
  });

  it('caches a failure only briefly, and never throws', async () => {
    let hits = 0;
    nock(HK)
      .get(/.*/)
      .times(10)
      .reply(() => {
        hits += 1;
        return hits === 1
          ? [403, JSON.stringify({ RequestId: 'r1', Code: 'Forbidden.RAM' })]
          : [200, JSON.stringify(pageBody([rawSession()]))];
      });
    const clock = fakeClock();
    const cache = new OverviewCache(service(), { clock: clock.now, failureTtlMs: 10_000 });
    const failed = await cache.get('cn-hongkong');
    expect(failed.ok).toBe(false);
    if (failed.ok) throw new Error('expected failure');
    expect(failed.error).toBeInstanceOf(CloudError);
    expect(failed.error.code).toBe(CloudErrorCode.PermissionDenied);
    clock.advance(5_000);
    expect(await cache.get('cn-hongkong')).toBe(failed);
    expect(hits).toBe(1);
    clock.advance(6_000);
    expect(await cache.get('cn-hongkong')).toMatchObject({ ok: true, total: 1 });
    expect(hits).toBe(2);
  });

  it('force (Refresh) rescans a cached region but still shares a scan in flight', async () => {
    let scans = 0;
    let release: (() => void) | undefined;
    const source: SessionSource = {
      async listPage(request: PageRequest): Promise<SessionPage> {
        scans += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return { region: request.region, sessions: [], totalCount: 0, nextToken: undefined, requestId: undefined };
      },
    };
    let now = 1_000_000;
    const cache = new OverviewCache(source, { clock: () => now });
    const a = cache.get('cn-hongkong');
    const b = cache.get('cn-hongkong', { force: true });
    await new Promise((resolve) => setImmediate(resolve));
    release?.();
    expect(await a).toBe(await b);
    expect(scans).toBe(1);
    // A Refresh right after a scan is served from it: pressing it repeatedly costs nothing.
    expect(await cache.get('cn-hongkong', { force: true })).toBe(await a);
    expect(scans).toBe(1);
    now += 10_000;
    const c = cache.get('cn-hongkong', { force: true });
    await new Promise((resolve) => setImmediate(resolve));
    release?.();
    expect(await c).not.toBe(await a);
    expect(scans).toBe(2);
  });

  it('overviews() runs regions in parallel under the cap, in order, failures as ok:false', async () => {
    let active = 0;
    let peak = 0;
    const source: SessionSource = {
      async listPage(request: PageRequest): Promise<SessionPage> {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 10));
        active -= 1;
        if (request.region === 'xx-bad-1')
          throw new CloudError(CloudErrorCode.UnknownRegion, 'nope', { region: request.region });
        if (request.region === 'xx-weird-1') throw new TypeError('boom');
        return { region: request.region, sessions: [], totalCount: 0, nextToken: undefined, requestId: undefined };
      },
    };
    const regions = [
      'cn-hongkong',
      'xx-bad-1',
      'ap-southeast-1',
      'xx-weird-1',
      'cn-shanghai',
      'eu-central-1',
      'us-west-1',
      'cn-beijing',
    ];
    const cache = new OverviewCache(source, { concurrency: 3 });
    const overviews = await cache.overviews(regions);
    expect(overviews.map((o) => o.region)).toEqual(regions);
    expect(overviews.map((o) => o.ok)).toEqual([true, false, true, false, true, true, true, true]);
    const weird = overviews[3];
    expect(weird && !weird.ok && weird.error.code).toBe(CloudErrorCode.Unknown);
    expect(peak).toBe(3);
  });
});

describe('a scan that never ends', () => {
  it('gives up at its deadline and reports the region as failed instead of holding Home forever', async () => {
    const source: SessionSource = {
      listPage(_request: PageRequest, signal?: AbortSignal): Promise<SessionPage> {
        return new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
        );
      },
    };
    const cache = new OverviewCache(source, { scanBudgetMs: 50 });
    const overview = await cache.get('cn-hongkong');
    expect(overview.ok).toBe(false);
  });
});
