import { defineConfig } from 'vitest/config';

// Unit and integration tests run under Node. The e2e tests (tests/e2e) belong to Playwright.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // 2 cores on CI: more workers only thrash.
    maxWorkers: 2,
  },
});
