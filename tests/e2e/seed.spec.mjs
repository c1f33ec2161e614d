// (a) The seed preset: the page opens on the SageMaker-API-through-an-interface-endpoint scenario
// and decides it as AWS does; plus a screenshot of the whole page against a committed baseline.
import { test, expect, openPlayground, expectDecision, decisionMap, arnOf, SEED_PRESET, PRESETS, DECISIONS, addPageStyle } from './fixtures.mjs';

test('the seed preset decides the endpoint scenario', async ({ page }) => {
  const h = await openPlayground(page);

  // The two policies and the context of the seed scenario.
  await expect(h.endpoint).toHaveValue(new RegExp(arnOf('specific-user').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await expect(h.endpoint).toHaveValue(/sagemaker:\*/);
  await expect(h.identity).toHaveValue(/sagemaker:CreateTrainingJob/);
  await expect(h.identity).toHaveValue(/aws:RequestedRegion/);
  await expect(h.identity).toHaveValue(/us-east-1/);
  await expect(h.viaEndpoint).toBeChecked();

  // The endpoint names who may use it; the IAM policy says what they may do.
  await expectDecision(page, 'specific-user', 'sagemaker:CreateTrainingJob', 'Allowed');
  await expectDecision(page, 'other-user', 'sagemaker:CreateTrainingJob', 'ImplicitlyDenied');
  await expectDecision(page, 'ml-instance-role', 'sagemaker:CreateTrainingJob', 'ImplicitlyDenied');
  await expectDecision(page, 'specific-user', 'sagemaker:DeleteModel', 'ImplicitlyDenied');

  // Every cell has one of the three decisions; nothing in the seed denies explicitly.
  const decisions = await decisionMap(page);
  expect(Object.keys(decisions).length).toBeGreaterThanOrEqual(3 * 2);
  for (const [cell, decision] of Object.entries(decisions)) {
    expect(DECISIONS, cell).toContain(decision);
    expect(decision, cell).not.toBe('ExplicitlyDenied');
  }
  // Only specific-user can ever be allowed through this endpoint.
  for (const [cell, decision] of Object.entries(decisions)) {
    if (!cell.startsWith('specific-user ×')) expect(decision, cell).toBe('ImplicitlyDenied');
  }
  await expect(h.loadError).toHaveCount(0);
  await expect(h.matrix).not.toHaveAttribute('data-stale', 'true');
});

test('the preset picker starts on the seed preset and lists every preset', async ({ page }) => {
  const h = await openPlayground(page);
  await expect(h.preset).toHaveValue(SEED_PRESET);
  const values = await h.preset.locator('option').evaluateAll((os) => os.map((o) => o.value));
  for (const id of PRESETS) expect(values).toContain(id);
});

test('every preset loads and decides', async ({ page }) => {
  const h = await openPlayground(page);
  for (const id of PRESETS) {
    await h.preset.selectOption(id);
    await expect(h.preset).toHaveValue(id);
    await expect(h.cells.first()).toBeVisible();
    await expect(h.matrix).not.toHaveAttribute('data-stale', 'true');
    // A preset ships valid policies: no error diagnostics (warnings may be the point of a preset).
    await expect(page.locator('[data-testid="diagnostic"].error, [data-testid="diagnostic"][data-severity="error"]')).toHaveCount(0);
    for (const d of Object.values(await decisionMap(page))) expect(DECISIONS).toContain(d);
  }
  await h.preset.selectOption(SEED_PRESET);
  await expectDecision(page, 'specific-user', 'sagemaker:CreateTrainingJob', 'Allowed');
  await expectDecision(page, 'other-user', 'sagemaker:CreateTrainingJob', 'ImplicitlyDenied');
});

test('screenshot of the seed preset', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openPlayground(page);
  await expectDecision(page, 'specific-user', 'sagemaker:CreateTrainingJob', 'Allowed');
  // Explain the cell the exam question is about: the picture then shows the grid, the
  // explanation and the decisive statements highlighted in both editors.
  await page.locator('[data-testid="matrix"] [data-principal="specific-user"][data-action="sagemaker:CreateTrainingJob"]').click();
  await expect(page.locator('[data-testid="explanation"]')).toBeVisible();
  // Put the explained row at a fixed place in the grid's scrolling box (clicking scrolls it into
  // view by an amount that depends on timing).
  await page.evaluate(() => {
    const row = document.querySelector('[data-testid="matrix"] [data-principal="specific-user"][data-action="sagemaker:CreateTrainingJob"]').closest('tr');
    const box = document.querySelector('.grid-scroll');
    box.scrollTop = row.offsetTop - 5 * row.offsetHeight;
    window.scrollTo(0, 0);
  });
  // A full-page capture resizes the viewport, and rows skipped by content-visibility would be
  // caught unpainted: paint every rendered row for the picture.
  await addPageStyle(page, '.matrix tbody tr { content-visibility: visible !important; }');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // Fonts settle before the picture (the page ships no web fonts, but be safe).
  await page.evaluate(() => document.fonts.ready);
  await expect(page).toHaveScreenshot('seed-preset.png', { fullPage: true, animations: 'disabled' });
});
