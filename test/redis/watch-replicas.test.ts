/**
 * Watches with two replicas over one real Redis, polling every second against the VPC stand-in: both replicas know
 * every watch, one change is told once (not once per replica), and when a replica goes away the other keeps polling.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { flattenBlockText, type StoredMessage } from '../../src/sandbox/slack';
import type { WireTrafficMirrorSession } from '../../src/sandbox/vpc';
import { type RedisServer, startRedis } from '../support/redis';
import { type Replicas, startReplicas } from '../support/replicas';
import { needs } from '../support/system-parts';

let redis: RedisServer;
let setup: Replicas;

needs('redis-server')('watches on two replicas sharing one Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
    setup = await startReplicas({ redisUrl: redis.url, regions: ['cn-hongkong'], watchIntervalSeconds: 1 });
  });

  afterAll(async () => {
    await setup?.stop();
    await redis?.stop();
  });

  const text = (m: StoredMessage) => flattenBlockText(m.blocks) || m.text;
  const session = (name: string): WireTrafficMirrorSession => {
    const found = setup.vpc.dataset.regions['cn-hongkong']?.find((s) => s.TrafficMirrorSessionName === name);
    if (!found) throw new Error(`no session ${name}`);
    return found;
  };
  /** Change messages about the finance tap: what the channel hears. */
  const told = (word: RegExp) =>
    setup.slack.messages({ fromBot: true }).filter((m) => /finance-ids-tap\b/.test(text(m)) && word.test(text(m)));
  /** Full scans of cn-hongkong (first pages), across both replicas. */
  const scans = () =>
    setup.vpc.requests.filter(
      (r) =>
        r.action === 'ListTrafficMirrorSessions' &&
        r.region === 'cn-hongkong' &&
        Object.keys(r.params).every((name) => name !== 'NextToken'),
    ).length;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function until<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  it('while Redis is away a watch command says the store is unreachable, and nothing crashes', async () => {
    await redis.kill();
    try {
      await until(() => (setup.replicas.every((r) => !r.redis.isUp()) ? true : undefined), 10_000, 'the loss');
      const before = setup.slack.messages({ fromBot: true }).length;
      await setup.slack.sendCommand('watches');
      const reply = await until(() => setup.slack.messages({ fromBot: true })[before], 10_000, 'the reply');
      expect(text(reply)).toMatch(/shared store is unreachable/);
      expect(text(reply)).not.toMatch(/redis:\/\/|127\.0\.0\.1|Error/);
    } finally {
      await redis.restart();
    }
    await until(() => (setup.replicas.every((r) => r.redis.isUp()) ? true : undefined), 15_000, 'the reconnect');
    for (const replica of setup.replicas) {
      expect(replica.lines.filter((l) => l.includes('watch poll could not run'))).toEqual([]);
    }
  });

  it('one change is told once in the channel, and the other replica takes over when one goes away', async () => {
    // The command reaches one replica; the watch lives in Redis, so the other learns of it at its next re-read.
    await setup.slack.sendCommand('watch cn-hongkong tag:FinanceDept');
    await until(() => (scans() >= 1 ? true : undefined), 10_000, 'the baseline poll');
    // Several intervals: both replicas now know the watch and have had their slots.
    const before = scans();
    await sleep(4_000);
    const perInterval = (scans() - before) / 4;
    // One scan per interval in all, not one per replica (without the shared lock this measured 1.75); a 4 s window
    // holds 4 or 5 slots.
    expect(perInterval).toBeGreaterThan(0);
    expect(perInterval).toBeLessThanOrEqual(1.25);
    expect(told(/disabled|enabled/)).toEqual([]);

    session('finance-ids-tap').Enabled = false;
    await until(() => told(/disabled/)[0], 10_000, 'the change message');
    // Both replicas keep polling: a second message would show up within a few intervals.
    await sleep(3_500);
    expect(told(/disabled/)).toHaveLength(1);

    // Whichever replica was polling, stop one: the survivor goes on.
    await setup.stopReplica(0);
    session('finance-ids-tap').Enabled = true;
    await until(() => told(/enabled/).filter((m) => !/disabled/.test(text(m)))[0], 10_000, 'the second change');
    await sleep(2_500);
    expect(told(/enabled/).filter((m) => !/disabled/.test(text(m)))).toHaveLength(1);
    expect(told(/disabled/)).toHaveLength(1);
  }, 60_000);
});
