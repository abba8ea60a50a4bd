/** The system-part gate: skip where a part is missing, fail instead under MIRRORS_REQUIRE_SYSTEM_PARTS=1 (CI). */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipLines } from './skip-reporter';
import { decide, needs } from './system-parts';

const NO_CHROMIUM = { CHROMIUM_PATH: '/nonexistent/chromium' };

/** A directory holding an executable named `command`, to stand for a part on PATH. */
function dirWith(command: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'system-parts-'));
  writeFileSync(join(dir, command), '#!/bin/sh\n');
  chmodSync(join(dir, command), 0o755);
  return dir;
}

describe('a missing system part', () => {
  it('skips the tests that need it, saying what is missing and the command that installs it', () => {
    expect(decide('chromium', NO_CHROMIUM)).toEqual({
      mode: 'skip',
      missing: {
        part: 'chromium',
        tests: 'browser tests',
        why: '/nonexistent/chromium not found',
        enable: 'apt-get install -y chromium',
      },
    });
    expect(decide('redis-server', { PATH: '/nonexistent' })).toMatchObject({
      mode: 'skip',
      missing: { why: 'redis-server not found on PATH', enable: 'apt-get install -y redis-server' },
    });
  });

  it('fails them instead under MIRRORS_REQUIRE_SYSTEM_PARTS=1, as in CI, with the same facts in the message', () => {
    const decision = decide('chromium', { ...NO_CHROMIUM, MIRRORS_REQUIRE_SYSTEM_PARTS: '1' });
    expect(decision.mode).toBe('fail');
    expect(decision.mode === 'fail' && decision.message).toBe(
      'MIRRORS_REQUIRE_SYSTEM_PARTS=1 and chromium is missing: /nonexistent/chromium not found. ' +
        'Enable: apt-get install -y chromium',
    );
    expect(decide('redis-server', { PATH: '', MIRRORS_REQUIRE_SYSTEM_PARTS: '1' }).mode).toBe('fail');
  });

  it('only skips when the variable is anything but 1', () => {
    expect(decide('chromium', { ...NO_CHROMIUM, MIRRORS_REQUIRE_SYSTEM_PARTS: '0' }).mode).toBe('skip');
    expect(decide('chromium', { ...NO_CHROMIUM, MIRRORS_REQUIRE_SYSTEM_PARTS: '' }).mode).toBe('skip');
  });
});

describe('a present system part', () => {
  it('runs the tests, whatever the variable says', () => {
    // Any executable stands for Chromium here: the gate checks the path, the browser tests launch it.
    expect(decide('chromium', { CHROMIUM_PATH: process.execPath, MIRRORS_REQUIRE_SYSTEM_PARTS: '1' })).toEqual({
      mode: 'run',
    });
    expect(decide('redis-server', { PATH: `/nonexistent:${dirWith('redis-server')}` })).toEqual({ mode: 'run' });
  });

  it('hands back vitest’s own describe', () => {
    expect(needs('chromium', { CHROMIUM_PATH: process.execPath })).toBe(describe);
  });

  it('does not count a file that is there but not executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'system-parts-'));
    writeFileSync(join(dir, 'redis-server'), '');
    expect(decide('redis-server', { PATH: dir }).mode).toBe('skip');
  });
});

describe('the loud line at the end of a run', () => {
  it('counts the skipped tests per part, one line each', () => {
    const chromium = {
      part: 'chromium',
      tests: 'browser tests',
      why: '/usr/bin/chromium not found',
      enable: 'apt-get install -y chromium',
    } as const;
    const redis = {
      part: 'redis-server',
      tests: 'Redis tests',
      why: 'redis-server not found on PATH',
      enable: 'apt-get install -y redis-server',
    } as const;
    expect(skipLines([...Array(20).fill(chromium), redis, redis])).toEqual([
      'SKIPPED 20 browser tests: /usr/bin/chromium not found. Enable: apt-get install -y chromium',
      'SKIPPED 2 Redis tests: redis-server not found on PATH. Enable: apt-get install -y redis-server',
    ]);
  });

  it('is not printed when nothing was skipped', () => {
    expect(skipLines([])).toEqual([]);
  });
});
