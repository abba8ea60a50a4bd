import { describe, expect, it } from 'vitest';
import { MemoryReplayGuard } from '../../../src/slack/guard/replay';

describe('MemoryReplayGuard', () => {
  it('says yes once per key within its time, and yes again once that time is over', async () => {
    const guard = new MemoryReplayGuard();
    expect(await guard.firstSeen('v0=abc#0', 50)).toBe(true);
    expect(await guard.firstSeen('v0=abc#0', 50)).toBe(false);
    expect(await guard.firstSeen('v0=abc#1', 50)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await guard.firstSeen('v0=abc#0', 50)).toBe(true);
  });

  it('lets go of keys whose time is over even if nobody asks for them again', async () => {
    const guard = new MemoryReplayGuard({ purgeEveryMs: 20 });
    for (let i = 0; i < 100; i++) expect(await guard.firstSeen(`v0=${i}#0`, 30)).toBe(true);
    expect(await guard.firstSeen('v0=late#0', 60_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(guard.size).toBe(1);
  });

  it('holds a bounded number of keys, forgetting the oldest first', async () => {
    const guard = new MemoryReplayGuard({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) expect(await guard.firstSeen(key, 60_000)).toBe(true);
    expect(await guard.firstSeen('c', 60_000)).toBe(false);
    expect(await guard.firstSeen('a', 60_000)).toBe(true);
  });
});
