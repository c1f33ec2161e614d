// Editing the scenario: the grid follows the policies as they are typed (b), per principal (c),
// survives broken input (d), follows the via-endpoint switch (e) and the action filter (f).
import {
  test,
  expect,
  openPlayground,
  expectDecision,
  decisionMap,
  caretAt,
  typeAndCountFrames,
  replaceText,
  arnOf,
} from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';
const OTHER_CELL = `[data-testid="matrix"] [data-principal="other-user"][data-action="${CREATE}"][data-decision]`;

test('(b) typing other-user into the endpoint policy allows it within the next frames', async ({ page }) => {
  const h = await openPlayground(page);
  await expectDecision(page, 'other-user', CREATE, 'ImplicitlyDenied');

  // Turn "AWS": "<specific-user>" into "AWS": ["<specific-user>", "<other-user>"], keystroke by
  // keystroke (the text is invalid JSON in between).
  const specific = `"${arnOf('specific-user')}"`;
  await caretAt(h.endpoint, specific, { after: false });
  await page.keyboard.type('[');
  await caretAt(h.endpoint, specific, { after: true });
  await page.keyboard.type(`, "${arnOf('other-user')}"`, { delay: 5 });
  // The last keystroke makes the policy valid again: count the frames until the grid shows it.
  const frames = await typeAndCountFrames(page, h.endpoint, ']', OTHER_CELL, 'Allowed');
  test.info().annotations.push({ type: 'frames until the grid updated', description: String(frames) });
  expect(frames, 'animation frames between the keystroke and the updated decision').toBeLessThanOrEqual(3);

  await expect(h.endpoint).toHaveValue(new RegExp(`\\[\\s*"${arnOf('specific-user')}",\\s*"${arnOf('other-user')}"\\s*\\]`));
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  await expectDecision(page, 'ml-instance-role', CREATE, 'ImplicitlyDenied');
  await expect(h.matrix).not.toHaveAttribute('data-stale', 'true');
});

test('(c) each principal has its own identity policy', async ({ page }) => {
  const h = await openPlayground(page);

  // specific-user: also allow DeleteModel.
  await h.principal('specific-user').click();
  await expect(h.identity).toHaveValue(/sagemaker:CreateTrainingJob/);
  const specificPolicy = await h.identity.inputValue();
  const widened = specificPolicy.replace(
    /"Action"\s*:\s*"sagemaker:CreateTrainingJob"/,
    '"Action": ["sagemaker:CreateTrainingJob", "sagemaker:DeleteModel"]',
  );
  expect(widened).not.toBe(specificPolicy);
  await replaceText(h.identity, widened);
  await expectDecision(page, 'specific-user', 'sagemaker:DeleteModel', 'Allowed');
  await expectDecision(page, 'other-user', 'sagemaker:DeleteModel', 'ImplicitlyDenied');

  // Switching to other-user shows other-user's (untouched) policy.
  await h.principal('other-user').click();
  await expect(h.identity).not.toHaveValue(/sagemaker:DeleteModel/);
  await expect(h.identity).toHaveValue(/sagemaker:CreateTrainingJob/);

  // other-user: an explicit deny wins over everything, endpoint or not.
  const otherPolicy = await h.identity.inputValue();
  const denying = otherPolicy.replace(/"Effect"\s*:\s*"Allow"/, '"Effect": "Deny"');
  expect(denying).not.toBe(otherPolicy);
  await replaceText(h.identity, denying);
  await expectDecision(page, 'other-user', CREATE, 'ExplicitlyDenied');
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  await expectDecision(page, 'ml-instance-role', CREATE, 'ImplicitlyDenied');

  // Back to specific-user: the editor shows its edited policy, the edits of both are kept.
  await h.principal('specific-user').click();
  await expect(h.identity).toHaveValue(/sagemaker:DeleteModel/);
  await expect(h.identity).not.toHaveValue(/"Deny"/);
  await h.principal('other-user').click();
  await expect(h.identity).toHaveValue(/"Effect"\s*:\s*"Deny"/);
  await expectDecision(page, 'specific-user', 'sagemaker:DeleteModel', 'Allowed');
  await expectDecision(page, 'other-user', CREATE, 'ExplicitlyDenied');
});

