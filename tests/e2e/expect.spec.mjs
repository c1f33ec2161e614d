// Expectations and change impact (issue 12): the exam preset's expectations, a baseline and the
// change it shows, pinning a cell, writing an expectation with patterns, both sides of a changed
// cell explained.
import { test, expect, openPlayground, expectDecision, replaceText, arnOf, settledHash } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';
const expectation = (page, state) =>
  state ? page.locator(`[data-testid="expectation"][data-state="${state}"]`) : page.locator('[data-testid="expectation"]');
const summary = (page) => page.getByTestId('change-summary');

test('the exam preset: its expectations hold; Principal "*" breaks one, and the baseline reads broader', async ({ page }) => {
  const h = await openPlayground(page);
  await expect(expectation(page)).toHaveCount(2);
  await expect(expectation(page, 'pass')).toHaveCount(2);
  // The grid marks the cells they cover.
  await expect(h.cell('specific-user', CREATE)).toHaveAttribute('data-expect', 'pass');
  await expect(h.cell('other-user', CREATE)).toHaveAttribute('data-expect', 'pass');
  await expect(h.cell('ml-instance-role', CREATE)).not.toHaveAttribute('data-expect', /.*/);

  await page.getByTestId('baseline').click();
  await expect(summary(page)).toHaveAttribute('data-verdict', 'same');
  await expect(summary(page)).toContainText('+0 allowed');

  // Anyone through the endpoint: other-user's IAM policy now suffices.
  const endpoint = await h.endpoint.inputValue();
  const open = endpoint.replace(/"Principal":\s*\{[^}]*\}/, '"Principal": "*"');
  expect(open).not.toBe(endpoint);
  await replaceText(h.endpoint, open);
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await expect(expectation(page, 'fail')).toHaveCount(1);
  const failing = expectation(page, 'fail');
  await expect(failing).toContainText('other-user');
  await expect(failing.getByTestId('expectation-failure')).toHaveAttribute('data-decision', 'Allowed');
  await expect(h.cell('other-user', CREATE)).toHaveAttribute('data-expect', 'fail');
  await expect(summary(page)).toHaveAttribute('data-verdict', 'broader');
  await expect(summary(page)).toHaveAttribute('data-lost', '0');
  const gained = Number(await summary(page).getAttribute('data-gained'));
  expect(gained).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="matrix"] [data-change="gained"]')).toHaveCount(gained);
  await expect(h.cell('other-user', CREATE)).toHaveAttribute('data-change', 'gained');

  // The failing expectation explains itself: its cell, selected, shows both sides.
  await failing.getByRole('button', { name: 'why?' }).click();
  await expect(h.explanation).toContainText('other-user');
  const before = page.getByTestId('baseline-side');
  await expect(before).toHaveAttribute('data-change', 'gained');
  await expect(before).toContainText('implicitly denied');

  // Undo the edit: everything holds again and nothing changed.
  await replaceText(h.endpoint, endpoint);
  await expect(expectation(page, 'pass')).toHaveCount(2);
  await expect(summary(page)).toHaveAttribute('data-verdict', 'same');
  await expect(page.locator('[data-testid="matrix"] [data-change]')).toHaveCount(0);
});

test('a narrower edit reads narrower; the preset as baseline; clearing it', async ({ page }) => {
  const h = await openPlayground(page);
  await page.getByTestId('baseline-preset').click();
  // Nobody through the endpoint: specific-user loses its access.
  const endpoint = await h.endpoint.inputValue();
  await replaceText(h.endpoint, endpoint.replace(arnOf('specific-user'), arnOf('nobody')));
  await expectDecision(page, 'specific-user', CREATE, 'ImplicitlyDenied');
  await expect(summary(page)).toHaveAttribute('data-verdict', 'narrower');
  await expect(h.cell('specific-user', CREATE)).toHaveAttribute('data-change', 'lost');
  await expect(expectation(page, 'fail')).toContainText('specific-user');
  await page.getByTestId('baseline-clear').click();
  await expect(summary(page)).toHaveCount(0);
  await expect(page.locator('[data-testid="matrix"] [data-change]')).toHaveCount(0);
});

test('expect this pins the selected cell; a written pattern expectation; removing one', async ({ page }) => {
  const h = await openPlayground(page);
  await h.cell('ml-instance-role', CREATE).click();
  await page.getByTestId('expect-cell').click();
  await expect(expectation(page)).toHaveCount(3);
  const pinned = expectation(page).nth(2);
  await expect(pinned).toHaveAttribute('data-state', 'pass');
  await expect(pinned).toContainText(`ml-instance-role → ${CREATE}: implicitly denied`);
  await expect(h.cell('ml-instance-role', CREATE)).toHaveAttribute('data-expect', 'pass');

  // A pattern: other-user may create nothing at all.
  await page.getByTestId('new-expectation-principal').fill('other-*');
  await page.getByTestId('new-expectation-action').fill('sagemaker:Create*');
  await page.getByTestId('new-expectation-expect').selectOption('Denied');
  await page.getByTestId('new-expectation-add').click();
  await expect(expectation(page)).toHaveCount(4);
  await expect(expectation(page).nth(3)).toHaveAttribute('data-state', 'pass');
  await expect(expectation(page).nth(3)).toContainText('other-* → sagemaker:Create*: denied');
  // A pattern that matches no principal cannot be checked, and says why.
  await page.getByTestId('new-expectation-principal').fill('nobody-*');
  await page.getByTestId('new-expectation-action').fill(CREATE);
  await page.getByTestId('new-expectation-add').click();
  await expect(expectation(page).nth(4)).toHaveAttribute('data-state', 'invalid');

  // Expectations travel with the scenario (the share link).
  await settledHash(page);
  await page.reload();
  await expect(expectation(page)).toHaveCount(5);

  await expectation(page).nth(4).getByRole('button', { name: /remove/ }).click();
  await expect(expectation(page)).toHaveCount(4);
  await expect(expectation(page, 'invalid')).toHaveCount(0);
});
