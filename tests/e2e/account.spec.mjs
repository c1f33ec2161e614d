// An AWS account in the page (issue 16): a synthetic `get-account-authorization-details` export
// (bench/authz.mjs, two pages, one managed policy left out) imported through the file input and
// by drag and drop, its report, the principals grouped and filtered, who can call
// sagemaker:CreateTrainingJob, and the allowed rows shrinking as the endpoint policy narrows.
import {
  test, expect, openPlayground, replaceText, importAccount, generatedAccountPages as generatedPages,
} from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';

const rows = (page) => page.locator('[data-testid="who-can-row"]');
const allowedRows = (page) => page.locator('[data-testid="who-can-row"][data-decision="Allowed"]');

test('an account export imports through the file input, and who-can follows the endpoint policy', async ({ page }, testInfo) => {
  // 50 principals × every SageMaker action, decided again after each edit, on a shared machine.
  test.setTimeout(90_000);
  const h = await openPlayground(page);
  const files = generatedPages();
  await importAccount(page, files);

  // The report: the counts, and what could not be resolved, with its place.
  const report = page.getByTestId('import-report');
  await expect(report).toHaveAttribute('data-users', '10');
  await expect(report).toHaveAttribute('data-roles', '40');
  await expect(report).toHaveAttribute('data-groups', '4');
  await expect(report).toContainText('2 pages');
  const missing = report.locator('[data-testid="import-problem"][data-kind="managed-policy-not-found"]');
  expect(await missing.count()).toBeGreaterThan(0);
  await expect(missing.first()).toContainText(/authz-\d\.json line \d+, column \d+/);

  // Every user and role is a principal, grouped by kind and path, and filtered by name.
  await expect(page.locator('[data-testid="principal"]')).toHaveCount(50);
  await expect(page.locator('[data-testid="principal-group"][data-kind="users"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="principal-group"][data-kind="roles"]').first()).toBeVisible();
  const filter = page.getByTestId('principal-filter');
  await filter.fill('training');
  const filtered = await page.locator('[data-testid="principal"]').count();
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(50);
  for (const name of await page.locator('[data-testid="principal"]').evaluateAll((bs) => bs.map((b) => b.dataset.principal))) {
    expect(name.toLowerCase()).toContain('training');
  }
  // The grid's columns follow the filter: the same principals, in the list's order.
  const matrix = page.getByTestId('matrix');
  await expect(matrix).toHaveAttribute('aria-colcount', String(filtered + 1));
  const listed = await page.locator('[data-testid="principal"]').evaluateAll((bs) => bs.map((b) => b.dataset.principal));
  const columns = await matrix.locator('tbody tr[data-row]').first().locator('td[role=gridcell]')
    .evaluateAll((tds) => tds.map((td) => td.dataset.principal));
  expect(columns).toEqual(listed.slice(0, columns.length));
  await filter.fill('');
  await expect(page.locator('[data-testid="principal"]')).toHaveCount(50);
  await expect(matrix).toHaveAttribute('aria-colcount', '51');
  // Chosen by the keyboard, a principal is the one pressed and its button keeps the focus (the
  // list is not built again: only the marks move); one button is pressed at a time.
  const chosen = page.locator('[data-testid="principal"]').nth(7);
  const chosenName = await chosen.getAttribute('data-principal');
  await chosen.focus();
  await page.keyboard.press('Enter');
  await expect(chosen).toHaveAttribute('aria-pressed', 'true');
  await expect(chosen).toHaveClass(/\bactive\b/);
  await expect(chosen).toBeFocused();
  await expect(page.locator('[data-testid="principal"][aria-pressed="true"]')).toHaveCount(1);
  await expect(page.getByTestId('principal-arn')).toHaveValue(new RegExp(`${chosenName.replace(/[.]/g, '\\.')}$`));
  // ... grouped by kind and path above the principals, users first, as the list groups them.
  const firstGroup = matrix.locator('[data-testid="column-group"]').first();
  await expect(firstGroup).toHaveAttribute('data-kind', 'users');
  await expect(firstGroup).toHaveAttribute('data-path', /^\//);
  const firstListed = await page.locator('[data-testid="principal"]').first().getAttribute('data-principal');
  await expect(matrix.locator('tbody tr[data-row]').first().locator('td[role=gridcell]').first()).toHaveAttribute('data-principal', firstListed);

  // The imported account stays out of the address bar.
  expect(new URL(page.url()).hash).toBe('');

  // Who can: a typo gets a did-you-mean, then every principal's row.
  const action = page.getByTestId('who-can-action');
  await action.fill('sagemaker:CreateTrainingJobs');
  await expect(page.getByTestId('who-can-error')).toContainText(`did you mean \`${CREATE}\``);
  await action.fill(CREATE);
  await expect(rows(page)).toHaveCount(50);
  for (const d of await rows(page).evaluateAll((rs) => rs.map((r) => r.dataset.decision))) {
    expect(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', 'Unreachable']).toContain(d);
  }
  const before = await allowedRows(page).count();
  expect(before).toBeGreaterThan(1);
  // An allowed row names the statement and policy that grant it.
  await expect(allowedRows(page).first()).toContainText(/statement \d+.* of IAM policy/);
  await expect(allowedRows(page).first()).toContainText('endpoint policy');
  // A statement of a row further down opens that row's principal's editor (the row is found
  // from the button's place in the table).
  const later = allowedRows(page).last();
  const laterName = await later.getAttribute('data-principal');
  expect(await rows(page).evaluateAll((rs, n) => rs.findIndex((r) => r.dataset.principal === n), laterName)).toBeGreaterThan(0);
  await later.getByRole('button', { name: /IAM policy/ }).first().click();
  await expect(page.locator(`[data-testid="principal"][data-principal="${laterName}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(h.identity).toBeFocused();

  // Narrow the endpoint policy to one allowed user: the allowed rows shrink to that one, the
  // others are blocked by the endpoint.
  const user = await allowedRows(page).evaluateAll((rs) => rs.map((r) => r.dataset.arn).find((a) => a.includes(':user/')));
  expect(user, 'an allowed user').toBeTruthy();
  await replaceText(h.endpoint, JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: user }, Action: 'sagemaker:*', Resource: '*' }],
  }, null, 2));
  await expect(allowedRows(page)).toHaveCount(1);
  await expect(allowedRows(page)).toHaveAttribute('data-arn', user);
  const blocked = page.locator('[data-testid="who-can-row"][data-decision="ImplicitlyDenied"][data-blocked-by~="endpoint"]');
  expect(await blocked.count()).toBeGreaterThanOrEqual(before - 1);

  // The endpoint question at scale: per action, how many principals lost access.
  const summary = page.getByTestId('change-summary');
  await expect(summary).toHaveAttribute('data-verdict', 'narrower');
  const lost = page.locator(`[data-testid="change-by-action"] li[data-action="${CREATE}"]`);
  await expect(lost).toHaveAttribute('data-lost', String(before - 1));
  await expect(lost).toHaveAttribute('data-gained', '0');

  // The page as a user sees it, in both colour schemes (looked at by hand, not compared).
  await page.locator('section.results').screenshot({ path: testInfo.outputPath('grid-light.png'), timeout: 30_000 });
  await page.getByTestId('account').screenshot({ path: testInfo.outputPath('account-light.png') });
  await page.getByTestId('who-can').screenshot({ path: testInfo.outputPath('who-can-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('who-can').screenshot({ path: testInfo.outputPath('who-can-dark.png') });
  await page.locator('section.results').screenshot({ path: testInfo.outputPath('grid-dark.png'), timeout: 30_000 });
  await page.emulateMedia({ colorScheme: 'light' });

  // Undo brings the scenario of before the import back.
  await page.getByTestId('import-undo').click();
  await expect(page.locator('[data-testid="principal"][data-principal="specific-user"]')).toBeVisible();
  await expect(page.getByTestId('import-report')).toHaveCount(0);
});

test('files dropped on the page are imported; a file that is not an export is refused with its place', async ({ page }) => {
  test.setTimeout(90_000);
  await openPlayground(page);
  // Nothing is uploaded: no request at all from here on.
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const files = generatedPages();
  // Not JSON: refused with page, line and column; the scenario is unchanged.
  await page.locator('input[type=file][data-testid="import"]').setInputFiles({
    name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "UserDetailList": [\n    {,\n'),
  });
  const error = page.getByTestId('import-account-error');
  await expect(error).toContainText('broken.json');
  await expect(error).toContainText(/page 1, line 3, column \d+/);
  await expect(page.locator('[data-testid="principal"][data-principal="specific-user"]')).toBeVisible();

  // Drag and drop of both pages onto the page.
  const data = await page.evaluateHandle((pages) => {
    const dt = new DataTransfer();
    for (const p of pages) dt.items.add(new File([p.text], p.name, { type: 'application/json' }));
    return dt;
  }, files.map((f) => ({ name: f.name, text: f.buffer.toString('utf8') })));
  await page.locator('main.playground').dispatchEvent('dragover', { dataTransfer: data });
  await page.locator('main.playground').dispatchEvent('drop', { dataTransfer: data });
  await expect(page.getByTestId('import-report')).toHaveAttribute('data-roles', '40');
  await expect(page.getByTestId('import-account-error')).toHaveCount(0);
  await expect(page.locator('[data-testid="principal"]')).toHaveCount(50);
  expect(requests).toEqual([]);
});

test('with 50 principals the grid renders the columns in view; scrolling and the keyboard reach the others', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective), true);
  });
  await openPlayground(page);
  await importAccount(page, generatedPages());
  const matrix = page.getByTestId('matrix');
  await expect(matrix).toHaveAttribute('aria-colcount', '51');
  const headers = matrix.locator('thead th[data-allowed]');
  const shown = await headers.count();
  expect(shown).toBeGreaterThan(3);
  expect(shown).toBeLessThan(50);
  const names = await page.locator('[data-testid="principal"]').evaluateAll((bs) => bs.map((b) => b.dataset.principal));
  // Grid columns follow the principals' list (grouped by kind and path): take the last
  // column's name from the header once scrolled to the end.
  const row = matrix.locator('tbody tr[data-row]').first();
  await expect(row.locator('td[data-col="49"]')).toHaveCount(0);
  // Scrolled right to the end: the last columns are rendered, the first ones are not.
  await page.locator('.grid-scroll').evaluate((el) => { el.scrollLeft = el.scrollWidth; el.dispatchEvent(new Event('scroll')); });
  await expect(row.locator('td[data-col="49"]')).toHaveCount(1);
  await expect(row.locator('td[data-col="0"]')).toHaveCount(0);
  const last = await row.locator('td[data-col="49"]').getAttribute('data-principal');
  expect(names).toContain(last);
  // The spacer keeps the row as wide as every column (sized through the CSSOM).
  const widths = await row.evaluate((tr) => ({ row: tr.scrollWidth, cell: tr.querySelector('td[data-col]').offsetWidth }));
  expect(widths.row).toBeGreaterThanOrEqual(50 * widths.cell);
  // Keyboard: Home goes back to the first column, rendering it; End to the last.
  await page.locator('.grid-scroll').evaluate((el) => { el.scrollLeft = 0; el.dispatchEvent(new Event('scroll')); });
  const first = row.locator('td[data-col="0"]');
  await first.click();
  await expect(first).toBeFocused();
  await page.keyboard.press('End');
  await expect(row.locator('td[data-col="49"]')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(row.locator('td[data-col="0"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('explanation')).toBeVisible();
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});

test('who-can: a keystroke renders the panel alone, its rows are escaped text skipped off screen, a statement opens its editor', async ({ page }) => {
  const h = await openPlayground(page);
  // Nothing outside the panel changes while a question is typed: the page does not render again
  // (it used to, grid and all, on every keystroke).
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__outside = [];
    const panel = document.querySelector('[data-testid="who-can"]');
    new MutationObserver((records) => {
      for (const r of records) if (!panel.contains(r.target)) window.__outside.push(r.target.nodeName);
    }).observe(document.querySelector('main'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByTestId('who-can-action').fill('sagemaker:CreateTrainingJo');
  await expect(page.getByTestId('who-can-error')).toBeVisible();
  await page.getByTestId('who-can-action').fill(CREATE);
  await expect(rows(page)).toHaveCount(3);
  await page.getByTestId('who-can-resource').fill('*');
  await expect(page.getByTestId('who-can-summary')).toContainText(`${CREATE} on *`);
  expect(await page.evaluate(() => window.__outside)).toEqual([]);

  // The rows, their hooks and their looks.
  const allowed = page.locator('[data-testid="who-can-row"][data-principal="specific-user"]');
  await expect(allowed).toHaveAttribute('data-decision', 'Allowed');
  await expect(allowed).toHaveAttribute('data-arn', /:user\/specific-user$/);
  await expect(allowed.locator('th[scope=row]')).toHaveText('specific-user');
  await expect(allowed.locator('td.cell.allowed')).toContainText('allow');
  await expect(page.locator('[data-testid="who-can-row"][data-principal="other-user"]')).toHaveAttribute('data-blocked-by', 'endpoint');
  await expect(page.locator('[data-testid="who-can-row"][data-principal="other-user"]')).toContainText('no allow in');
  // Each group of rows off screen costs nothing to style, lay out or paint.
  expect(await allowed.evaluate((r) => getComputedStyle(r.parentElement).contentVisibility)).toBe('auto');
  // A statement's button (one listener on the table) opens its editor there.
  await allowed.getByRole('button', { name: /IAM policy/ }).click();
  await expect(h.identity).toBeFocused();
});

test('a principal and a role named with markup show as text: who-can rows, the roster, the resources, what-can', async ({ page }) => {
  await openPlayground(page);
  const payload = '<img src=x onerror="window.__pwned=1">"&\'';
  const arn = 'arn:aws:iam::111122223333:user/markup';
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] };
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const user = (name, n) => ({
    Path: '/', UserName: name, UserId: `AIDAEXAMPLE00000000${String(n).padStart(2, '0')}`, Arn: `arn:aws:iam::111122223333:user/${n ? `plain${n}` : 'markup'}`,
    CreateDate: '2024-01-01T00:00:00Z', GroupList: [], AttachedManagedPolicies: [], Tags: [],
    UserPolicyList: n ? [] : [{ PolicyName: `${payload}-policy`, PolicyDocument: policy }],
  });
  // Past 12 principals the page shows the roster (groups of buttons written as HTML).
  const exported = {
    UserDetailList: [user(payload, 0), ...Array.from({ length: 12 }, (_, i) => user(`plain${i + 1}`, i + 1))],
    GroupDetailList: [],
    RoleDetailList: [{
      Path: '/', RoleName: `${payload}-role`, RoleId: 'AROAEXAMPLE0000000001', Arn: 'arn:aws:iam::111122223333:role/markup-role',
      CreateDate: '2024-01-01T00:00:00Z', AssumeRolePolicyDocument: trust, RolePolicyList: [], AttachedManagedPolicies: [], InstanceProfileList: [], Tags: [],
    }],
    Policies: [],
  };
  await importAccount(page, [{ name: 'markup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) }]);
  await page.getByTestId('who-can-action').fill(CREATE);
  await expect(page.locator('[data-testid="who-can-row"]')).toHaveCount(14);
  const row = page.locator('[data-testid="who-can-row"][data-decision="Allowed"]');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-principal', payload);
  await expect(row).toHaveAttribute('data-arn', arn);
  await expect(row.locator('th[scope=row]')).toHaveText(payload);
  await expect(row).toContainText(`${payload}-policy`);
  // The roster's button, the role's resource button and what-can's menu name them as text.
  await expect(page.locator('[data-testid="principal-group"]').first()).toBeVisible();
  const button = page.locator('.roster-groups').getByRole('button', { name: payload, exact: true });
  await expect(button).toHaveCount(1);
  await expect(button).toHaveAttribute('data-principal', payload);
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('principal-arn')).toHaveValue(arn);
  await page.locator('[data-testid="layer-tab"][data-layer="resourcePolicy"]').click();
  await expect(page.locator('[data-testid="resource"]').filter({ hasText: `${payload}-role` })).toHaveCount(1);
  const options = await page.getByTestId('what-can-principal').locator('option').evaluateAll((os) => os.map((o) => o.textContent));
  expect(options).toContain(payload);
  expect(options).toContain(`${payload}-role`);
  expect(await page.locator('main img').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});
