// Shared fixtures and helpers for the playground's end-to-end tests.
//
// The page's test hooks (a fixed contract: tests outside this repository rely on it too):
//   #app[data-ready="true"]                         the first evaluation is shown
//   select[data-testid="preset"]                    options' values are preset ids
//   textarea[data-testid="endpoint-policy"]         the VPC endpoint policy
//   textarea[data-testid="identity-policy"]         the selected principal's IAM policy
//   [data-testid="principal"][data-principal=NAME]  selects a principal
//   input[data-testid="via-endpoint"]               checkbox: calls travel through the endpoint
//   [data-testid="action-filter"]                   input: action pattern (sagemaker:Create*)
//   [data-testid="matrix"]                          cells carry data-principal, data-action,
//                                                   data-decision and data-blocked-by (layer
//                                                   names, space-separated; empty when allowed);
//                                                   data-stale="true" while the shown decisions
//                                                   are out of date
//   [data-testid="grid-progress"]                   while a large grid (over 60,000 cells) is
//                                                   decided in slices: a <progress> (aria-valuenow
//                                                   rows decided of aria-valuemax); the matrix is
//                                                   stale until it is gone
//   [data-testid="layer-tab"][data-layer=L]         opens layer L (rcps, scps, endpoint,
//                                                   resourcePolicy, identityPolicies,
//                                                   permissionsBoundary, sessionPolicy)
//   [data-testid="resource"][data-resource=NAME]    selects a resource
//   textarea[data-testid="resource-policy"]         the selected resource's policy
//   textarea[data-testid="boundary-policy"]         the selected principal's permissions boundary
//   textarea[data-testid="session-policy"]          the selected principal's session policy
//   textarea[data-testid="scp"][data-level=N]       an SCP of level N (0 = root) of the principal's
//                                                   account; "rcp" likewise, of the resource's
//   [data-testid="flow"]                            the explained cell's evaluation: one
//                                                   [data-layer=L][data-state=S] per layer, S one of
//                                                   allow, deny, no-allow, not-applicable
//   [data-testid="explanation"]                     the selected cell's explanation
//   [data-testid="diagnostic"]                      one diagnostic, its text includes `line N`; data-code, data-severity
//   [data-testid="share-link"]                      copies or shows the link to this state
//   [data-testid="load-error"]                      the URL fragment could not be loaded
//   [data-testid="network-tab"]                     the Network tab after the layer tabs; its
//                                                   content is [data-testid="network-panel"]
//                                                   (see tests/e2e/README.md for its tables)
//   input[data-testid="private-dns"]                beside the endpoint policy: private DNS of the
//                                                   network's endpoint with the panel's id
//   select[data-testid="principal-workload"]        the workload the selected principal calls from
//   input[type=file][data-testid="import"]          imports an AWS account's export (several pages;
//                                                   files dropped on main.playground too); then
//                                                   [data-testid="import-report"] (counts, problems)
//   [data-testid="who-can"]                         input [data-testid="who-can-action"], rows
//                                                   [data-testid="who-can-row"][data-principal=NAME]
//                                                   with data-decision (see tests/e2e/README.md)
// The whole state lives in the URL fragment (`#v2.…`; `#v1.…` links still open).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';

export { expect };

export const SEED_PRESET = 'sagemaker-api-exam';
export const PRESETS = [
  'sagemaker-api-exam',
  'sagemaker-network',
  's3-gateway-route-table',
  'sg-cannot-tell-principals',
  'deny-unless-endpoint',
  's3-gateway-principals',
  'forallvalues-sourcevpce-pitfall',
  'data-perimeter-org',
  's3-bucket-policy-requires-endpoint',
  'cross-account-bucket',
  'scp-region-guardrail',
  'rcp-org-perimeter',
  'boundary-caps-admin',
  'session-policy-narrows',
];
export const ACCOUNT = '111122223333';
export const arnOf = (user) => `arn:aws:iam::${ACCOUNT}:user/${user}`;
// A cell's `data-decision`: the policies' decision, or `Unreachable` when the call's network path
// stops it (presets with a network).
export const DECISIONS = ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', 'Unreachable'];

// Collects everything that counts as a page error in a browser context: console errors, uncaught
// exceptions and unhandled rejections (Rust panics land there too), and HTTP error responses.
function watchErrors(context, errors) {
  context.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push(`console.error: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  context.on('weberror', (err) => errors.push(`uncaught: ${err.error().stack || err.error().message}`));
  context.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()} for ${res.url()}`);
  });
}

export const test = base.extend({
  // Every test's context is watched; the test fails if anything was reported (requirement: no
  // console errors during any test).
  pageErrors: [
    async ({ context }, use) => {
      const errors = [];
      watchErrors(context, errors);
      await use(errors);
      expect(errors, 'console errors, uncaught exceptions or failed loads during the test').toEqual([]);
    },
    { auto: true },
  ],

  // Opens a page in a brand-new context (fresh profile: no shared storage with `page`), watched
  // for errors like the default one. Usage: `const other = await freshPage(url)`.
  freshPage: async ({ browser, contextOptions, viewport, baseURL }, use) => {
    const contexts = [];
    const errors = [];
    await use(async (url) => {
      const context = await browser.newContext({ ...contextOptions, viewport, baseURL });
      contexts.push(context);
      watchErrors(context, errors);
      const page = await context.newPage();
      await page.goto(url);
      await waitReady(page);
      return page;
    });
    for (const c of contexts) await c.close();
    expect(errors, 'console errors in the fresh page').toEqual([]);
  },
});

