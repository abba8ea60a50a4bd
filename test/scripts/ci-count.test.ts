/**
 * scripts/ci-count.mjs, the last line of .ci/run: a red run must never read "0 failed". Driven as CI drives it, with
 * vitest JSON reports recorded from real runs (test/fixtures/vitest-reports/).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'vitest-reports');

function countLine(reportPath: string): string {
  return execFileSync(process.execPath, [join(root, 'scripts', 'ci-count.mjs'), reportPath], { encoding: 'utf8' });
}

function reportFile(report: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ci-count-')), 'vitest.json');
  writeFileSync(path, JSON.stringify(report));
  return path;
}

describe('the CI count line', () => {
  it('counts a test file that throws at import as failed, though vitest reports 0 failed tests', () => {
    // Recorded: one file throws at import, another passes 11 tests; numFailedTests is 0.
    expect(countLine(join(fixtures, 'load-failure.json'))).toBe('11 passed, 1 failed\n');
  });

  it('counts a failed test once, and a file whose beforeAll threw (its tests skipped) as one more', () => {
    expect(countLine(join(fixtures, 'assertion-and-hook-failures.json'))).toBe('1 passed, 2 failed\n');
  });

  it('reads a green run as it is', () => {
    const green = {
      numPassedTests: 3,
      numFailedTests: 0,
      numTotalTests: 3,
      success: true,
      testResults: [{ status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] }],
    };
    expect(countLine(reportFile(green))).toBe('3 passed, 0 failed\n');
  });

  it('calls a run that found no tests, or failed outside every file, a failure', () => {
    const empty = { numPassedTests: 0, numFailedTests: 0, numTotalTests: 0, success: true, testResults: [] };
    expect(countLine(reportFile(empty))).toBe('0 passed, 1 failed\n');
    const unhandled = { numPassedTests: 2, numFailedTests: 0, numTotalTests: 2, success: false, testResults: [] };
    expect(countLine(reportFile(unhandled))).toBe('2 passed, 1 failed\n');
  });

  it('calls a missing or unreadable report one failure (lint or typecheck stopped the run)', () => {
    expect(countLine(join(fixtures, 'no-such-report.json'))).toBe('0 passed, 1 failed\n');
    const garbled = join(mkdtempSync(join(tmpdir(), 'ci-count-')), 'vitest.json');
    writeFileSync(garbled, '{"numPassedTests": 4,');
    expect(countLine(garbled)).toBe('0 passed, 1 failed\n');
  });
});
