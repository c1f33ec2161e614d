// Issue 14's "done when", in the page: AWS's own sample policies give no finding; the classic
// mistakes give their finding, with its code, at the right line; the finding under the caret is
// explained below the editor, and a mechanical fix is one button (or Ctrl+.) away.
import { test, expect, openPlayground, replaceText, caretAt } from './fixtures.mjs';

// AWS documentation examples: an identity policy (read and write objects in one bucket), an
// interface endpoint policy (SQS: one action on one queue) and a gateway endpoint policy (S3:
// one bucket only).
const AWS_IDENTITY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ListObjectsInBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::amzn-s3-demo-bucket'] },
    { Sid: 'AllObjectActions', Effect: 'Allow', Action: 's3:*Object', Resource: ['arn:aws:s3:::amzn-s3-demo-bucket/*'] },
  ],
}, null, 2);
// Each with the endpoint it is written for: a policy of another service's endpoint is a
// finding of its own (ENDPOINT_STATEMENT_FOR_OTHER_SERVICE).
const AWS_ENDPOINTS = [
  ['Interface', 'com.amazonaws.us-east-2.sqs', JSON.stringify({ Statement: [{ Principal: '*', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:us-east-2:123456789012:MyQueue' }] }, null, 2)],
  ['Gateway', 'com.amazonaws.us-east-1.s3', JSON.stringify({ Statement: [{ Sid: 'Access-to-specific-bucket-only', Principal: '*', Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow', Resource: ['arn:aws:s3:::amzn-s3-demo-bucket', 'arn:aws:s3:::amzn-s3-demo-bucket/*'] }] }, null, 2)],
];

// The classic mistakes: `iam:PassRole` on every role and a misspelt action (identity), and in an
// endpoint policy `aws:SourceIp` with a private range and `ForAllValues` on `aws:SourceVpce`.
const MISTAKES_IDENTITY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObjekt",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    }
  ]
}`;
const MISTAKES_ENDPOINT = `{
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sagemaker:*",
      "Resource": "*",
      "Condition": {
        "IpAddress": {"aws:SourceIp": "10.0.0.0/16"},
        "ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}
      }
    }
  ]
}`;

const problem = (page, code) => page.locator(`[data-testid="diagnostic"][data-code="${code}"]`);

test("AWS's sample identity and endpoint policies give no finding", async ({ page }) => {
  const h = await openPlayground(page);
  await replaceText(h.identity, AWS_IDENTITY);
  for (const [type, service, text] of AWS_ENDPOINTS) {
    const panel = page.locator('section[aria-labelledby="endpoint-heading"]');
    await panel.locator('label:has-text("Type") select').selectOption(type);
    await panel.locator('label:has-text("Service") input').fill(service);
    await replaceText(h.endpoint, text);
    await expect(h.matrix).toHaveAttribute('data-stale', 'false');
    await expect(h.diagnostics, text).toHaveCount(0);
  }
});

test('the classic mistakes are found with their code at their line, in both editors', async ({ page }) => {
  const h = await openPlayground(page);
  await replaceText(h.identity, MISTAKES_IDENTITY);
  await replaceText(h.endpoint, MISTAKES_ENDPOINT);
  for (const [code, severity, where] of [
    ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'SECURITY_WARNING', 'line 7, column 19'],
    ['INVALID_ACTION', 'WARNING', 'line 11, column 17'],
    ['SOURCE_IP_THROUGH_ENDPOINT', 'WARNING', 'line 9, column 23'],
    ['FORALLVALUES_WITH_SINGLE_VALUED_KEY', 'SECURITY_WARNING', 'line 10, column 39'],
  ]) {
    const p = problem(page, code);
    await expect(p, code).toHaveCount(1);
    await expect(p).toHaveAttribute('data-severity', severity);
    await expect(p).toContainText(where);
  }
  // Each finding type has its own style: a security warning is not drawn as a plain warning.
  await expect(problem(page, 'PASS_ROLE_WITH_STAR_IN_RESOURCE')).toHaveClass(/security-warning/);
  await expect(page.locator('.backdrop mark.security-warning').first()).toBeAttached();
  await expect(page.locator('.backdrop mark.warning').first()).toBeAttached();
});

test('the finding under the caret is explained below the editor, and its fix is a button or Ctrl+. away', async ({ page }) => {
  const h = await openPlayground(page);
  await replaceText(h.identity, MISTAKES_IDENTITY);
  const line = page.locator('[data-testid="finding-at-caret"]');
  // On the PassRole statement's `"*"`: the security warning, its explanation, no mechanical fix.
  await caretAt(h.identity, '"Resource": "*', { after: true });
  await page.keyboard.press('ArrowLeft');
  await expect(line).toHaveAttribute('data-code', 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
  await expect(line).toContainText('Security warning');
  await expect(line).toContainText('line 7, column 19');
  await expect(line.getByRole('link', { name: 'About this check' })).toHaveAttribute('href', 'checks.html#PASS_ROLE_WITH_STAR_IN_RESOURCE');
  await expect(line.getByTestId('quick-fix')).toHaveCount(0);
  // The textarea names the line as its description, for screen readers.
  const described = await h.identity.getAttribute('aria-describedby');
  expect(described.split(' ')).toContain(await line.getAttribute('id'));
  // On the misspelt action: the did-you-mean as a fix; Ctrl+. applies it.
  await caretAt(h.identity, 's3:GetOb', { after: true });
  await page.keyboard.press('ArrowRight');
  await expect(line).toHaveAttribute('data-code', 'INVALID_ACTION');
  await expect(line.getByTestId('quick-fix')).toHaveText('Fix: replace with "s3:GetObject"');
  await page.keyboard.press('Control+.');
  await expect(h.identity).toHaveValue(MISTAKES_IDENTITY.replace('GetObjekt', 'GetObject'));
  await expect(problem(page, 'INVALID_ACTION')).toHaveCount(0);
  // The browser's undo takes the fix back, like any typing.
  await page.keyboard.press('Control+z');
  await expect(h.identity).toHaveValue(MISTAKES_IDENTITY);
  await expect(problem(page, 'INVALID_ACTION')).toHaveCount(1);
  // The problems list offers the same fix.
  await problem(page, 'INVALID_ACTION').getByTestId('problem-fix').click();
  await expect(h.identity).toHaveValue(MISTAKES_IDENTITY.replace('GetObjekt', 'GetObject'));
});

test('a miscased Effect and a misspelt operator are fixed with a click', async ({ page }) => {
  const h = await openPlayground(page);
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}';
  await replaceText(h.identity, text);
  await expect(h.matrix).toHaveAttribute('data-stale', 'true');
  await caretAt(h.identity, '"all', { after: true });
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('quick-fix').click();
  await caretAt(h.identity, '"StringEq', { after: true });
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('quick-fix').click();
  await expect(h.identity).toHaveValue(text.replace('"allow"', '"Allow"').replace('"StringEqual"', '"StringEquals"'));
  await expect(h.diagnostics).toHaveCount(0);
  await expect(h.matrix).toHaveAttribute('data-stale', 'false');
});

test('a check across layers shows in the editor it is about: an account principal of a gateway endpoint', async ({ page }) => {
  const h = await openPlayground(page);
  await h.preset.selectOption('s3-gateway-principals');
  const p = problem(page, 'GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL');
  await expect(p).toHaveCount(1);
  await expect(p).toHaveAttribute('data-severity', 'WARNING');
  await expect(p).toContainText('root user only');
  // Underlined in the endpoint policy, and explained at the caret.
  await expect(page.locator('.editor:has([data-testid="endpoint-policy"]) .backdrop mark.warning')).toHaveCount(1);
  await p.getByRole('button').first().click();
  await expect(page.locator('.editor:has([data-testid="endpoint-policy"]) [data-testid="finding-at-caret"]')).toHaveAttribute('data-code', 'GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL');
});

test('the mouse over an underline explains that finding, as a tooltip and in the line under the editor', async ({ page }) => {
  const h = await openPlayground(page);
  await replaceText(h.identity, MISTAKES_IDENTITY);
  const editor = page.locator('.editor:has([data-testid="identity-policy"])');
  const mark = editor.locator('.backdrop mark.warning[data-at]');
  await expect(mark).toHaveCount(1);
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const line = editor.getByTestId('finding-at-caret');
  await expect(line).toHaveAttribute('data-code', 'INVALID_ACTION');
  await expect(h.identity).toHaveAttribute('title', /^Warning INVALID_ACTION: unknown action `s3:GetObjekt`/);
  // Away from the text, the tooltip goes.
  await page.mouse.move(0, 0);
  await expect(h.identity).not.toHaveAttribute('title', /INVALID_ACTION/);
});
