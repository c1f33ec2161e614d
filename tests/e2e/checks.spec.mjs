// The checks page (checks.html): every check of the registry, read from the engine in the page,
// each under an anchor named after its code, so that a finding can link to its explanation.
import { test, expect, openPlayground, replaceText } from './fixtures.mjs';

test('the checks page lists every check, each under its code, and opens at the one linked', async ({ page }) => {
  await page.goto('/checks.html#MISSING_VERSION');
  await expect(page.getByTestId('checks')).toHaveAttribute('aria-busy', 'false');
  const checks = page.getByTestId('check');
  expect(await checks.count()).toBeGreaterThan(80);
  const version = page.locator('#MISSING_VERSION');
  await expect(version).toBeInViewport();
  await expect(version.locator('h2')).toHaveText('MISSING_VERSION');
  await expect(version).toContainText('Access Analyzer (WARNING)');
  await expect(version).toContainText('read as an RCP');
  await expect(version.locator('pre')).toHaveCount(2);
  await expect(version.getByRole('link', { name: 'AWS documentation' })).toHaveAttribute(
    'href', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html');
  // A check that no short policy shows names the test that does.
  await expect(page.locator('#JSON_TOO_DEEP')).toContainText('tests/corpus/grammar/json-nested-10000-deep.json');
  // The table of contents links to every check.
  await page.getByRole('link', { name: 'ENDPOINT_WILDCARD_TOO_SHORT', exact: true }).click();
  await expect(page).toHaveURL(/#ENDPOINT_WILDCARD_TOO_SHORT$/);
  await expect(page.locator('#ENDPOINT_WILDCARD_TOO_SHORT')).toBeInViewport();
});

test('a problem of the page links to its check on the checks page', async ({ page }) => {
  const h = await openPlayground(page);
  await replaceText(h.identity, '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  const problem = page.locator('[data-testid="diagnostic"][data-code="INVALID_EFFECT"]');
  await expect(problem).toHaveCount(1);
  await expect(problem.getByTestId('check-link')).toHaveAttribute('href', 'checks.html#INVALID_EFFECT');
});