test('(d) broken JSON shows a diagnostic with its line and keeps the grid, marked stale', async ({ page }) => {
  const h = await openPlayground(page);
  const good = await h.endpoint.inputValue();
  const before = await decisionMap(page);

  // Break the line that holds "Effect": an unquoted word where a key must be.
  const lines = good.split('\n');
  const at = lines.findIndex((l) => l.includes('"Effect"'));
  expect(at).toBeGreaterThanOrEqual(0);
  const brokenLine = at + 1; // 1-based
  lines[at] = lines[at].replace('"Effect"', 'Effect');
  await replaceText(h.endpoint, lines.join('\n'));

  const diagnostic = h.diagnostics.filter({ hasText: new RegExp(`\\bline ${brokenLine}\\b`) });
  await expect(diagnostic.first()).toBeVisible();
  await expect(h.matrix).toBeVisible();
  await expect(h.matrix).toHaveAttribute('data-stale', 'true');
  // The last good decisions stay on screen while stale.
  expect(await decisionMap(page)).toEqual(before);

  // Fixing it clears the diagnostic and the stale mark.
  await replaceText(h.endpoint, good);
  await expect(h.matrix).not.toHaveAttribute('data-stale', 'true');
  await expect(h.diagnostics.filter({ hasText: new RegExp(`\\bline ${brokenLine}\\b`) })).toHaveCount(0);
  expect(await decisionMap(page)).toEqual(before);
});

test('(d) an unfinished identity policy is reported too, and the grid stays', async ({ page }) => {
  const h = await openPlayground(page);
  const good = await h.identity.inputValue();
  // Cut the text after its third line: the object never closes.
  const truncated = good.split('\n').slice(0, 3).join('\n');
  await replaceText(h.identity, truncated);
  await expect(h.diagnostics.filter({ hasText: /\bline \d+\b/ }).first()).toBeVisible();
  await expect(h.matrix).toHaveAttribute('data-stale', 'true');
  await expect(h.cells.first()).toBeVisible();
  await replaceText(h.identity, good);
  await expect(h.matrix).not.toHaveAttribute('data-stale', 'true');
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
});

test('(e) without the endpoint, its policy no longer applies', async ({ page }) => {
  const h = await openPlayground(page);
  await expectDecision(page, 'other-user', CREATE, 'ImplicitlyDenied');
  await h.viaEndpoint.uncheck();
  await expect(h.viaEndpoint).not.toBeChecked();
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  await expectDecision(page, 'specific-user', 'sagemaker:DeleteModel', 'ImplicitlyDenied');
  await h.viaEndpoint.check();
  await expectDecision(page, 'other-user', CREATE, 'ImplicitlyDenied');
});

test('(f) the action filter narrows the columns', async ({ page }) => {
  const h = await openPlayground(page);
  const actionsOf = async () => [...new Set(Object.keys(await decisionMap(page)).map((k) => k.split(' × ')[1]))];

  await h.actionFilter.fill('sagemaker:*');
  await expectDecision(page, 'specific-user', 'sagemaker:DeleteModel', 'ImplicitlyDenied');
  const all = await actionsOf();
  expect(all.some((a) => !a.startsWith('sagemaker:Create'))).toBe(true);

  await h.actionFilter.fill('sagemaker:Create*');
  await expect(h.cell('specific-user', 'sagemaker:DeleteModel')).toHaveCount(0);
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  const creates = await actionsOf();
  expect(creates.length).toBeGreaterThan(0);
  for (const a of creates) expect(a).toMatch(/^sagemaker:Create/);
  expect(creates.length).toBeLessThan(all.length);
  // Every principal still has a row.
  for (const p of ['specific-user', 'other-user', 'ml-instance-role']) {
    await expect(h.cell(p, CREATE)).toHaveCount(1);
  }

  await h.actionFilter.fill('sagemaker:*');
  await expect(h.cell('specific-user', 'sagemaker:DeleteModel')).toHaveCount(1);
});
