// What can one principal call (issue 16): the what-can panel on the seed scenario (the allowed
// action with the statement that grants it, a link that opens the editor there, the answer
// following an edit of the policy and an action filter) and on an imported generated account (a
// role's services); and the account's file input `import` opening a scenario file as
// `import-scenario` does.
import { test, expect, openPlayground, replaceText, generatedAccountPages, hooks } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';

const panel = (page) => page.getByTestId('what-can');
const summary = (page) => page.getByTestId('what-can-summary');
const action = (page, name) => page.locator(`[data-testid="what-can-action"][data-action="${name}"]`);

// The principal's option in the chooser, by name.
async function choose(page, name) {
  await page.getByTestId('what-can-principal').selectOption({ label: name });
}

test('what-can: a principal of the seed scenario, its allowed action and statement, then an edit denies it', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const h = await openPlayground(page);
  // Nothing chosen: a hint, no answer.
  await expect(panel(page)).toContainText('Choose a principal');
  await expect(summary(page)).toHaveCount(0);

  // The whole catalog for specific-user: one action allowed, in one service, open.
  await choose(page, 'specific-user');
  await expect(panel(page)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await expect(summary(page)).toHaveAttribute('data-allowed', '1');
  const decided = Number(await summary(page).getAttribute('data-decided'));
  expect(decided).toBeGreaterThan(20_000);
  const service = page.locator('[data-testid="what-can-service"][data-service="sagemaker"]');
  await expect(service).toHaveAttribute('data-allowed', '1');
  await expect(service).toHaveJSProperty('open', true);
  const row = action(page, CREATE);
  await expect(row).toBeVisible();
  await expect(row.locator('xpath=ancestor::*[@data-testid="what-can-level"]')).toHaveAttribute('data-level', 'Write');
  await expect(row).toContainText('statement 0 of IAM policy `sagemaker-training`');
  await expect(row).toContainText('endpoint policy');
  // The statement's link opens the identity policy's editor there.
  await row.getByRole('button', { name: /IAM policy/ }).click();
  await expect(h.identity).toBeFocused();

  await page.getByTestId('what-can').screenshot({ path: testInfo.outputPath('what-can-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('what-can').screenshot({ path: testInfo.outputPath('what-can-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // An action filter of a few actions is answered at once.
  const filter = page.getByTestId('what-can-filter');
  await filter.fill('sagemaker:Create*');
  await expect(summary(page)).toHaveAttribute('data-decided', /^\d{1,3}$/);
  await expect(summary(page)).toHaveAttribute('data-allowed', '1');
  await expect(row).toBeVisible();
  // A filter that matches nothing says so, with a did-you-mean where there is one.
  await filter.fill('sagemaker:CreateTrainingJobs');
  await expect(page.getByTestId('what-can-error')).toContainText('matches no action');
  await filter.fill('');
  await expect(panel(page)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await expect(summary(page)).toHaveAttribute('data-decided', String(decided));

  // Deny it in specific-user's policy: the answer is brought up to date, and the action is gone.
  const text = JSON.parse(await h.identity.inputValue());
  text.Statement.push({ Sid: 'NoTraining', Effect: 'Deny', Action: CREATE, Resource: '*' });
  // The whole catalog waits for the pause, and the panel says so meanwhile (every change of its
  // state recorded, with what the status line says then: the pause is short).
  await panel(page).evaluate((el) => {
    window.__whatStates = [];
    new MutationObserver(() => window.__whatStates.push(
      `${el.dataset.state}: ${el.querySelector('[data-testid="what-can-status"]').textContent}`,
    )).observe(el, { attributes: true, attributeFilter: ['data-state'] });
  });
  await replaceText(h.identity, JSON.stringify(text, null, 2));
  await expect(summary(page)).toHaveAttribute('data-allowed', '0', { timeout: 15_000 });
  expect(await page.evaluate(() => window.__whatStates)).toEqual(['pending: Bringing the answer up to date…', 'ready: ']);
  await expect(page.getByTestId('what-can-status')).toBeEmpty();
  await expect(panel(page)).toHaveAttribute('data-state', 'ready');
  await expect(row).toHaveCount(0);
  await expect(page.locator('[data-testid="what-can-service"]')).toHaveCount(0);
  // A policy with errors: nothing decided, said like who-can says it.
  await replaceText(h.identity, '{"Version": "2012-10-17", "Statement": [');
  await expect(page.getByTestId('what-can-error')).toContainText('A policy has errors', { timeout: 15_000 });
});

test('what-can: a role of an imported generated account, by service', async ({ page }) => {
  test.setTimeout(90_000);
  await openPlayground(page);
  await page.locator('input[type=file][data-testid="import"]').setInputFiles(generatedAccountPages());
  await expect(page.getByTestId('import-report')).toHaveAttribute('data-roles', '40');

  // A role that may create training jobs, from who-can.
  await page.getByTestId('who-can-action').fill(CREATE);
  const allowed = page.locator('[data-testid="who-can-row"][data-decision="Allowed"]');
  await expect(allowed.first()).toBeVisible();
  const role = await allowed.evaluateAll((rs) => rs.find((r) => r.dataset.arn.includes(':role/'))?.dataset.principal);
  expect(role, 'an allowed role').toBeTruthy();

  // The principal chooser lists every principal of the account.
  await expect(page.locator('[data-testid="what-can-principal"] option')).toHaveCount(51);
  await choose(page, role);
  await expect(panel(page)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(summary(page)).toHaveAttribute('data-principal', role);
  const services = page.locator('[data-testid="what-can-service"]');
  expect(await services.count()).toBeGreaterThan(0);
  const sagemaker = page.locator('[data-testid="what-can-service"][data-service="sagemaker"]');
  await expect(sagemaker).toHaveCount(1);
  // Each service's counts add up to the summary's.
  const counts = await services.evaluateAll((ss) => ss.map((s) => [Number(s.dataset.allowed), Number(s.dataset.decided)]));
  const allowedSum = counts.reduce((n, [a]) => n + a, 0);
  await expect(summary(page)).toHaveAttribute('data-allowed', String(allowedSum));
  for (const [a, d] of counts) expect(a).toBeLessThanOrEqual(d);
  // Open SageMaker (unless it is open already): its allowed actions, by access level, capped.
  if ((await sagemaker.getAttribute('open')) === null) await sagemaker.locator('summary').click();
  await expect(sagemaker).toHaveJSProperty('open', true);
  await expect(sagemaker.locator(`[data-testid="what-can-action"][data-action="${CREATE}"]`)).toContainText(/statement \d+.* of IAM policy/);
  for (const level of await sagemaker.locator('[data-testid="what-can-level"]').all()) {
    expect(await level.locator('[data-testid="what-can-action"]').count()).toBeLessThanOrEqual(25);
  }
  // Closed again from the keyboard, its actions leave the page.
  await sagemaker.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(sagemaker).toHaveJSProperty('open', false);
  await expect(sagemaker.locator('[data-testid="what-can-action"]')).toHaveCount(0);

  // Narrowing the endpoint policy to nobody takes SageMaker away from the role (after the pause).
  await replaceText(hooks(page).endpoint, JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sagemaker:*', Resource: '*' }],
  }, null, 2));
  await expect(sagemaker).toHaveCount(0, { timeout: 30_000 });
  await expect(panel(page)).toHaveAttribute('data-state', 'ready');
});

test('the account input `import` also opens a scenario file, as `import-scenario` does', async ({ page }) => {
  const h = await openPlayground(page);
  // A scenario exported by the page.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  const file = JSON.parse(text);
  file.title = 'from the account input';
  const endpoint = file.endpoints[0].policy;

  await page.getByTestId('preset').selectOption('deny-unless-endpoint');
  await expect(h.endpoint).not.toHaveValue(endpoint);
  await page.locator('input[type=file][data-testid="import"]').setInputFiles({
    name: 'exported.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file, null, 2)),
  });
  await expect(page.getByTestId('import-done')).toContainText('exported.json');
  await expect(h.endpoint).toHaveValue(endpoint);
  await expect(page.locator('[data-testid="principal"][data-principal="specific-user"]')).toBeVisible();
  // Not an account: no account report, no account error.
  await expect(page.getByTestId('import-report')).toHaveCount(0);
  await expect(page.getByTestId('import-account-error')).toHaveCount(0);

  // A scenario file that is wrong is refused as import-scenario refuses it; the scenario stays.
  await page.locator('input[type=file][data-testid="import"]').setInputFiles({
    name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"principals": 3}'),
  });
  await expect(page.getByTestId('import-error')).toContainText('other.json could not be opened');
  await expect(h.endpoint).toHaveValue(endpoint);
  // An empty object is no scenario: read as an export, and refused as one.
  await page.locator('input[type=file][data-testid="import"]').setInputFiles({
    name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from('{}'),
  });
  await expect(page.getByTestId('import-account-error')).toContainText('not the output of');
  await expect(h.endpoint).toHaveValue(endpoint);
});
