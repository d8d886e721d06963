import { defineConfig } from '@playwright/test';

// Browser tests against the real binary (build/bin/kitaportal serve) in the Chromium
// that Debian installs. Never downloads a browser.
export const chromiumLaunch = {
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  reporter: [['list']],
  outputDir: '../build/test-artifacts/e2e/results',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    actionTimeout: 10_000,
    trace: 'retain-on-failure',
  },
});
