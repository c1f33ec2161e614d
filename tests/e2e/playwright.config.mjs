// Playwright configuration for the end-to-end tests of the built playground (dist/).
//
// Run through scripts/e2e.sh, which serves dist/ on 127.0.0.1 and sets E2E_BASE_URL. Extra
// arguments go to `playwright test`, e.g. `scripts/e2e.sh -g share` or
// `scripts/e2e.sh --update-snapshots` (writes the screenshot baselines under tests/e2e/screenshots/).
//
// The browser is Debian's chromium (/usr/bin/chromium, installed by scripts/setup.sh): Playwright's
// own browser downloads are never used (`npx playwright install` cannot work on these machines).
// Every test gets a fresh browser context, i.e. a fresh, empty profile.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.E2E_BASE_URL;
if (!baseURL) {
  throw new Error('E2E_BASE_URL is not set: run the end-to-end tests through scripts/e2e.sh');
}

// The flags that work on this machine kind (Debian's chromium, installed by scripts/setup.sh).
// Playwright adds its own headless flag as well; `--headless=new` is what Debian's chromium needs
// either way.
const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Same rendering whatever the machine: no subpixel text, sRGB colours (screenshot baseline).
  '--font-render-hinting=none',
  '--force-color-profile=srgb',
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: '../../target/e2e/results',
  // Screenshot baselines are committed next to the specs, one per test file and name, without the
  // platform suffix (every machine of this project is the same Debian + chromium).
  snapshotPathTemplate: '{testDir}/screenshots/{testFileName}/{arg}{ext}',
  // A missing baseline fails the test instead of being written silently: create baselines on
  // purpose with `scripts/e2e.sh --update-snapshots`.
  updateSnapshots: 'none',
  timeout: 30_000,
  expect: {
    timeout: 5_000,
    toHaveScreenshot: { animations: 'disabled', caret: 'hide', scale: 'css' },
  },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: Number(process.env.E2E_WORKERS || 2),
  reporter: [['list'], ['./summary-reporter.mjs']],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
    // A hook that is missing fails in seconds, not at the test timeout.
    actionTimeout: 5_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
});
