// The whole policy stack in the page: each preset that teaches a layer shows its lesson through the
// stable hooks (layer tabs, resource / boundary / session / SCP / RCP editors, the cells'
// data-blocked-by, the drawn flow), and editing each layer changes the grid.
import { test, expect, openPlayground, expectDecision, replaceText } from './fixtures.mjs';

const GET = 's3:GetObject';
const PUT = 's3:PutObject';

const cell = (page, principal, action) =>
  page.locator(`[data-testid="matrix"] [data-principal="${principal}"][data-action="${action}"][data-decision]`);
const layerTab = (page, layer) => page.locator(`[data-testid="layer-tab"][data-layer="${layer}"]`);
const step = (page, layer) => page.locator(`[data-testid="flow"] [data-layer="${layer}"]`);

async function openPreset(page, id) {
  const h = await openPlayground(page);
  await h.preset.selectOption(id);
  await expect(h.preset).toHaveValue(id);
  return h;
}

async function expectBlocked(page, principal, action, decision, blockedBy) {
  await expectDecision(page, principal, action, decision);
  await expect(cell(page, principal, action)).toHaveAttribute('data-blocked-by', blockedBy);
}

test('the layer tabs follow AWS order and each opens its layer', async ({ page }) => {
  await openPreset(page, 'session-policy-narrows');
  const layers = await page.locator('[data-testid="layer-tab"]').evaluateAll((ts) => ts.map((t) => t.dataset.layer));
  expect(layers).toEqual(['rcps', 'scps', 'endpoint', 'resourcePolicy', 'identityPolicies', 'permissionsBoundary', 'sessionPolicy']);
  await layerTab(page, 'sessionPolicy').click();
  await expect(page.locator('textarea[data-testid="session-policy"]')).toBeVisible();
  await layerTab(page, 'permissionsBoundary').click();
  await expect(page.locator('textarea[data-testid="boundary-policy"]')).toBeVisible();
  await expect(page.locator('textarea[data-testid="session-policy"]')).toHaveCount(0);
});

test('s3-bucket-policy-requires-endpoint: over the internet the bucket policy denies, and the flow stops there', async ({ page }) => {
  const h = await openPreset(page, 's3-bucket-policy-requires-endpoint');
  await expectBlocked(page, 'analytics-role', GET, 'Allowed', '');
  await h.viaEndpoint.uncheck();
  await expectBlocked(page, 'analytics-role', GET, 'ExplicitlyDenied', 'resourcePolicy');
  await cell(page, 'analytics-role', GET).click();
  await expect(step(page, 'resourcePolicy')).toHaveAttribute('data-state', 'deny');
  await expect(step(page, 'identityPolicies')).toHaveAttribute('data-state', 'allow');
  await expect(step(page, 'endpoint')).toHaveAttribute('data-state', 'not-applicable');
  await expect(page.locator('[data-testid="flow"] [data-layer]')).toHaveCount(7);
  // Selecting the step opens the bucket policy at its statement.
  await step(page, 'resourcePolicy').locator('button').click();
  const policy = page.locator('textarea[data-testid="resource-policy"]');
  await expect(policy).toBeVisible();
  await expect(policy).toBeFocused();
  await expect(page.locator('[data-testid="resource"][data-resource="reports"]')).toHaveAttribute('aria-pressed', 'true');
});

test('cross-account-bucket: the bucket policy alone is not enough', async ({ page }) => {
  await openPreset(page, 'cross-account-bucket');
  await expectBlocked(page, 'partner-reader', GET, 'Allowed', '');
  await expectBlocked(page, 'partner-auditor', GET, 'ImplicitlyDenied', 'identityPolicies');
  await cell(page, 'partner-auditor', GET).click();
  await expect(page.locator('[data-testid="flow"]')).toHaveAttribute('data-cross-account', 'true');
  await expect(step(page, 'resourcePolicy')).toHaveAttribute('data-state', 'allow');
  await expect(step(page, 'identityPolicies')).toHaveAttribute('data-state', 'no-allow');
  // Editing the bucket policy to name nobody takes the partner-reader's access away.
  await layerTab(page, 'resourcePolicy').click();
  const policy = page.locator('textarea[data-testid="resource-policy"]');
  await replaceText(policy, (await policy.inputValue()).replace('role/partner-reader', 'role/someone-else'));
  await expectBlocked(page, 'partner-reader', GET, 'ImplicitlyDenied', 'resourcePolicy');
});

