import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, exitWithin, killAllChildren, spawnMain } from './helpers/sandbox-process';

/** `mirrors --check-config [path]` as a CI job runs it: no Slack settings, exit 0 or 1, nothing started. */
describe('--check-config', () => {
  let dir: string;
  const env = { PATH: process.env.PATH ?? '', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'mirrors-check-'));
  });
  afterAll(() => {
    killAllChildren();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints "ok: N accounts, M rules" and exits 0 for a good file', async () => {
    const file = path.join(dir, 'good.yml');
    writeFileSync(
      file,
      'accounts:\n  - name: prod\n    default: true\n  - name: finance\naccess:\n  - users: [U0ONE]\n',
    );
    const run = spawnMain(env, ['--check-config', file]);
    expect(await exitWithin(run, 20_000)).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toBe(`ok: 2 accounts, 1 rule (${file})\n`);
  });

  it('lists every problem on stderr and exits 1 for a bad file, with MIRRORS_CONFIG naming it', async () => {
    const file = path.join(dir, 'bad.yml');
    writeFileSync(file, 'acounts: []\naccess:\n  - users: [alice]\n');
    const run = spawnMain({ ...env, MIRRORS_CONFIG: file }, ['--check-config']);
    expect(await exitWithin(run, 20_000)).toEqual({ code: 1, signal: null });
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toMatch(/has 2 problems:\n {2}- acounts is not a known key: did you mean `accounts`\?\n/);
    expect(run.stderr()).toMatch(/users has "alice"/);
    expect(run.stderr()).not.toMatch(/ {4}at /);
  });
});
