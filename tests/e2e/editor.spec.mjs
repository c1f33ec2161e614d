// The policy editors beyond plain text: JSON colouring in the backdrop (which keeps the
// textarea's exact text), auto-indent on Enter and on a typed `}`, bracket matching at the caret,
// the Format button and its shortcut, and Tab still leaving the textarea (no focus trap).
import { test, expect, openPlayground, expectDecision, decisionMap, replaceText, caretAt } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';

// The backdrop painted behind a textarea, and the editor (label, Format button, status) around it.
const backdropOf = (area) => area.locator('xpath=preceding-sibling::pre[contains(@class, "backdrop")]');
const editorOf = (area) => area.page().locator('div.editor').filter({ has: area });

async function expectBackdropText(area) {
  const [value, painted] = await area.evaluate((el) => [el.value, el.parentElement.querySelector('pre.backdrop').textContent]);
  expect(painted).toBe(`${value}\n`);
}

test('the endpoint editor colours the JSON and its backdrop keeps the exact text', async ({ page }) => {
  const h = await openPlayground(page);
  const backdrop = backdropOf(h.endpoint);
  await expect(backdrop.locator('.tok-key').first()).toHaveText('"Version"');
  await expect(backdrop.locator('.tok-string').first()).toHaveText('"2012-10-17"');
  await expect(backdrop.locator('.tok-punct').first()).toBeVisible();
  await expectBackdropText(h.endpoint);
  // The textarea's own text turns transparent only while the backdrop paints it.
  await expect(h.endpoint).toHaveCSS('color', 'rgba(0, 0, 0, 0)');
  const keyColour = await backdrop.locator('.tok-key').first().evaluate((el) => getComputedStyle(el).color);
  const stringColour = await backdrop.locator('.tok-string').first().evaluate((el) => getComputedStyle(el).color);
  expect(keyColour).not.toBe(stringColour);

  // Colours compose with the marks: explaining a cell paints decisive statements around tokens.
  await h.cell('specific-user', CREATE).click();
  await expect(backdrop.locator('mark.decisive-allow .tok-key').first()).toBeVisible();
  await expectBackdropText(h.endpoint);

  // Broken and odd text (unterminated string, stray characters, non-BMP) stays exact.
  await replaceText(h.endpoint, '{"Version": "2012-10-17", "Statement": [ ~~ "\u{1F600}é\\" ,\n tru 12e');
  await expect(h.diagnostics.first()).toBeVisible();
  await expectBackdropText(h.endpoint);

  // Past the size limit nothing is coloured (a 100 KB line is not 100,000 nodes), text still exact.
  await replaceText(h.endpoint, `[${'1,'.repeat(50_000)}1]`);
  await expect(backdrop.locator('.tok-number')).toHaveCount(0);
  await expect(h.endpoint).not.toHaveCSS('color', 'rgba(0, 0, 0, 0)');
  expect(await backdrop.evaluate((el) => el.querySelectorAll('*').length)).toBeLessThan(10);
  await expectBackdropText(h.endpoint);
});

test('Enter indents after an opening bracket, and a typed } goes back to its opener', async ({ page }) => {
  const h = await openPlayground(page);
  await replaceText(h.endpoint, '{"Statement": []}');
  await caretAt(h.endpoint, '{');
  await page.keyboard.press('Enter');
  await expect(h.endpoint).toHaveValue('{\n  "Statement": []}');
  // Between [] the closing bracket gets a line of its own.
  await caretAt(h.endpoint, '[');
  await page.keyboard.press('Enter');
  await expect(h.endpoint).toHaveValue('{\n  "Statement": [\n    \n  ]}');
  await page.keyboard.type('{');
  await page.keyboard.press('Enter');
  await expect(h.endpoint).toHaveValue('{\n  "Statement": [\n    {\n      \n  ]}');
  await page.keyboard.type('"Effect": "Allow"');
  await page.keyboard.press('Enter');
  await page.keyboard.type('}');
  await expect(h.endpoint).toHaveValue('{\n  "Statement": [\n    {\n      "Effect": "Allow"\n    }\n  ]}');
  await expectBackdropText(h.endpoint);
  // Undo takes the typing back through the browser's own history.
  await page.keyboard.press('Control+z');
  await expect(h.endpoint).not.toHaveValue('{\n  "Statement": [\n    {\n      "Effect": "Allow"\n    }\n  ]}');
});

