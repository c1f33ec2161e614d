// (k) and the harness itself: the browser is Debian's chromium, the page serves its hooks, and a
// console error does fail a test.
import { execFileSync } from 'node:child_process';
import { test, expect, openPlayground } from './fixtures.mjs';

test('the browser is the system chromium', async ({ browser }) => {
  const executable = process.env.CHROMIUM || '/usr/bin/chromium';
  const version = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const major = browser.version().split('.')[0];
  expect(version).toContain(` ${major}.`);
});

test('the page loads its own files and marks itself ready', async ({ page }) => {
  const h = await openPlayground(page);
  await expect(h.endpoint).toBeVisible();
  await expect(h.identity).toBeVisible();
  await expect(h.viaEndpoint).toBeVisible();
  await expect(h.matrix).toBeVisible();
  expect(await h.cells.count()).toBeGreaterThan(0);
});

test('self-check: a console error fails a test (listed as ✘, counted as passed)', async ({ page }) => {
  test.fail(true, 'on purpose: a console.error must make the test fail');
  await openPlayground(page);
  await page.evaluate(() => console.error('deliberate error from the harness self-check'));
});

test('self-check: an uncaught exception fails a test (listed as ✘, counted as passed)', async ({ page }) => {
  test.fail(true, 'on purpose: an uncaught exception must make the test fail');
  await openPlayground(page);
  await page.evaluate(() => setTimeout(() => { throw new Error('deliberate exception from the harness self-check'); }, 0));
  await page.waitForTimeout(100);
});
