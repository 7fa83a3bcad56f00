import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath, firefoxPath } from './test/engines/debian-browsers.js';

// Debian's browsers (test/engines/debian-browsers.ts). WebKit runs through
// WebKitGTK's WebDriver instead (test/engines/webkit.ts). The count reporter
// fails the run when a project registered no test or a test got no outcome.

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // The OpenTelemetry package sets, installed once before the workers start.
  globalSetup: './e2e/global-setup.ts',
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['./test/engines/playwright-counts.ts']],
  projects: [
    {
      name: 'chromium',
      use: { browserName: 'chromium', launchOptions: { executablePath: chromiumPath, args: chromiumArgs } },
    },
    {
      name: 'firefox',
      use: {
        browserName: 'firefox',
        channel: 'moz-firefox',
        launchOptions: { executablePath: firefoxPath },
      },
    },
  ],
});
