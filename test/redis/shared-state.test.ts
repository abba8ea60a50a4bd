/**
 * Each piece of shared state on a real redis-server, seen from two "replicas" (two connections): what one writes
 * the other reads, the bounds hold across both, and with Redis gone each falls back to its own memory.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import { OverviewCache } from '../../src/cloud/overview-cache';
import type { PageRequest, SessionPage, SessionSource } from '../../src/cloud/types';
import { createLogger } from '../../src/log';
import { RedisConnection } from '../../src/redis/connection';
import { sharedOnce } from '../../src/redis/once';
import { RedisOverviewShare } from '../../src/redis/overview-share';
import { RedisStateStore } from '../../src/redis/paging-store';
import { RedisRateLimiter } from '../../src/redis/rate-limit';
import { type RedisServer, startRedis } from '../support/redis';
import { needs } from '../support/system-parts';

let redis: RedisServer;
const connections: RedisConnection[] = [];
let run = 0;

async function connect(prefix: string): Promise<RedisConnection> {
  const connection = new RedisConnection(redis.url, { prefix, logger: createLogger('error', () => undefined) });
  connections.push(connection);
  connection.start();
  const deadline = Date.now() + 10_000;
  while (!connection.isUp()) {
    if (Date.now() > deadline) throw new Error('no Redis');
    await new Promise((r) => setTimeout(r, 10));
  }
  return connection;
}

/** Two replicas' connections to one deployment's keys. */
async function pair(): Promise<[RedisConnection, RedisConnection]> {
  run += 1;
  const prefix = `t${run}:`;
  return [await connect(prefix), await connect(prefix)];
}

/** A session source that counts its first pages (one per scan) and can be slow. */
function countingSource(delayMs: number): SessionSource & { scans: Map<string, number> } {
  const scans = new Map<string, number>();
  return {
    scans,
    async listPage(request: PageRequest): Promise<SessionPage> {
      if (request.nextToken === undefined) scans.set(request.region, (scans.get(request.region) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, delayMs));
      return {
        region: request.region,
        sessions: [
          {
            id: 'tms-1',
            name: 'one',
            description: '',
            enabled: true,
            priority: 1,
            vni: 1,
            packetLength: undefined,
            targetId: 'eni-t',
            targetType: 'NetworkInterface',
            filterId: 'tmf-1',
            sourceIds: ['eni-s'],
            status: 'Created',
            businessStatus: 'FinancialLocked',
            resourceGroupId: 'rg-1',
            tags: [],
            creationTimeRaw: '2024-01-02T03:04Z',
            createdAt: new Date('2024-01-02T03:04:00Z'),
          },
        ],
        totalCount: 1,
        nextToken: undefined,
        requestId: 'req',
      };
    },
  };
}

