import { defineConfig } from 'vitest/config';

// Three layers, each runnable alone (npm run test:unit | test:integration | test:e2e); `vitest run` runs all three.
// unit: pure code and in-process fakes, the fast inner loop. integration: a real Bolt receiver, the stand-ins and
// other servers on loopback ports. e2e: the built bot as a child process, Chromium, the Dockerfile replay.
export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    // Integration tests bind real ports and e2e tests spawn the built bot; keep the run predictable on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
    // The skip reporter ends the run with one loud line per missing system part (test/support/system-parts.ts).
    reporters: ['default', './test/support/skip-reporter.ts'],
    // npm run coverage: the bot's own code only; the report lands in coverage/ (git-ignored).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'html'],
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/*.test.ts',
            'test/{query,views,paging,cloud}/**/*.test.ts',
            'test/support/**/*.test.ts',
            'test/scripts/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/{slack,sandbox,packaging}/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] },
      },
    ],
  },
});
