// Accessibility: axe-core (pinned in the root package.json) checks every page of the site, in the
// light and the dark colour scheme (contrast differs), with its default rules (WCAG 2 A and AA and
// best practices; none disabled): the playground as it opens, with a cell explained (the flow is
// drawn) and with every layer tab open; the example page with its live widgets (and its own theme
// toggle); the iframe embed of a share link. axe's source is injected into the page
// (`addScriptTag({content})`): nothing is fetched, so the suite's no-request rule holds. That is an
// inline script, which the pages' Content-Security-Policy blocks: these tests bypass the policy
// (csp.spec.mjs runs the same pages under it).
//
// Also: in the dark scheme the page is dark with light text, and from 1280 px wide down to a
// tablet (1024, 768) the page never scrolls sideways and its key controls stay visible and usable.
import { createRequire } from 'node:module';
import { test, expect, openPlayground, expectDecision, replaceText, caretAt, PRESETS, settledHash, generatedAccountPages } from './fixtures.mjs';

test.use({ bypassCSP: true });

const axeSource = createRequire(import.meta.url)('axe-core').source;
const CREATE = 'sagemaker:CreateTrainingJob';
const LAYERS = ['rcps', 'scps', 'endpoint', 'resourcePolicy', 'identityPolicies', 'permissionsBoundary', 'sessionPolicy'];
const layerTab = (page, layer) => page.locator(`[data-testid="layer-tab"][data-layer="${layer}"]`);

// Runs axe on the whole document (open shadow roots included) and fails with every violation:
// its rule, impact, help and the nodes it was found on.
async function expectNoViolations(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  const report = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 8).map((n) => `    ${n}`).join('\n')}${v.nodes.length > 8 ? `\n    … ${v.nodes.length - 8} more` : ''}`)
    .join('\n');
  expect(violations.length, `axe violations on ${where}:\n${report}`).toBe(0);
}

// The relative luminance (0 black … 1 white) of the text and of the background really behind it
// (the first nearly opaque one up the tree, across shadow roots) of each element `selector` finds
// first, in the page and in open shadow roots.
function schemeOf(page, selectors) {
  return page.evaluate((selectors) => {
    const parse = (css) => {
      const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number);
      return { r, g, b, a: css.startsWith('rgba') ? a : 1 };
    };
    const luminance = ({ r, g, b }) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return Math.round((0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)) * 100) / 100;
    };
    const up = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
    const background = (el) => {
      for (let e = el; e; e = up(e)) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.a >= 0.9) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 }; // no background anywhere: the canvas is white
    };
    const find = (selector) => {
      const hit = document.querySelector(selector);
      if (hit) return hit;
      for (const host of document.querySelectorAll('[data-policy-playground]')) {
        const inner = host.shadowRoot && host.shadowRoot.querySelector(selector);
        if (inner) return inner;
      }
      return null;
    };
    return Object.fromEntries(
      selectors.map((selector) => {
        const el = find(selector);
        if (!el) return [selector, null];
        // A coloured editor's textarea text is transparent: what is read is its backdrop's text.
        const painted =
          el.tagName === 'TEXTAREA' && parse(getComputedStyle(el).color).a < 0.1
            ? el.parentElement.querySelector('.backdrop') || el
            : el;
        return [selector, { text: luminance(parse(getComputedStyle(painted).color)), background: luminance(background(el)) }];
      }),
    );
  }, selectors);
}

// Every element dark with light text.
function expectDark(found, where) {
  for (const [selector, look] of Object.entries(found)) {
    expect(look, `${where}: ${selector} is shown`).not.toBeNull();
    expect(look.background, `${where}: ${selector}'s background is dark`).toBeLessThan(0.05);
    expect(look.text, `${where}: ${selector}'s text is light`).toBeGreaterThan(0.6);
  }
}

test('dark scheme: every page is dark with light text', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const h = await openPlayground(page);
  await h.cells.first().click();
  await expect(h.explanation).toBeVisible();
  expectDark(
    await schemeOf(page, ['body', 'textarea[data-testid="endpoint-policy"]', '[data-testid="matrix"] thead th', '[data-testid="matrix"] tbody th', '[data-testid="explanation"] p', '[data-testid="layer-tab"]', 'select[data-testid="preset"]', '.lesson']),
    'index.html',
  );
  await h.viaEndpoint.uncheck();
  const fragment = await settledHash(page);
  await page.goto('/notes.html');
  await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(4, { timeout: 15_000 });
  // The quiz answered and the exam question checked: their results are dark with light text too.
  await page.locator('[data-testid="widget-quiz"] [data-testid="quiz-answer"][data-answer="denied"]').first().click();
  await page.locator('[data-testid="exam-reveal"]').click();
  expectDark(await schemeOf(page, ['body', 'h1', 'code', 'textarea', '.pp-head', '[data-testid="quiz-result"]', '.pp-quiz-answer', '[data-testid="exam-feedback"]']), 'notes.html');
  await page.goto(`/embed.html${fragment}`);
  await expect(page.locator('[data-policy-playground]')).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  expectDark(await schemeOf(page, ['body', 'textarea', '.pp-head', '[data-testid="matrix"] thead th']), 'embed.html');
});