// Locators for the hooks.
export const hooks = (page) => ({
  app: page.locator('#app'),
  ready: page.locator('#app[data-ready="true"]'),
  preset: page.locator('select[data-testid="preset"]'),
  endpoint: page.locator('textarea[data-testid="endpoint-policy"]'),
  identity: page.locator('textarea[data-testid="identity-policy"]'),
  principal: (name) => page.locator(`[data-testid="principal"][data-principal="${name}"]`),
  viaEndpoint: page.locator('input[data-testid="via-endpoint"]'),
  actionFilter: page.locator('[data-testid="action-filter"]'),
  matrix: page.locator('[data-testid="matrix"]'),
  cells: page.locator('[data-testid="matrix"] [data-principal][data-action][data-decision]'),
  cell: (principal, action) =>
    page.locator(`[data-testid="matrix"] [data-principal="${principal}"][data-action="${action}"][data-decision]`),
  explanation: page.locator('[data-testid="explanation"]'),
  diagnostics: page.locator('[data-testid="diagnostic"]'),
  shareLink: page.locator('[data-testid="share-link"]'),
  loadError: page.locator('[data-testid="load-error"]'),
});

export async function waitReady(page) {
  await expect(page.locator('#app[data-ready="true"]')).toHaveCount(1, { timeout: 15_000 });
}

// Opens the playground (optionally with a fragment, e.g. '#v2.…') and waits for the first evaluation.
export async function openPlayground(page, fragment = '') {
  await page.goto(`/${fragment}`);
  await waitReady(page);
  return hooks(page);
}

// Waits until a cell shows the given decision.
export async function expectDecision(page, principal, action, decision) {
  await expect(hooks(page).cell(principal, action), `${principal} × ${action}`).toHaveAttribute(
    'data-decision',
    decision,
  );
}

// Every shown cell as { 'principal × action': decision }.
export async function decisionMap(page) {
  return page.locator('[data-testid="matrix"] [data-principal][data-action][data-decision]').evaluateAll((cells) =>
    Object.fromEntries(
      cells.map((c) => [`${c.dataset.principal} × ${c.dataset.action}`, c.dataset.decision]),
    ),
  );
}

// Replaces a textarea's whole text the way a paste would (one input event).
export async function replaceText(locator, text) {
  await locator.fill(text);
}

// Puts the caret of a textarea right after (or before) the first occurrence of `needle`.
export async function caretAt(locator, needle, { after = true } = {}) {
  const where = await locator.evaluate(
    (el, { needle, after }) => {
      const i = el.value.indexOf(needle);
      if (i < 0) return -1;
      const pos = after ? i + needle.length : i;
      el.focus();
      el.setSelectionRange(pos, pos);
      return pos;
    },
    { needle, after },
  );
  expect(where, `"${needle}" in the textarea`).toBeGreaterThanOrEqual(0);
}

// Types `text` at the caret as the user's last keystrokes (execCommand('insertText') fires the
// same input events as typing), then counts animation frames until `cellSelector` shows
// `decision`. Resolves to the number of frames it took (Infinity if not within `maxFrames`).
export async function typeAndCountFrames(page, locator, text, cellSelector, decision, maxFrames = 30) {
  await locator.focus();
  return page.evaluate(
    ({ text, cellSelector, decision, maxFrames }) =>
      new Promise((resolve) => {
        document.execCommand('insertText', false, text);
        let frames = 0;
        const tick = () => {
          const cell = document.querySelector(cellSelector);
          if (cell && cell.dataset.decision === decision) return resolve(frames);
          frames += 1;
          if (frames > maxFrames) return resolve(Infinity);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { text, cellSelector, decision, maxFrames },
  );
}

// Adds a stylesheet of the test's own to the page as a constructable stylesheet adopted by the
// document: the pages' Content-Security-Policy (no 'unsafe-inline') blocks a <style> element, as
// `page.addStyleTag` adds, but not the CSSOM.
export async function addPageStyle(page, css) {
  await page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, css);
}

// The URL fragment once it has not changed for 300 ms.
export async function settledHash(page) {
  let hash = new URL(page.url()).hash;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(300);
    const now = new URL(page.url()).hash;
    if (now === hash) return hash;
    hash = now;
  }
  throw new Error('the URL never settled');
}

const GENERATOR = fileURLToPath(new URL('../../bench/authz.mjs', import.meta.url));

// Imports account export files through the page's file input and waits for its report.
export async function importAccount(page, files) {
  await page.locator('input[type=file][data-testid="import"]').setInputFiles(files);
  await expect(page.getByTestId('import-report')).toBeVisible();
}

// The two pages of a generated export (10 users, 40 roles, 30 managed policies, 4 groups; the
// managed policy attached most is left out of `Policies`, so the report lists it).
export function generatedAccountPages() {
  const dir = mkdtempSync(join(tmpdir(), 'authz-'));
  try {
    execFileSync(process.execPath, [
      GENERATOR, '--roles', '40', '--users', '10', '--policies', '30', '--groups', '4',
      '--pages', '2', '--missing', '1', '--out', join(dir, 'authz.json'),
    ]);
    return [1, 2].map((n) => ({
      name: `authz-${n}.json`,
      mimeType: 'application/json',
      buffer: readFileSync(join(dir, `authz-${n}.json`)),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