needs('redis-server')('shared state on a real Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
  });

  afterEach(async () => {
    for (const c of connections.splice(0)) await c.stop();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('paging: a state put by one replica is read by the other, and the owner quota holds across both', async () => {
    const [a, b] = await pair();
    const quota = 4 * 1024;
    const storeA = new RedisStateStore(a, { maxBytesPerOwner: quota });
    const storeB = new RedisStateStore(b, { maxBytesPerOwner: quota });
    const now = Date.now();
    storeA.put('k-first', 'payload one', now + 60_000, 'U1');
    // put() does not wait for Redis (the button reaches a person only after the reply is posted); a command behind
    // it on the same connection does.
    await a.client.ping();
    expect(await storeB.get('k-first', now)).toBe('payload one');

    // Incompressible states of about 1 KB each, alternating replicas: the owner's oldest go first.
    const noises = Array.from({ length: 20 }, () => randomBytes(700).toString('base64'));
    const noise = (i: number) => noises[i] ?? '';
    for (let i = 0; i < 10; i++) {
      (i % 2 ? storeA : storeB).put(`k${i}`, noise(i), now + 60_000, 'U1');
      await (i % 2 ? a : b).client.ping();
    }
    expect(await storeA.get('k-first', now)).toBeUndefined();
    expect(await storeA.get('k0', now)).toBeUndefined();
    expect(await storeB.get('k9', now)).toBe(noise(9));
    const bytes = Number(await a.client.hget(a.key('page:bytes'), 'o:U1'));
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(quota);
    // Someone else's state was never touched by U1's churn.
    storeA.put('k-other', 'theirs', now + 60_000, 'U2');
    for (let i = 10; i < 20; i++) storeA.put(`k${i}`, noise(i), now + 60_000, 'U1');
    await a.client.ping();
    expect(await storeB.get('k-other', now)).toBe('theirs');
    // Every key the store wrote expires.
    const keys = await a.client.keys(`${a.prefix}page:*`);
    for (const key of keys) expect(await a.client.pttl(key)).toBeGreaterThan(0);
  });

  it('paging: without Redis a state stays with the replica that made it', async () => {
    const [a] = await pair();
    const store = new RedisStateStore(a);
    await redis.kill();
    await expect.poll(() => a.isUp()).toBe(false);
    store.put('k-local', 'kept here', Date.now() + 60_000, 'U1');
    expect(await store.get('k-local', Date.now())).toBe('kept here');
    await redis.restart();
  });

  it('once: of two replicas seeing one event, exactly one hears "first"', async () => {
    const [a, b] = await pair();
    const onceA = sharedOnce(a, 'event');
    const onceB = sharedOnce(b, 'event');
    const answers = await Promise.all([onceA.firstSeen('C1:1.000', 60_000), onceB.firstSeen('C1:1.000', 60_000)]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await onceA.firstSeen('C1:2.000', 60_000)).toBe(true);
    expect(await a.client.pttl(a.key('event:C1:1.000'))).toBeGreaterThan(0);
  });

  it('rate limit: one allowance across replicas, with the wait in milliseconds', async () => {
    const [a, b] = await pair();
    const rate = { requests: 4, perMs: 60_000, burst: 2 };
    const limitA = new RedisRateLimiter(a, rate);
    const limitB = new RedisRateLimiter(b, rate);
    expect(await limitA.take('U1')).toEqual({ ok: true });
    expect(await limitB.take('U1')).toEqual({ ok: true });
    const refused = await limitA.take('U1');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterMs).toBeGreaterThan(14_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(15_000);
    }
    expect((await limitB.take('U1')).ok).toBe(false);
    expect(await limitB.take('U2')).toEqual({ ok: true });
  });

  it('Home: two replicas opening at once scan a region once; a newer lock fences off an older write', async () => {
    const [a, b] = await pair();
    const source = countingSource(150);
    const cacheA = new OverviewCache(source, { share: new RedisOverviewShare(a), sharePollMs: 20 });
    const cacheB = new OverviewCache(source, { share: new RedisOverviewShare(b), sharePollMs: 20 });
    const views = await Promise.all([
      ...Array.from({ length: 5 }, () => cacheA.overviews(['cn-hongkong', 'cn-shanghai'])),
      ...Array.from({ length: 5 }, () => cacheB.overviews(['cn-hongkong', 'cn-shanghai'])),
    ]);
    expect(Object.fromEntries(source.scans)).toEqual({ 'cn-hongkong': 1, 'cn-shanghai': 1 });
    // What the other replica shows came through Redis intact: counts, sessions and their dates.
    for (const [overview] of views) {
      expect(overview).toMatchObject({ region: 'cn-hongkong', ok: true, total: 1 });
      if (overview?.ok) {
        expect(overview.scannedAt).toBeInstanceOf(Date);
        expect(overview.financialLocked[0]?.createdAt).toEqual(new Date('2024-01-02T03:04:00Z'));
      }
    }

    const share = new RedisOverviewShare(a);
    const older = await share.lock('eu-central-1', 50);
    await new Promise((r) => setTimeout(r, 80));
    const newer = await share.lock('eu-central-1', 5_000);
    expect(older).toBeDefined();
    expect(newer).toBeGreaterThan(older ?? Number.POSITIVE_INFINITY);
    const failed = {
      region: 'eu-central-1',
      ok: false as const,
      error: new CloudError(CloudErrorCode.Timeout, 'The VPC API in eu-central-1 did not answer in time.', {
        region: 'eu-central-1',
      }),
      scannedAt: new Date(),
    };
    expect(await share.write('eu-central-1', failed, newer ?? 0, 5_000)).toBe(true);
    // The stalled replica's write comes late, under its lapsed lock: refused.
    expect(await share.write('eu-central-1', { ...failed, scannedAt: new Date(0) }, older ?? 0, 5_000)).toBe(false);
    const stored = await new RedisOverviewShare(b).read('eu-central-1');
    expect(stored?.overview.scannedAt.getTime()).toBe(failed.scannedAt.getTime());
    expect(stored?.overview.ok === false && stored.overview.error).toBeInstanceOf(CloudError);
  });

  it('Home: with Redis gone each replica scans for itself and still answers', async () => {
    const [a] = await pair();
    const source = countingSource(10);
    const cache = new OverviewCache(source, { share: new RedisOverviewShare(a) });
    await redis.kill();
    await expect.poll(() => a.isUp()).toBe(false);
    const [overview] = await cache.overviews(['cn-hongkong']);
    expect(overview).toMatchObject({ ok: true, total: 1 });
    expect(source.scans.get('cn-hongkong')).toBe(1);
    await redis.restart();
  });
});
