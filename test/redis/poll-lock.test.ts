import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { cappedBackoff } from '../../src/ops/backoff';
import { RedisConnection } from '../../src/redis/connection';
import { digest, RedisPollLock, WATCHES_PAUSED_MESSAGE } from '../../src/redis/poll-lock';
import { type RedisServer, startRedis } from '../support/redis';
import { needs } from '../support/system-parts';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

needs('redis-server')('RedisPollLock on a real Redis', () => {
  let redis: RedisServer;
  // Two replicas: each its own connection, as two pods would have.
  let a: RedisConnection;
  let b: RedisConnection;
  const lines: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const connect = (): RedisConnection => {
      const c = new RedisConnection(redis.url, {
        logger: createLogger('info', (line) => lines.push(line)),
        prefix: 'lock-test:',
        backoff: cappedBackoff(50, 300),
      });
      c.start();
      return c;
    };
    a = connect();
    b = connect();
    await until(() => a.isUp() && b.isUp());
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('gives a query to one replica at a time; the other gets it once released', async () => {
    const lockA = new RedisPollLock(
      a,
      createLogger('error', () => undefined),
    );
    const lockB = new RedisPollLock(
      b,
      createLogger('error', () => undefined),
    );
    const token = await lockA.acquire('q1', 10_000);
    expect(token).not.toBeNull();
    expect(await lockB.acquire('q1', 10_000)).toBeNull();
    // Another query is not held.
    expect(await lockB.acquire('q2', 10_000)).not.toBeNull();
    await lockA.release('q1', token as string);
    expect(await lockB.acquire('q1', 10_000)).not.toBeNull();
  });

  it('only the holder releases or extends: a stale token changes nothing', async () => {
    const lockA = new RedisPollLock(
      a,
      createLogger('error', () => undefined),
    );
    const lockB = new RedisPollLock(
      b,
      createLogger('error', () => undefined),
    );
    const token = (await lockA.acquire('q3', 10_000)) as string;
    await lockB.release('q3', 'not-the-token');
    expect(await lockB.extend('q3', 'not-the-token', 60_000)).toBe(false);
    expect(await lockB.acquire('q3', 10_000)).toBeNull();
    expect(await lockA.extend('q3', token, 60_000)).toBe(true);
    expect(await a.client.pttl(`lock-test:watch-lock:${digest('q3')}`)).toBeGreaterThan(10_000);
  });

  it('a holder that dies (never releases) stops blocking once the TTL runs out', async () => {
    const lockA = new RedisPollLock(
      a,
      createLogger('error', () => undefined),
    );
    const lockB = new RedisPollLock(
      b,
      createLogger('error', () => undefined),
    );
    const dead = (await lockA.acquire('q4', 300)) as string;
    expect(await lockB.acquire('q4', 10_000)).toBeNull();
    await new Promise((r) => setTimeout(r, 450));
    const taken = await lockB.acquire('q4', 10_000);
    expect(taken).not.toBeNull();
    // The dead holder, come back late, can neither free nor prolong what is now the other replica's.
    await lockA.release('q4', dead);
    expect(await lockA.extend('q4', dead, 60_000)).toBe(false);
    expect(await lockA.acquire('q4', 10_000)).toBeNull();
  });

  it('while Redis is away nobody polls, the log says so once, and the lock works again after', async () => {
    const lock = new RedisPollLock(
      a,
      createLogger('info', (line) => lines.push(line)),
    );
    await redis.kill();
    try {
      await until(() => !a.isUp());
      for (let i = 0; i < 5; i++) expect(await lock.acquire('q5', 10_000)).toBeNull();
      expect(lines.filter((l) => l.includes(WATCHES_PAUSED_MESSAGE))).toHaveLength(1);
    } finally {
      await redis.restart();
    }
    await until(() => a.isUp());
    expect(await lock.acquire('q5', 10_000)).not.toBeNull();
  });
});