for (const scheme of ['light', 'dark']) {
  test.describe(`a11y, ${scheme} scheme`, () => {
    // axe checks the contrast of every rendered grid cell (about 2,000 on the playground): a run
    // takes seconds on a busy machine, and these tests make several.
    test.describe.configure({ timeout: 120_000 });
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
    });

    test(`axe: the playground as it opens, and with a cell explained (${scheme})`, async ({ page }) => {
      await openPlayground(page);
      await expectNoViolations(page, 'the playground');
      await page.locator(`[data-testid="matrix"] [data-principal="specific-user"][data-action="${CREATE}"]`).click();
      await expect(page.locator('[data-testid="flow"]')).toBeVisible();
      await expectNoViolations(page, 'the playground with a cell explained');
      // The grid pivoted on that action: principals × resources.
      await page.locator('[data-testid="pivot-open"]').click();
      await expect(page.locator('[data-testid="pivot"]')).toBeVisible();
      await expectNoViolations(page, 'the grid pivoted on one action');
    });

    test(`axe: the playground with each layer tab open (${scheme})`, async ({ page }) => {
      const h = await openPlayground(page);
      // A preset with an organization (SCP and RCP levels) and resources.
      await h.preset.selectOption('rcp-org-perimeter');
      await expect(h.cells.first()).toBeVisible();
      for (const layer of LAYERS) {
        await layerTab(page, layer).click();
        await expect(layerTab(page, layer)).toHaveAttribute('aria-selected', 'true');
        await expectNoViolations(page, `the playground, layer tab ${layer}`);
      }
    });

    test(`axe: the network tab, without and with a network, an invalid value and broken JSON (${scheme})`, async ({ page }) => {
      await openPlayground(page);
      await page.getByTestId('network-tab').click();
      await expect(page.getByTestId('network-add')).toBeVisible();
      await expectNoViolations(page, 'the network tab without a network');
      await page.getByTestId('network-add').click();
      await expect(page.locator('[data-testid="network-workload"][data-workload="notebook"]')).toBeVisible();
      await page.getByRole('textbox', { name: 'source range of inbound rule 100 of acl-default' }).fill('10.0.0.0/33');
      await expect(page.getByTestId('network-cell-error')).toBeVisible();
      await page.getByTestId('network-json').fill('{"region": }');
      await expect(page.getByTestId('network-json-error')).toBeVisible();
      await page.locator('.principal-details summary').click();
      await expect(page.getByTestId('principal-workload')).toBeVisible();
      await expectNoViolations(page, 'the network tab with a network, an invalid value and broken JSON');
    });

    test(`axe: every preset, a cell explained (${scheme})`, async ({ page }) => {
      const h = await openPlayground(page);
      for (const id of PRESETS) {
        await h.preset.selectOption(id);
        await expect(h.preset).toHaveValue(id);
        await h.cells.first().click();
        await expect(page.locator('[data-testid="explanation"]')).toBeVisible();
        await expectNoViolations(page, `the playground, preset ${id}`);
      }
    });

    test(`axe: the playground's other states (${scheme})`, async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      // A link that could not be opened: the error banner.
      const h = await openPlayground(page, '#v1.@@@');
      await expect(h.loadError).toBeVisible();
      await expectNoViolations(page, 'the playground with a load error');
      // The share link banner, a principal's details open.
      await h.shareLink.click();
      await expect(page.locator('#share-url')).toBeVisible();
      await page.locator('.principal-details summary').click();
      await expectNoViolations(page, 'the playground with the share link and principal details');
      // A warning and an error in the editors; the grid kept, stale.
      await replaceText(h.identity, (await h.identity.inputValue()).replace(CREATE, `${CREATE}s`));
      await replaceText(h.endpoint, '{ "Version": "2012-10-17", ');
      await expect(h.matrix).toHaveAttribute('data-stale', 'true');
      await expect(h.diagnostics).toHaveCount(2);
      await expectNoViolations(page, 'the playground with diagnostics and a stale grid');
    });

    test(`axe: the playground offering completions (${scheme})`, async ({ page }) => {
      const h = await openPlayground(page);
      // Completions of an action name while it is typed.
      await replaceText(h.identity, (await h.identity.inputValue()).replace(CREATE, 'sagemaker:CreateTr'));
      await caretAt(h.identity, 'sagemaker:CreateTr');
      await page.keyboard.type('a');
      await expect(page.locator('[data-testid="completions"] button').first()).toBeVisible();
      await expectNoViolations(page, 'the playground with completions');
    });

    test(`axe: the grid of every action, windowed (${scheme})`, async ({ page }) => {
      const h = await openPlayground(page);
      await h.actionFilter.fill('*');
      await expect(page.locator('[data-testid="matrix"] caption')).toContainText('22091 actions');
      await expectNoViolations(page, 'the windowed grid, at its top');
      // Scrolled to the middle: spacer rows above and below the rendered window.
      await page.locator('.grid-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await expect(page.locator('[data-testid="matrix"] tr.spacer')).toHaveCount(2);
      await expectNoViolations(page, 'the windowed grid, scrolled');
    });

    test(`axe: the example page and its widgets (${scheme})`, async ({ page }) => {
      await page.goto('/notes.html');
      await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(4, { timeout: 15_000 });
      await expectNoViolations(page, 'notes.html');
      // A widget's explanation ("why?"); the quiz answered right, wrong and revealed; the exam
      // question checked with a wrong pick; then the page's own theme toggle.
      await page.locator('[data-testid="widget-identity"]').getByRole('button', { name: /why/i }).first().click();
      await expect(page.locator('[data-testid="widget-identity"] [data-testid="explanation"]')).toBeVisible();
      const quiz = page.locator('[data-testid="widget-quiz"]');
      const items = quiz.locator('[data-testid="quiz-item"]');
      await items.nth(0).locator('[data-testid="quiz-answer"][data-answer="allowed"]').click();
      await items.nth(1).locator('[data-testid="quiz-answer"][data-answer="allowed"]').click();
      await expect(quiz.locator('[data-testid="quiz-result"][data-correct="false"]')).toHaveCount(1);
      await page.locator('[data-testid="exam-choice"][value="A"]').check();
      await page.locator('[data-testid="exam-choice"][value="C"]').check();
      await page.locator('[data-testid="exam-check"]').click();
      await expect(page.locator('[data-testid="exam-feedback"]')).toHaveCount(2);
      await expectNoViolations(page, 'notes.html, quiz answered, exam question checked');
      await items.nth(1).locator('[data-testid="quiz-retry"]').click();
      await items.nth(1).locator('[data-testid="quiz-reveal"]').click();
      await expect(items.nth(1)).toHaveAttribute('data-state', 'revealed');
      await page.locator('[data-testid="exam-reveal"]').click();
      await page.locator('[data-testid="theme-toggle"]').click();
      await expectNoViolations(page, 'notes.html, theme toggled');
    });

    test(`axe: the checks page (${scheme})`, async ({ page }) => {
      await page.goto('/checks.html');
      await expect(page.getByTestId('checks')).toHaveAttribute('aria-busy', 'false');
      await expectNoViolations(page, 'checks.html');
    });

    test(`axe: the iframe embed of a share link, and of a garbled one (${scheme})`, async ({ page }) => {
      await page.goto('/embed.html#v1.@@@');
      await expect(page.locator('[data-policy-playground]')).toHaveAttribute('data-error', /.*/, { timeout: 15_000 });
      await expectNoViolations(page, 'embed.html with a garbled fragment');
      const h = await openPlayground(page);
      await h.viaEndpoint.uncheck();
      await expectDecision(page, 'other-user', CREATE, 'Allowed');
      const fragment = await settledHash(page);
      await page.goto(`/embed.html${fragment}`);
      const widget = page.locator('[data-policy-playground]');
      await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
      await expectNoViolations(page, 'embed.html');
    });
  });
}

