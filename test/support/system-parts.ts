/**
 * Tests that need a system part npm cannot install (Debian's Chromium, redis-server) declare it with `needs(part)`:
 * on a machine without the part only those tests are skipped, and the skip reporter (skip-reporter.ts) ends the run
 * with one loud line naming what was skipped and the command that enables it. CI sets MIRRORS_REQUIRE_SYSTEM_PARTS=1,
 * which turns every such skip into a failing test, so CI never passes by skipping.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export type SystemPart = 'chromium' | 'redis-server';

/** Set to 1 (as .ci/run does) and a missing part fails its tests instead of skipping them. */
const REQUIRE_SYSTEM_PARTS = 'MIRRORS_REQUIRE_SYSTEM_PARTS';

type Env = Readonly<Record<string, string | undefined>>;

/** What a missing part skipped: read back by the skip reporter from the suite's meta. */
export interface MissingPart {
  readonly part: SystemPart;
  /** What the skipped tests are, in the plural: "browser tests". */
  readonly tests: string;
  /** Why the part counts as missing: "/usr/bin/chromium not found". */
  readonly why: string;
  /** The exact command that installs it. */
  readonly enable: string;
}

declare module 'vitest' {
  interface TaskMeta {
    missingPart?: MissingPart;
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string, env: Env): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, command)));
}

interface PartSpec {
  readonly tests: string;
  readonly enable: string;
  /** Undefined when the part is there; otherwise why not. */
  readonly problem: (env: Env) => string | undefined;
}

const PARTS: Record<SystemPart, PartSpec> = {
  chromium: {
    tests: 'browser tests',
    enable: 'apt-get install -y chromium',
    // The same path test/e2e/helpers/browser.ts launches; playwright-core never downloads a browser here.
    problem: (env) => {
      const path = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      return executable(path) ? undefined : `${path} not found`;
    },
  },
  'redis-server': {
    tests: 'Redis tests',
    enable: 'apt-get install -y redis-server',
    problem: (env) => (onPath('redis-server', env) ? undefined : 'redis-server not found on PATH'),
  },
};

export type Decision =
  | { readonly mode: 'run' }
  | { readonly mode: 'skip'; readonly missing: MissingPart }
  | { readonly mode: 'fail'; readonly missing: MissingPart; readonly message: string };

/** Whether tests that need `part` run, skip, or fail, on this machine with this environment. */
export function decide(part: SystemPart, env: Env = process.env): Decision {
  const spec = PARTS[part];
  const why = spec.problem(env);
  if (why === undefined) return { mode: 'run' };
  const missing: MissingPart = { part, tests: spec.tests, why, enable: spec.enable };
  if (env[REQUIRE_SYSTEM_PARTS] === '1') {
    return {
      mode: 'fail',
      missing,
      message: `${REQUIRE_SYSTEM_PARTS}=1 and ${part} is missing: ${why}. Enable: ${spec.enable}`,
    };
  }
  return { mode: 'skip', missing };
}

export type Describe = (name: string, body: () => void) => void;

/**
 * `needs('chromium')('the console', () => { ... })`: the real `describe` when the part is there; otherwise the suite
 * is skipped and recorded for the skip reporter, or (under MIRRORS_REQUIRE_SYSTEM_PARTS=1) replaced by one failing
 * test whose message names the part and the command that installs it.
 */
export function needs(part: SystemPart, env: Env = process.env): Describe {
  const decision = decide(part, env);
  switch (decision.mode) {
    case 'run':
      return describe;
    case 'skip':
      return (name, body) => describe(name, { skip: true, meta: { missingPart: decision.missing } }, body);
    case 'fail':
      return (name) =>
        describe(name, () => {
          it(`needs ${part}`, () => {
            throw new Error(decision.message);
          });
        });
  }
}
