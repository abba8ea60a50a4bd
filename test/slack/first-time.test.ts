import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstTimeWithin } from '../../src/slack/first-time';

afterEach(() => {
  vi.useRealTimers();
});

describe('the in-memory mention de-duplication', () => {
  it('lets go of mentions whose ten minutes are over even if Slack never sends them again', () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    let now = Date.parse('2026-01-01T00:00:00Z');
    const firstTime = firstTimeWithin(() => new Date(now));
    for (let n = 0; n < 500; n++) expect(firstTime(`mention:C0:${n}`)).toBe(true);
    now += 9 * 60_000;
    expect(firstTime('mention:C0:late')).toBe(true);
    now += 2 * 60_000;
    vi.advanceTimersByTime(60_000);
    // The 500 early ones are gone; the late one still has a minute to go and is still refused.
    expect(firstTime.held()).toBe(1);
    expect(firstTime('mention:C0:late')).toBe(false);
  });

  it('holds keys until the purge runs: without it, expired keys would stay until the cache is full', () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    let now = Date.parse('2026-01-01T00:00:00Z');
    const firstTime = firstTimeWithin(() => new Date(now));
    for (let n = 0; n < 50; n++) firstTime(`mention:C0:${n}`);
    now += 11 * 60_000;
    expect(firstTime.held()).toBe(50);
    vi.advanceTimersByTime(60_000);
    expect(firstTime.held()).toBe(0);
  });
});
