import { defineConfig } from 'vitest/config';

// Three layers, each runnable alone (npm run test:unit | test:integration | test:e2e); `vitest run` runs all three.
// unit: pure code and in-process fakes, the fast inner loop. integration: a real Bolt receiver, the stand-ins and
// other servers on loopback ports. e2e: the built bot as a child process, Chromium, the Dockerfile replay.
const INTEGRATION = ['test/{slack,sandbox,packaging,redis,ops}/**/*.test.ts'];
const E2E = ['test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    // Tests run src/, but the console page is a browser bundle: build it first so the served page is current.
    globalSetup: ['test/global-setup.ts'],
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
          // Everything that is not integration or e2e, so a new test folder can never fall outside every layer.
          include: ['test/**/*.test.ts'],
          exclude: [...INTEGRATION, ...E2E],
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E },
      },
    ],
  },
});
