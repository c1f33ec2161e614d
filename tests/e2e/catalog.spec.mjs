// The action catalog in the page: misspelt actions are flagged in place, action names complete as
// they are typed, and the grid reaches every action of every service by access level.
import { test, expect, openPlayground, expectDecision, replaceText } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';

test('a misspelt action is a warning at its line, and the grid still follows', async ({ page }) => {
  const h = await openPlayground(page);
  const text = (await h.identity.inputValue()).replace(CREATE, 'sagemaker:CreateTrainingJobs');
  await replaceText(h.identity, text);
  const warning = page.locator('[data-testid="diagnostic"]', { hasText: 'unknown action `sagemaker:CreateTrainingJobs`' });
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText('line 6');
  await expect(warning).toContainText(`did you mean \`${CREATE}\``);
  // Its stable code, shown and linked to the AWS page of the rule (opened only when followed).
  await expect(warning).toHaveAttribute('data-code', 'INVALID_ACTION');
  await expect(warning).toHaveAttribute('data-severity', 'WARNING');
  await expect(warning.locator('a.code')).toHaveText('INVALID_ACTION');
  await expect(warning.locator('a.code')).toHaveAttribute('href', /^https:\/\/docs\.aws\.amazon\.com\//);
  // A warning is not an error: the grid is decided, not stale, and the typo allows nothing.
  await expect(page.locator('[data-testid="matrix"]')).toHaveAttribute('data-stale', 'false');
  await expectDecision(page, 'specific-user', CREATE, 'ImplicitlyDenied');
});

test('action names complete as they are typed', async ({ page }) => {
  const h = await openPlayground(page);
  const text = await h.identity.inputValue();
  const at = text.indexOf(CREATE) + 'sagemaker:CreateTr'.length;
  // Keep "sagemaker:CreateTr", delete the rest of the name, then type one more letter.
  await h.identity.focus();
  await h.identity.evaluate((el, [from, to]) => el.setSelectionRange(from, to), [at, at + 'ainingJob'.length]);
  await page.keyboard.press('Delete');
  await page.keyboard.type('a');
  const offer = page.locator('[data-testid="completions"] button', { hasText: CREATE });
  await expect(offer).toHaveCount(1);
  await offer.click();
  await expect(h.identity).toHaveValue(text);
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
});

test('every action of every service, narrowed by access level', async ({ page }) => {
  const h = await openPlayground(page);
  await h.actionFilter.fill('*');
  await expect(page.locator('[data-testid="matrix"] caption')).toContainText('22091 actions');
  // Service headings group the rows; only the rows in view are rendered.
  await expect(page.locator('[data-testid="matrix"] tr.service').first()).toBeVisible();
  expect(await page.locator('[data-testid="matrix"] tbody tr').count()).toBeLessThan(300);
  // Only List actions: every remaining row is a List action (e.g. no Create/Delete).
  for (const level of ['Permissions management', 'Read', 'Tagging', 'Write']) {
    await page.locator(`[data-testid="access-levels"] input[data-level="${level}"]`).uncheck();
  }
  await h.actionFilter.fill('sagemaker:*');
  const actions = await page.locator('[data-testid="matrix"] tbody th[role="rowheader"]').allTextContents();
  expect(actions.length).toBeGreaterThan(50);
  expect(actions.some((a) => a.includes(':Create'))).toBe(false);
  expect(actions).toContain('sagemaker:ListModels');
});
