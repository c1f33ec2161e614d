// The pages locked down: every page of the built site carries the same strict
// Content-Security-Policy (a <meta>: the site is static), and each runs under it, exercised, with
// no violation reported: no `securitypolicyviolation` event (listened for from before the first
// script, in every frame and shadow root: the event is composed) and no CSP message in the
// console. At the end of each, a probe breaks the policy on purpose (an inline script) and must be
// reported and blocked: so the listener works and the policy is really enforced.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect, hooks, waitReady, settledHash } from './fixtures.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
// The site's files (embed.spec.mjs writes pages named `_snippet-test-…` into dist/ for a while).
const siteFiles = (re) => readdirSync(DIST).filter((f) => re.test(f) && !f.startsWith('_'));

// What the policy must say (issue 15): scripts from the site only (plus compiling wasm), no
// inline script or style, no plugins, no <base>, connections to the site only.
const REQUIRED = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
];

function policyOf(html) {
  const m = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
  return m ? m[1] : null;
}

test('every page of the built site carries the strict policy, before any script or style', () => {
  const pages = siteFiles(/\.html$/);
  expect(pages.sort()).toEqual(expect.arrayContaining(['checks.html', 'embed.html', 'index.html', 'notes.html']));
  for (const page of pages) {
    const html = readFileSync(DIST + page, 'utf8');
    const policy = policyOf(html);
    expect(policy, `${page}: no Content-Security-Policy`).not.toBeNull();
    for (const directive of REQUIRED) expect(policy.split(/\s*;\s*/), page).toContain(directive);
    expect(policy, page).not.toMatch(/unsafe-inline|'unsafe-eval'|\*|https?:|data:[^;]*(script|connect)/);
    // A <meta> policy only covers what comes after it: it must precede every script and style.
    const at = html.search(/<meta\s+http-equiv="Content-Security-Policy"/i);
    const firstResource = html.search(/<script|<link[^>]+rel="(stylesheet|modulepreload|preload)"|<style/i);
    expect(at, `${page}: the policy comes first`).toBeLessThan(firstResource);
    // No inline script (data blocks aside) and no inline style left in the shipped files.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/gi)];
    expect(inline.map((m) => m[0]), `${page}: inline scripts`).toEqual([]);
    expect(html, `${page}: inline styles`).not.toMatch(/<style|\sstyle="/i);
  }
});

test('the deployable build carries no development client (live reload, WebSocket)', () => {
  for (const file of siteFiles(/\.(html|js)$/)) {
    const text = readFileSync(DIST + file, 'utf8');
    expect(text, file).not.toMatch(/WebSocket|__trunk|autoreload|live-reload|TRUNK_ADDRESS/i);
  }
});

// Opens a context of its own (so that the deliberate probe's console error does not count as a
// page error of the suite) that records every CSP violation of every frame.
async function watchedPage(browser, baseURL) {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript(() => {
    window.__csp = [];
    window.addEventListener(
      'securitypolicyviolation',
      (e) => window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile || e.documentURI}:${e.lineNumber} ${e.sample || ''}`),
      true,
    );
  });
  const console = [];
  const errors = [];
  context.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) console.push(msg.text());
    else if (msg.type() === 'error') errors.push(msg.text());
  });
  context.on('weberror', (err) => errors.push(`uncaught: ${err.error().message}`));
  const page = await context.newPage();
  const violations = async () => {
    const events = [];
    for (const frame of page.frames()) events.push(...(await frame.evaluate(() => window.__csp ?? []).catch(() => [])));
    return [...events, ...console];
  };
  return { context, page, violations, errors };
}

// Breaks the policy on purpose: an inline script must be blocked and reported.
async function probe(page, violations) {
  const before = (await violations()).length;
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__probeRan = true;';
    document.head.append(s);
  });
  await expect.poll(async () => (await violations()).length, 'the probe is reported').toBeGreaterThan(before);
  expect(await page.evaluate(() => window.__probeRan ?? false), 'the inline probe ran').toBe(false);
}

const EXERCISES = {
  // The page: the grid, an explanation, workloads (the header's groups sized through the CSSOM),
  // the Network tab, and the windowed grid of every action (spacer rows sized through the CSSOM).
  'index.html': async (page) => {
    const h = hooks(page);
    await page.goto('/');
    await waitReady(page);
    await h.cells.first().click();
    await expect(h.explanation).toBeVisible();
    await h.preset.selectOption('sagemaker-network');
    await expect(h.cells.first()).toBeVisible();
    const group = page.locator('[data-testid="matrix"] tr.workloads th[data-columns]').first();
    await expect(group).toBeVisible();
    const { columns, basis, fontSize } = await group.evaluate((el) => ({
      columns: Number(el.dataset.columns),
      basis: getComputedStyle(el).flexBasis,
      fontSize: parseFloat(getComputedStyle(el).fontSize),
    }));
    expect(parseFloat(basis), `a group of ${columns} columns is ${columns} × 11em wide`).toBeCloseTo(columns * 11 * fontSize, 0);
    await h.cells.first().click();
    await expect(h.explanation).toBeVisible();
    await page.getByTestId('network-tab').click();
    await expect(page.getByTestId('network-panel')).toBeVisible();
    await h.actionFilter.fill('*');
    await expect(page.locator('[data-testid="matrix"] caption')).toContainText('actions');
    await page.locator('.grid-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    const spacers = page.locator('[data-testid="matrix"] tr.spacer');
    await expect(spacers).toHaveCount(2);
    for (const spacer of await spacers.all()) {
      const { want, got } = await spacer.evaluate((el) => ({ want: Number(el.dataset.height), got: el.getBoundingClientRect().height }));
      expect(want).toBeGreaterThan(0);
      expect(got, 'the spacer has the height of the rows it stands for').toBeCloseTo(want, 0);
    }
  },
  // The example page: four widgets (styles adopted by their shadow roots), an explanation, the
  // quiz, the exam question and the theme toggle.
  'notes.html': async (page) => {
    await page.goto('/notes.html');
    await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(4, { timeout: 15_000 });
    const sheets = await page.locator('[data-policy-playground]').evaluateAll((hosts) =>
      hosts.map((h) => ({ adopted: h.shadowRoot.adoptedStyleSheets.length, styles: h.shadowRoot.querySelectorAll('style').length })),
    );
    for (const s of sheets) expect(s).toEqual({ adopted: 1, styles: 0 });
    // The widget is styled: its editors are monospace, as components.css says.
    const font = await page.locator('[data-testid="widget-endpoint"] textarea').first().evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).toMatch(/mono/i);
    await page.locator('[data-testid="widget-identity"]').getByRole('button', { name: /why/i }).first().click();
    await expect(page.locator('[data-testid="widget-identity"] [data-testid="explanation"]')).toBeVisible();
    const quiz = page.locator('[data-testid="widget-quiz"] [data-testid="quiz-item"]');
    await quiz.nth(0).locator('[data-testid="quiz-answer"][data-answer="allowed"]').click();
    await page.getByTestId('exam-choice').first().check();
    await page.getByTestId('exam-check').click();
    await expect(page.getByTestId('exam-result')).toContainText('two steps');
    await page.getByTestId('exam-reveal').click();
    await expect(page.getByTestId('exam-feedback')).toHaveCount(5);
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('body')).toHaveClass(/dark|light/);
  },
  // The iframe embed, with the scenario of a share link, then a new link (hashchange).
  'embed.html': async (page) => {
    await page.goto('/');
    await waitReady(page);
    await hooks(page).preset.selectOption('deny-unless-endpoint');
    const hash = await settledHash(page);
    await page.goto(`/embed.html${hash}`);
    await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(1, { timeout: 15_000 });
    await page.locator('[data-policy-playground] [data-testid="matrix"] [data-decision]').first().click();
    await expect(page.locator('[data-policy-playground] [data-testid="explanation"]')).toBeVisible();
    await page.evaluate(() => (location.hash = '#v2.not-a-link'));
    await expect(page.locator('[data-policy-playground][data-error]')).toHaveCount(1, { timeout: 15_000 });
  },
  // Every check, read from the engine, and a link to one of them.
  'checks.html': async (page) => {
    await page.goto('/checks.html#MISSING_VERSION');
    await expect(page.getByTestId('check').first()).toBeVisible({ timeout: 15_000 });
    expect(await page.getByTestId('check').count()).toBeGreaterThan(20);
  },
};

for (const [name, exercise] of Object.entries(EXERCISES)) {
  test(`${name} runs under the policy with no violation`, async ({ browser, baseURL }) => {
    const { context, page, violations, errors } = await watchedPage(browser, baseURL);
    try {
      await exercise(page);
      expect(await policyOf(await page.content()), 'the page carries its policy').not.toBeNull();
      // Let anything late (lazy styles, timers) happen before judging.
      await page.waitForTimeout(300);
      expect(await violations(), `CSP violations on ${name}`).toEqual([]);
      expect(errors, `errors on ${name}`).toEqual([]);
      await probe(page, violations);
    } finally {
      await context.close();
    }
  });
}