test('the bracket at the caret and its partner are highlighted', async ({ page }) => {
  const h = await openPlayground(page);
  await replaceText(h.endpoint, '{"a": ["}", {"b": []}]}');
  const matched = backdropOf(h.endpoint).locator('.bracket-match');
  await caretAt(h.endpoint, '"a": [');
  // The caret moves through real keys (setSelectionRange alone fires no key event).
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect(matched).toHaveText(['[', ']']);
  const [open, close] = await matched.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().x));
  expect(close).toBeGreaterThan(open);
  // After the last `}`, its partner is the first `{`; the `}` inside a string is not a bracket.
  await page.keyboard.press('End');
  await expect(matched).toHaveText(['{', '}']);
  await caretAt(h.endpoint, '"}');
  await page.keyboard.press('ArrowRight');
  await expect(matched).toHaveCount(0);
  // Back after the `[` (three characters left), then leaving the editor clears the highlight.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(matched).toHaveText(['[', ']']);
  await h.endpoint.blur();
  await expect(matched).toHaveCount(0);
  // Nor is anything highlighted in an editor that is not focused when its text changes.
  await replaceText(h.identity, '{"Version": "2012-10-17", "Statement": []}');
  await h.identity.blur();
  await replaceText(h.endpoint, '{"Version": "2012-10-17", "Statement": []}');
  await h.endpoint.blur();
  await h.preset.selectOption('deny-unless-endpoint');
  await expect(page.locator('.backdrop .bracket-match')).toHaveCount(0);
});

test('Format lays out a minified policy and the grid decides the same', async ({ page }) => {
  const h = await openPlayground(page);
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  const before = await decisionMap(page);
  const original = await h.endpoint.inputValue();
  const minified = JSON.stringify(JSON.parse(original));
  await replaceText(h.endpoint, minified);
  await expect(h.endpoint).toHaveValue(minified);
  const format = editorOf(h.endpoint).getByRole('button', { name: 'Format' });
  await expect(format).toHaveAttribute('aria-keyshortcuts', 'Shift+Alt+F');
  await expect(format).toHaveAttribute('title', /Shift\+Alt\+F/);
  await format.click();
  const formatted = await h.endpoint.inputValue();
  expect(formatted).toBe(JSON.stringify(JSON.parse(original), null, 2));
  await expect(editorOf(h.endpoint).locator('[data-testid="format-status"]')).toHaveText('Formatted');
  await expectBackdropText(h.endpoint);
  await expect(h.matrix).not.toHaveAttribute('data-stale', 'true');
  expect(await decisionMap(page)).toEqual(before);

  // The shortcut, from the textarea, on the identity policy.
  const identityMinified = JSON.stringify(JSON.parse(await h.identity.inputValue()));
  await replaceText(h.identity, identityMinified);
  await h.identity.focus();
  await page.keyboard.press('Shift+Alt+F');
  await expect(h.identity).toHaveValue(JSON.stringify(JSON.parse(identityMinified), null, 2));
  expect(await decisionMap(page)).toEqual(before);

  // Invalid JSON: nothing changes, the status says why.
  await replaceText(h.endpoint, '{"Version": ');
  await format.click();
  await expect(h.endpoint).toHaveValue('{"Version": ');
  await expect(editorOf(h.endpoint).locator('[data-testid="format-status"]')).toContainText('not valid JSON (line 1');
});

test('Tab leaves the textarea: the editors do not trap the focus', async ({ page }) => {
  const h = await openPlayground(page);
  await h.endpoint.focus();
  const before = await h.endpoint.inputValue();
  await page.keyboard.press('Tab');
  await expect(h.endpoint).not.toBeFocused();
  await expect(h.endpoint).toHaveValue(before);
  // Shift+Tab from there comes back, then goes further back: to the endpoint's Format button.
  await page.keyboard.press('Shift+Tab');
  await expect(h.endpoint).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(h.endpoint).not.toBeFocused();
  await expect(h.endpoint).toHaveValue(before);
  await expect(page.locator(':focus')).toHaveAttribute('data-testid', 'format');
});
