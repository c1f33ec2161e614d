// (j) The grid works from the keyboard: Tab reaches its cells, Enter explains the focused one.
import { test, expect, openPlayground, expectDecision } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';
const TARGET = `[data-testid="matrix"] [data-principal="specific-user"][data-action="${CREATE}"][data-decision]`;

// Where the focus is: inside the matrix or not, and the cell it is on (if any).
const focusState = (page) =>
  page.evaluate((target) => {
    const el = document.activeElement;
    const matrix = document.querySelector('[data-testid="matrix"]');
    const cell = el && el.closest && el.closest('[data-principal][data-action][data-decision]');
    return {
      inMatrix: !!(matrix && el && matrix.contains(el)),
      onTarget: !!(el && el.closest && el.closest(target)),
      cell: cell ? `${cell.dataset.principal} × ${cell.dataset.action}` : null,
      tag: el ? el.tagName : null,
    };
  }, TARGET);

test('(j) Tab into the matrix, Enter explains the cell with its decisive statements', async ({ page }) => {
  const h = await openPlayground(page);
  // One column (CreateTrainingJob), so specific-user's cell is the first of the grid.
  await h.actionFilter.fill(CREATE);
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  await expect(h.cells).toHaveCount(3);

  // From the filter, Tab until the focus is on the cell; walking through the grid is fine, leaving it is not.
  await h.actionFilter.focus();
  let state = await focusState(page);
  let entered = false;
  for (let i = 0; i < 60 && !state.onTarget; i++) {
    await page.keyboard.press('Tab');
    state = await focusState(page);
    if (state.inMatrix) entered = true;
    else if (entered) throw new Error('Tab left the matrix without reaching specific-user × CreateTrainingJob');
  }
  expect(state.onTarget, `focus is on ${state.cell ?? state.tag}`).toBe(true);

  await page.keyboard.press('Enter');
  await expect(h.explanation).toBeVisible();
  // Allowed because the IAM policy's statement and the endpoint policy's statement both allow it.
  await expect(h.explanation).toContainText(/allow/i);
  await expect(h.explanation).toContainText(/endpoint/i);
  await expect(h.explanation).toContainText(/\b(iam|identity)\b/i);
  await expect(h.explanation).toContainText(/statement/i);

  // Focus + Enter on another cell: the explanation follows, naming the endpoint that blocks it.
  const first = await h.explanation.innerText();
  await h.cell('other-user', CREATE).focus();
  await page.keyboard.press('Enter');
  await expect(h.explanation).not.toHaveText(first);
  await expect(h.explanation).toContainText(/endpoint/i);
});

test('(j) clicking a cell explains it', async ({ page }) => {
  const h = await openPlayground(page);
  await h.cell('specific-user', CREATE).click();
  await expect(h.explanation).toBeVisible();
  await expect(h.explanation).toContainText(/endpoint/i);
  await expect(h.explanation).toContainText(/statement/i);
});

test('layer tabs (and the Network tab after them) follow the ARIA tabs pattern: one tab stop, arrow keys, Home and End', async ({ page }) => {
  await openPlayground(page);
  const tabs = page.locator('[data-testid="layer-tab"]');
  const layers = await tabs.evaluateAll((ts) => ts.map((t) => t.dataset.layer));
  expect(layers.length).toBe(7);
  // Only the open tab is in the Tab order.
  await expect(page.locator('[data-testid="layer-tab"][tabindex="0"]')).toHaveCount(1);
  const selected = page.locator('[data-testid="layer-tab"][aria-selected="true"]');
  const start = await selected.getAttribute('data-layer');
  const at = layers.indexOf(start);
  await selected.focus();
  const focused = () => page.evaluate(() => document.activeElement?.dataset?.layer);
  await page.keyboard.press('ArrowRight');
  const next = layers[(at + 1) % layers.length];
  await expect(selected).toHaveAttribute('data-layer', next);
  expect(await focused()).toBe(next);
  await expect(page.locator('[role="tabpanel"].layer')).toHaveAttribute('data-layer', next);
  // The Network tab comes last in the same tablist, after the layers.
  const network = page.getByTestId('network-tab');
  await page.keyboard.press('End');
  await expect(network).toHaveAttribute('aria-selected', 'true');
  expect(await focused()).toBe('network');
  await expect(page.locator('[role="tabpanel"].layer')).toHaveAttribute('data-layer', 'network');
  await expect(page.locator('[role="tab"][tabindex="0"]').filter({ hasText: 'Network' })).toHaveCount(1);
  await page.keyboard.press('ArrowLeft');
  await expect(selected).toHaveAttribute('data-layer', layers[layers.length - 1]);
  await page.keyboard.press('ArrowRight');
  await expect(network).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(selected).toHaveAttribute('data-layer', layers[0]);
  expect(await focused()).toBe(layers[0]);
  await page.keyboard.press('ArrowLeft');
  await expect(network).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(selected).toHaveAttribute('data-layer', layers[0]);
  await expect(page.locator('[data-testid="layer-tab"][tabindex="0"]')).toHaveAttribute('data-layer', layers[0]);
});
