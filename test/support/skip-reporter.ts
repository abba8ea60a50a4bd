/**
 * Ends a run with one loud line per missing system part, e.g.
 * "SKIPPED 20 browser tests: /usr/bin/chromium not found. Enable: apt-get install -y chromium".
 * The skipped suites carry what was missing in their meta (system-parts.ts `needs`).
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { MissingPart } from './system-parts';

function missingPartOf(test: TestCase): MissingPart | undefined {
  if (test.meta().missingPart) return test.meta().missingPart;
  let parent = test.parent;
  while (parent.type === 'suite') {
    const found = parent.meta().missingPart;
    if (found) return found;
    parent = parent.parent;
  }
  return undefined;
}

/** The loud lines for a run: one per part, counting the tests it skipped. Empty when nothing was skipped. */
export function skipLines(skipped: readonly MissingPart[]): string[] {
  const byPart = new Map<string, { missing: MissingPart; count: number }>();
  for (const missing of skipped) {
    const entry = byPart.get(missing.part) ?? { missing, count: 0 };
    entry.count += 1;
    byPart.set(missing.part, entry);
  }
  return [...byPart.values()].map(
    ({ missing, count }) => `SKIPPED ${count} ${missing.tests}: ${missing.why}. Enable: ${missing.enable}`,
  );
}

export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: MissingPart[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) {
        const missing = missingPartOf(test);
        if (missing) skipped.push(missing);
      }
    }
    const lines = skipLines(skipped);
    if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n\n`);
  }
}