test('an imported account (report, grouped principals, who-can rows, what-can services, windowed grid) has no axe violation, light and dark', async ({ page }) => {
  test.setTimeout(180_000);
  await openPlayground(page);
  await page.locator('input[type=file][data-testid="import"]').setInputFiles(generatedAccountPages());
  await expect(page.getByTestId('import-report')).toBeVisible();
  await page.getByTestId('import-report').locator('summary').click();
  await page.getByTestId('who-can-action').fill(CREATE);
  await expect(page.locator('[data-testid="who-can-row"]')).toHaveCount(50);
  // What-can for a principal that may call something: its services, one opened.
  const allowed = await page.locator('[data-testid="who-can-row"][data-decision="Allowed"]').first().getAttribute('data-principal');
  await page.getByTestId('what-can-principal').selectOption({ label: allowed });
  await expect(page.locator('[data-testid="what-can"][data-state="ready"] [data-testid="what-can-summary"]')).toBeVisible({ timeout: 30_000 });
  const sagemaker = page.locator('[data-testid="what-can-service"][data-service="sagemaker"]');
  if (!(await sagemaker.evaluate((d) => d.open))) await sagemaker.locator('summary').click();
  await expect(sagemaker.locator('[data-testid="what-can-action"]').first()).toBeVisible();
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `the imported account (${scheme})`);
  }
  // A wrong what-can filter: the error.
  await page.getByTestId('what-can-filter').fill('sagemaker:Nothing*');
  await expect(page.getByTestId('what-can-error')).toBeVisible();
  await expectNoViolations(page, 'the imported account, a what-can error');
});
