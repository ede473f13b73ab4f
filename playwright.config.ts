import { defineConfig } from '@playwright/test';

// Berth's browser suite: Debian's Chromium (no browser download) driven by
// Playwright against the portal that `yarn start` serves. `./berth test` runs it.
const chromium = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  outputDir: 'e2e-test-report/results',
  reporter: [
    ['list'],
    ['json', { outputFile: 'e2e-test-report/results.json' }],
  ],
  // The portal as `./berth start` runs it, on the local clusters; the test
  // command stops the clusters afterwards.
  webServer: {
    command: 'node scripts/start/start-portal.mjs --keep-clusters',
    url: 'http://localhost:7007/api/berth/health',
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