test('scp-region-guardrail: the OU level denies outside approved Regions; editing it changes the grid', async ({ page }) => {
  await openPreset(page, 'scp-region-guardrail');
  await expectBlocked(page, 'admin', 'sagemaker:CreateTrainingJob', 'ExplicitlyDenied', 'scps');
  await expectBlocked(page, 'admin', 'iam:ListRoles', 'Allowed', '');
  await layerTab(page, 'scps').click();
  // Root (0), the OU (1), the account (2); the OU holds FullAWSAccess and the guardrail.
  await expect(page.locator('textarea[data-testid="scp"][data-level="0"]')).toHaveCount(1);
  const ou = page.locator('textarea[data-testid="scp"][data-level="1"]');
  await expect(ou).toHaveCount(2);
  const guardrail = ou.nth(1);
  await replaceText(guardrail, (await guardrail.inputValue()).replace('"eu-west-1"', '"eu-west-1", "ap-southeast-2"'));
  await expectBlocked(page, 'admin', 'sagemaker:CreateTrainingJob', 'Allowed', '');
});

test('rcp-org-perimeter: outsiders are stopped, an AWS service principal passes', async ({ page }) => {
  await openPreset(page, 'rcp-org-perimeter');
  await expectBlocked(page, 'analyst', GET, 'Allowed', '');
  await expectBlocked(page, 'vendor', GET, 'ExplicitlyDenied', 'rcps');
  await expectBlocked(page, 'cloudtrail', PUT, 'Allowed', '');
  await cell(page, 'vendor', GET).click();
  await expect(step(page, 'rcps')).toHaveAttribute('data-state', 'deny');
  await layerTab(page, 'rcps').click();
  const rcp = page.locator('textarea[data-testid="rcp"][data-level="0"]');
  await expect(rcp).toHaveCount(1);
  await replaceText(rcp, (await rcp.inputValue()).replace('"Action": "s3:*"', '"Action": "s3:DeleteBucket"'));
  await expectBlocked(page, 'vendor', GET, 'Allowed', '');
});

test('boundary-caps-admin: the boundary caps IAM; clearing it lifts the cap', async ({ page }) => {
  const h = await openPreset(page, 'boundary-caps-admin');
  await expectBlocked(page, 'delegated-admin', 'iam:CreateUser', 'ImplicitlyDenied', 'permissionsBoundary');
  await expectBlocked(page, 'delegated-admin', 'sagemaker:CreateTrainingJob', 'Allowed', '');
  await expectBlocked(page, 'admin', 'iam:CreateUser', 'Allowed', '');
  await h.principal('delegated-admin').click();
  await layerTab(page, 'permissionsBoundary').click();
  await replaceText(page.locator('textarea[data-testid="boundary-policy"]'), '');
  await expectBlocked(page, 'delegated-admin', 'iam:CreateUser', 'Allowed', '');
});

