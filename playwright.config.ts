import { defineConfig } from '@playwright/test';
import { chromiumExecutable, CHROMIUM_ARGS } from './tests/e2e/chromium';

// End-to-end tests drive the real renderer in Debian's Chromium through the browser
// bridge (and the real Electron window where its binary is installed).
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  // A ceiling, not a wait: expectations poll for their state and pass as soon as it holds.
  // 5 s was too short for a board refresh on a loaded 2-core machine (issue 7, point 23).
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    headless: true,
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
    trace: 'off',
  },
});
