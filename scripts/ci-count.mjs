#!/usr/bin/env node
// Reads vitest's JSON report and prints the one line CI ends with: "N passed, M failed".
// numFailedTests alone misses a test file that fails before its tests run (an import that throws, a beforeAll that
// fails): vitest marks that file failed with no failed test in it. Each such file counts as one failure here, so a
// red run can never print "0 failed". No report at all (lint or typecheck stopped the run) is one failure too.
import { readFileSync } from 'node:fs';

/** @param {unknown} report vitest's JSON report, parsed */
function count(report) {
  if (typeof report !== 'object' || report === null) return { passed: 0, failed: 1 };
  const passed = Number(report.numPassedTests) || 0;
  let failed = Number(report.numFailedTests) || 0;
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  for (const file of files) {
    const tests = Array.isArray(file?.assertionResults) ? file.assertionResults : [];
    if (file?.status === 'failed' && !tests.some((test) => test?.status === 'failed')) failed += 1;
  }
  // A run that found no tests, or failed outside every file (an unhandled error), is not a pass.
  if (failed === 0 && (report.numTotalTests === 0 || report.success === false)) failed = 1;
  return { passed, failed };
}

let report;
try {
  report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/vitest.json', 'utf8'));
} catch {
  report = undefined;
}
const { passed, failed } = count(report);
console.log(`${passed} passed, ${failed} failed`);