test('session-policy-narrows: the session policy narrows the role; clearing it widens again', async ({ page }) => {
  const h = await openPreset(page, 'session-policy-narrows');
  // The grid's header counts what each principal may do.
  const counts = await page.locator('[data-testid="matrix"] thead th[data-allowed]').evaluateAll((ths) => ths.map((t) => t.dataset.allowed));
  expect(counts).toEqual(['1', '3']);
  await expectBlocked(page, 'report-reader', GET, 'Allowed', '');
  await expectBlocked(page, 'report-reader', PUT, 'ImplicitlyDenied', 'sessionPolicy');
  await expectBlocked(page, 'pipeline', PUT, 'Allowed', '');
  await h.principal('report-reader').click();
  await layerTab(page, 'sessionPolicy').click();
  await replaceText(page.locator('textarea[data-testid="session-policy"]'), '');
  await expectBlocked(page, 'report-reader', PUT, 'Allowed', '');
  // The counts follow the cells that changed (the header is told, as the cells are).
  await expect(page.locator('[data-testid="matrix"] thead th[data-allowed]').first()).toHaveAttribute('data-allowed', '3');
});

test('the grid pivots on one action: principals × resources, each cell explained with its resource', async ({ page }) => {
  const h = await openPreset(page, 's3-bucket-policy-requires-endpoint');
  await h.viaEndpoint.uncheck();
  await cell(page, 'analytics-role', GET).click();
  await page.locator('[data-testid="pivot-open"]').click();
  const pivot = page.locator(`[data-testid="pivot"][data-action="${GET}"]`);
  await expect(pivot).toBeVisible();
  await expect(page.locator('[data-testid="matrix"]')).toHaveCount(0);
  // One row for the action's own resource, one per named resource.
  await expect(pivot.locator('tbody tr')).toHaveCount(2);
  const pivotCell = (principal, resource) =>
    pivot.locator(`td[data-principal="${principal}"][data-resource="${resource}"]`);
  // The bucket policy denies over the internet on its bucket only.
  await expect(pivotCell('analytics-role', 'reports')).toHaveAttribute('data-decision', 'ExplicitlyDenied');
  await expect(pivotCell('analytics-role', 'reports')).toHaveAttribute('data-blocked-by', 'resourcePolicy');
  // The action's own resource (an ARN the catalog makes) has no bucket policy.
  await expect(pivotCell('analytics-role', '')).not.toHaveAttribute('data-blocked-by', /resourcePolicy/);
  // Choosing a cell explains it with that resource (keyboard: the cell is a button).
  await pivotCell('analytics-role', '').locator('button').focus();
  await page.keyboard.press('Enter');
  await expect(step(page, 'resourcePolicy')).toHaveAttribute('data-state', 'not-applicable');
  await pivotCell('analytics-role', 'reports').locator('button').click();
  await expect(step(page, 'resourcePolicy')).toHaveAttribute('data-state', 'deny');
  await expect(pivotCell('analytics-role', 'reports').locator('button')).toHaveAttribute('aria-pressed', 'true');
  // The pivot follows edits, and travels in the share link.
  await h.viaEndpoint.check();
  await expect(pivotCell('analytics-role', 'reports')).toHaveAttribute('data-decision', 'Allowed');
  await page.locator('[data-testid="pivot-close"]').click();
  await expect(page.locator('[data-testid="matrix"]')).toBeVisible();
  await expect(pivot).toHaveCount(0);
});

test('each preset opens on the row that shows its lesson', async ({ page }) => {
  const h = await openPlayground(page);
  const lesson = page.locator('[data-testid="matrix"] tr[data-lesson="true"]');
  // Inside the grid's own scrolling box (the page itself may need scrolling to reach the grid).
  const inGridView = () =>
    lesson.evaluate((row) => {
      const box = row.closest('.grid-scroll').getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    });
  // The default preset (449 SageMaker rows) opens scrolled to its lesson's row.
  await expect(lesson.locator('th')).toHaveText('sagemaker:CreateTrainingJob');
  await expect.poll(inGridView).toBe(true);
  const ids = await h.preset.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  expect(ids.length).toBeGreaterThanOrEqual(11);
  for (const id of ids) {
    await h.preset.selectOption(id);
    await expect(h.preset).toHaveValue(id);
    await expect(lesson).toHaveCount(1);
    await expect.poll(inGridView, { message: id }).toBe(true);
  }
});
