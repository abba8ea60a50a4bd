/**
 * Installations on the shared Redis: plain GET/SET/DEL under the deployment's prefix, with no TTL (an installation
 * lasts until Slack says it was uninstalled). Bot tokens live here, so the Redis wants a password and TLS like any
 * secret store; Alibaba Cloud credentials never do.
 */
import type { InstallationRecords } from '../slack/oauth/record-installations';
import type { RedisConnection } from './connection';

export function redisInstallationRecords(connection: RedisConnection): InstallationRecords {
  return {
    get: async (key) => (await connection.client.get(connection.key(key))) ?? undefined,
    set: async (key, value) => {
      await connection.client.set(connection.key(key), value);
    },
    delete: async (key) => {
      await connection.client.del(connection.key(key));
    },
  };
}
