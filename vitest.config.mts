import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Tests run src/, but the console page is a browser bundle: build it first so the served page is current.
    globalSetup: ['test/global-setup.ts'],
    // Integration tests bind real ports and e2e tests spawn the built bot; keep the run predictable on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
  },
});
