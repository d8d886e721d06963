import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './playwright.config';

// The filter-change timing on a big data set (Berlin): `npm run bench`. Not part of
// `make test`; it prints its numbers.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.bench.ts',
  timeout: 600_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../build/test-artifacts/e2e/bench-results',
  use: { browserName: 'chromium', launchOptions: chromiumLaunch, locale: 'de-DE', actionTimeout: 10_000 },
});
