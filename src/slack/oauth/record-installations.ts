/**
 * Installations over any string key-value store that all replicas share (Redis when REDIS_URL is set). Reads are
 * kept in a small in-process cache, so a replica that loses the store keeps answering the workspaces it has already
 * served; a workspace it has never seen waits for the store to return.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { installationKey, isInstallation, queryKey } from './keys';

/** The seam: a shared store of strings that never expire (an installation lives until it is uninstalled). */
export interface InstallationRecords {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

const NAMESPACE = 'installation:';

export class RecordInstallationStore implements InstallationStore {
  private readonly cache = new LRUCache<string, Installation>({ max: 10_000 });

  constructor(private readonly records: InstallationRecords) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const key = installationKey(installation);
    await this.records.set(NAMESPACE + key, JSON.stringify(installation));
    this.cache.set(key, installation);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const key = queryKey(query);
    let text: string | undefined;
    try {
      text = await this.records.get(NAMESPACE + key);
    } catch (error) {
      const known = this.cache.get(key);
      if (known) return known;
      throw error;
    }
    const installation: unknown = text === undefined ? undefined : JSON.parse(text);
    if (!isInstallation(installation)) {
      // Gone from the shared store (uninstalled, maybe through another replica): gone here too.
      this.cache.delete(key);
      throw new Error('no installation for this workspace');
    }
    this.cache.set(key, installation);
    return installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const key = queryKey(query);
    this.cache.delete(key);
    await this.records.delete(NAMESPACE + key);
  }
}
