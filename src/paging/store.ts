/**
 * Server-side home for button state that is too large for Slack's 2000-character `value`
 * (e.g. `id:` with 100 session ids plus a token history). Entries expire and the store is bounded, so a flood of
 * clicks cannot grow memory without limit. It is per process: behind several replicas, a click that lands on
 * another replica finds nothing and gets the "expired" reply, which is safe.
 */
export interface StateStore {
  put(key: string, payload: string, expiresAt: number): void;
  get(key: string, now: number): string | undefined;
}

export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, { payload: string; expiresAt: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  put(key: string, payload: string, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { payload, expiresAt });
    // Map keeps insertion order: the first keys are the oldest.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get(key: string, now: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  get size(): number {
    return this.entries.size;
  }
}
