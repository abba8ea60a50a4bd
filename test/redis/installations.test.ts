import type { Installation } from '@slack/bolt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { cappedBackoff } from '../../src/ops/backoff';
import { RedisConnection } from '../../src/redis/connection';
import { redisInstallationRecords } from '../../src/redis/installations';
import { RecordInstallationStore } from '../../src/slack/oauth/record-installations';
import { type RedisServer, startRedis } from '../support/redis';
import { needs } from '../support/system-parts';

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const install = (team: string, token: string): Installation => ({
  team: { id: team },
  enterprise: undefined,
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { token, scopes: ['commands'], id: 'B1', userId: 'U0BOT' },
  isEnterpriseInstall: false,
  authVersion: 'v2',
});
const team = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false as const });

needs('redis-server')('installations on a real Redis', () => {
  let redis: RedisServer;
  const connections: RedisConnection[] = [];
  const connect = async (): Promise<RedisConnection> => {
    const connection = new RedisConnection(redis.url, {
      logger: createLogger('error', () => undefined),
      prefix: 'inst-test:',
      backoff: cappedBackoff(50, 300),
    });
    connections.push(connection);
    connection.start();
    await until(() => connection.isUp());
    return connection;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of connections) await c.stop();
    await redis?.stop();
  });

  it('installs on one replica, answers on another, survives a Redis outage for known workspaces, and uninstalls everywhere', async () => {
    const a = new RecordInstallationStore(redisInstallationRecords(await connect()));
    const bConnection = await connect();
    const b = new RecordInstallationStore(redisInstallationRecords(bConnection));
    await a.storeInstallation(install('T1', 'xoxb-one'));
    await a.storeInstallation(install('T2', 'xoxb-two'));
    expect((await b.fetchInstallation(team('T1'))).bot?.token).toBe('xoxb-one');
    expect(await bConnection.client.ttl('inst-test:installation:team:T1')).toBe(-1);

    await redis.kill();
    await until(() => !bConnection.isUp());
    expect((await b.fetchInstallation(team('T1'))).bot?.token).toBe('xoxb-one');
    await expect(b.fetchInstallation(team('T2'))).rejects.toThrow();

    await redis.restart();
    await until(() => bConnection.isUp() && connections.every((c) => c.isUp()));
    // The restarted Redis is empty (nothing was saved): an install is needed again, and b no longer answers T1.
    await expect(b.fetchInstallation(team('T1'))).rejects.toThrow(/no installation/);
    await a.storeInstallation(install('T1', 'xoxb-again'));
    await a.deleteInstallation(team('T1'));
    await expect(b.fetchInstallation(team('T1'))).rejects.toThrow(/no installation/);
  });
});
