import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { cappedBackoff } from '../../src/ops/backoff';
import { DEGRADED_MESSAGE, RECOVERED_MESSAGE, RedisConnection } from '../../src/redis/connection';
import { type KeyValueWithTtl, MemoryKeyValue, RedisKeyValue } from '../../src/redis/kv';
import { type RedisServer, startRedis } from '../support/redis';
import { needs } from '../support/system-parts';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The contract both stores keep; run against each. */
function contract(name: string, make: () => KeyValueWithTtl) {
  describe(name, () => {
    it('stores a value until its TTL runs out', async () => {
      const kv = make();
      await kv.set('a', 'one', 150);
      expect(await kv.get('a')).toBe('one');
      await new Promise((r) => setTimeout(r, 300));
      expect(await kv.get('a')).toBeUndefined();
    });

    it('writes only the first of two set-if-absent calls', async () => {
      const kv = make();
      expect(await kv.setIfAbsent('lock', 'first', 5_000)).toBe(true);
      expect(await kv.setIfAbsent('lock', 'second', 5_000)).toBe(false);
      expect(await kv.get('lock')).toBe('first');
      await kv.delete('lock');
      expect(await kv.setIfAbsent('lock', 'third', 5_000)).toBe(true);
    });

    it('counts within a window that the first increment opened', async () => {
      const kv = make();
      expect(await kv.incr('count', 200)).toBe(1);
      expect(await kv.incr('count', 200)).toBe(2);
      expect(await kv.incr('count', 200)).toBe(3);
      await new Promise((r) => setTimeout(r, 350));
      expect(await kv.incr('count', 200)).toBe(1);
    });

    it('refuses a write without a TTL', async () => {
      const kv = make();
      await expect(kv.set('x', 'y', 0)).rejects.toThrow(/TTL/);
      await expect(kv.incr('x', Number.NaN)).rejects.toThrow(/TTL/);
    });
  });
}

contract('in-process store', () => new MemoryKeyValue());

needs('redis-server')('a real Redis', () => {
  let redis: RedisServer;
  let connection: RedisConnection;
  const lines: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    connection = new RedisConnection(redis.url, {
      logger: createLogger('info', (line) => lines.push(line)),
      prefix: 'test:',
      backoff: cappedBackoff(50, 300),
    });
    connection.start();
    await until(() => connection.isUp());
  });

  afterAll(async () => {
    await connection?.stop();
    await redis?.stop();
  });

  let n = 0;
  contract('Redis store', () => {
    // Each test its own key space, so tests do not see each other's keys.
    n += 1;
    const scoped = new RedisKeyValue(connection);
    const prefix = `t${n}:`;
    return {
      get: (k) => scoped.get(prefix + k),
      set: (k, v, t) => scoped.set(prefix + k, v, t),
      setIfAbsent: (k, v, t) => scoped.setIfAbsent(prefix + k, v, t),
      delete: (k) => scoped.delete(prefix + k),
      incr: (k, t) => scoped.incr(prefix + k, t),
    };
  });

  it('keeps every key under the prefix, each with a TTL', async () => {
    const kv = new RedisKeyValue(connection);
    await kv.set('ttl-check', 'v', 60_000);
    await kv.incr('ttl-count', 60_000);
    expect(await connection.client.get('test:ttl-check')).toBe('v');
    for (const key of await connection.client.keys('*')) {
      expect(key.startsWith('test:')).toBe(true);
      expect(await connection.client.pttl(key)).toBeGreaterThan(0);
    }
  });

  it('shares state between two replicas', async () => {
    const a = new RedisKeyValue(connection);
    const b = new RedisKeyValue(connection, new MemoryKeyValue());
    expect(await a.setIfAbsent('scan:cn-hongkong', 'replica-a', 5_000)).toBe(true);
    expect(await b.setIfAbsent('scan:cn-hongkong', 'replica-b', 5_000)).toBe(false);
  });

  it('keeps working while Redis is down, says so once, and recovers by itself', async () => {
    const kv = new RedisKeyValue(connection);
    await kv.set('before', 'shared', 60_000);
    lines.length = 0;

    await redis.kill();
    await until(() => !connection.isUp());
    expect(connection.health()).toMatchObject({ ready: false });
    // Operations are answered from the process while Redis is away.
    await kv.set('during', 'local', 60_000);
    expect(await kv.get('during')).toBe('local');
    expect(await kv.incr('hits', 60_000)).toBe(1);
    expect(await kv.incr('hits', 60_000)).toBe(2);
    // Several reconnect attempts fail meanwhile.
    await new Promise((r) => setTimeout(r, 1_000));

    await redis.restart();
    await until(() => connection.isUp());
    expect(connection.health()).toEqual({ ready: true });
    await kv.set('after', 'shared-again', 60_000);
    expect(await connection.client.get('test:after')).toBe('shared-again');

    const degraded = lines.filter((l) => l.includes(DEGRADED_MESSAGE));
    const recovered = lines.filter((l) => l.includes(RECOVERED_MESSAGE));
    expect(degraded).toHaveLength(1);
    expect(recovered).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('    at ');
  });
});
