// The whole state lives in the URL fragment: (g) a link reproduces the playground, (h) a hostile or
// garbled fragment never breaks the page.
import { deflateRawSync } from 'node:zlib';
import {
  test,
  expect,
  openPlayground,
  expectDecision,
  decisionMap,
  hooks,
  replaceText,
  arnOf,
  SEED_PRESET,
} from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';

// The state the page shows: both policies (the identity policy of every principal), the switch,
// the preset and every decision.
async function snapshotState(page) {
  const h = hooks(page);
  const identities = {};
  for (const name of ['specific-user', 'other-user', 'ml-instance-role']) {
    await h.principal(name).click();
    identities[name] = await h.identity.inputValue();
  }
  return {
    endpoint: await h.endpoint.inputValue(),
    identities,
    viaEndpoint: await h.viaEndpoint.isChecked(),
    preset: await h.preset.inputValue(),
    decisions: await decisionMap(page),
  };
}

test('(g) the URL carries the state: opening it reproduces the playground', async ({ page, freshPage }) => {
  const h = await openPlayground(page);
  const initialUrl = page.url();

  // Let other-user through the endpoint, and deny ml-instance-role explicitly.
  const endpoint = (await h.endpoint.inputValue()).replace(
    `"${arnOf('specific-user')}"`,
    `["${arnOf('specific-user')}", "${arnOf('other-user')}"]`,
  );
  await replaceText(h.endpoint, endpoint);
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await h.principal('ml-instance-role').click();
  const roleIdentity = (await h.identity.inputValue()).replace(/"Effect"\s*:\s*"Allow"/, '"Effect": "Deny"');
  await replaceText(h.identity, roleIdentity);
  await expectDecision(page, 'ml-instance-role', CREATE, 'ExplicitlyDenied');

  // The fragment follows the edits.
  await expect.poll(() => page.url()).not.toBe(initialUrl);
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#v2\./);
  // ... and is settled once it stops changing (the page may debounce its updates).
  const url = await settledUrl(page);
  const before = await snapshotState(page);

  // Open the link somewhere that shares nothing with this page (a new context: fresh profile).
  const other = await freshPage(url);
  const h2 = hooks(other);
  await expect(h2.loadError).toHaveCount(0);
  expect(await snapshotState(other)).toEqual(before);
  await expectDecision(other, 'other-user', CREATE, 'Allowed');
  await expectDecision(other, 'ml-instance-role', CREATE, 'ExplicitlyDenied');

  // The shared page keeps working.
  await h2.viaEndpoint.uncheck();
  await expectDecision(other, 'specific-user', CREATE, 'Allowed');
});

test('(g) the share link gives the current URL', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const h = await openPlayground(page);
  await h.viaEndpoint.uncheck();
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#v2\./);

  await expect(h.shareLink).toBeVisible();
  await h.shareLink.click();
  const hash = new URL(page.url()).hash;
  // Either it is a link to the state, or it copied the URL, or it shows it.
  await expect
    .poll(async () => {
      const href = await h.shareLink.getAttribute('href');
      if (href && href.includes(hash)) return 'href';
      const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
      if (copied.includes(hash)) return 'clipboard';
      const shown = await page.evaluate(
        (hash) =>
          [...document.querySelectorAll('input, textarea, a, output, code')].some(
            (el) => (el.value || el.href || el.textContent || '').includes(hash),
          ),
        hash,
      );
      return shown ? 'shown' : 'nowhere';
    })
    .not.toBe('nowhere');
});

// The URL once it has not changed for 300 ms.
async function settledUrl(page) {
  let url = page.url();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(300);
    if (page.url() === url) return url;
    url = page.url();
  }
  throw new Error('the URL never settled');
}

// Garbled, hostile and oversized fragments.
const b64url = (buf) => Buffer.from(buf).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/// A version 1 link of one principal, with the given tags, policy statement, filter or resource.
function hostileLink({ tags = [], policy = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, actions = 's3:GetObject', resource = '*' }) {
  const v1 = {
    title: 'hostile',
    endpoint: { id: 'vpce-0a1b2c3d4e5f67890', endpointType: 'Interface', service: '', policy: '' },
    principals: [{ name: 'a', arn: 'arn:aws:iam::111122223333:user/a', tags, policies: [{ name: 'p', text: JSON.stringify({ Version: '2012-10-17', Statement: [policy] }) }] }],
    context: { viaEndpoint: true, region: 'us-east-1' },
    actions,
    resource,
  };
  const link = `#v1.${b64url(deflateRawSync(Buffer.from(JSON.stringify(v1)), { level: 9 }))}`;
  if (link.length > 20_000) throw new Error(`the hostile link is not short: ${link.length}`);
  return link;
}

function pseudoRandomBase64Url(n) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let x = 0x2545f491;
  let s = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += alphabet[(x >>> 0) % 64];
  }
  return s;
}

const GARBLED = [
  ['invalid characters', '#v1.@@@'],
  ['unknown version', '#v9.abc'],
  ['random bytes', `#v1.${pseudoRandomBase64Url(600)}`],
  ['broken percent-encoding', '#v1.%E0%A4%A'],
  // Well-formed compressed data that is not a scenario.
  ['compressed JSON that is no scenario', `#v1.${b64url(deflateRawSync(Buffer.from('{"hello":"world","principals":7}')))}`],
  // A decompression bomb: 64 MB of spaces in ~64 KB of deflate.
  ['a decompression bomb', `#v1.${b64url(deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }))}`],
  // 2 MB: Chromium's longest URL is 2 MiB; stay just under it so the page does get to see it.
  ['a 2 MB fragment', `#v1.${'A'.repeat(2_000_000)}`],  // Issue 15's attacks: short links whose work was unbounded. Each is refused by the document's
  // bounds before anything decides (the first crashed the page with "capacity overflow").
  ['a 900 KB tag that a policy repeats 4,500 times', hostileLink({
    tags: [['t', 'x'.repeat(900_000)]],
    policy: { Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::b/${'${aws:PrincipalTag/t}'.repeat(4500)}` },
  })],
  ['1,000 patterns such as *:?*Q*Z in the action filter', hostileLink({ actions: Array(1000).fill('*:?*Q*Z').join(',') })],
  ['an 800 KB wildcard resource', hostileLink({ resource: `arn:aws:s3:::${'*a'.repeat(400_000)}` })],
];

// A link made before the document had every layer (version 1: one `endpoint`, no `version`)
// opens in this version, migrated, and decides as it did.
test('(g) a version 1 link opens in the new version and decides as before', async ({ page }) => {
  const iam = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: CREATE, Resource: '*' }] });
  const endpointPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: arnOf('other-user') }, Action: 'sagemaker:*', Resource: '*' }],
  });
  const v1 = {
    title: 'made by version 1',
    endpoint: { id: 'vpce-0a1b2c3d4e5f67890', endpointType: 'Interface', service: 'com.amazonaws.us-east-1.sagemaker.api', policy: endpointPolicy },
    principals: ['specific-user', 'other-user'].map((name) => ({ name, arn: arnOf(name), policies: [{ name: 'p', text: iam }] })),
    context: { viaEndpoint: true, region: 'us-east-1' },
    actions: CREATE,
    resource: '*',
  };
  const h = await openPlayground(page, `#v1.${b64url(deflateRawSync(Buffer.from(JSON.stringify(v1))))}`);
  await expect(h.loadError).toHaveCount(0);
  await expect(h.endpoint).toHaveValue(endpointPolicy);
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  await expectDecision(page, 'specific-user', CREATE, 'ImplicitlyDenied');
  // After an edit, the page writes it back as a version 2 link.
  await h.viaEndpoint.uncheck();
  await h.viaEndpoint.check();
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#v2\./);
});

for (const [what, fragment] of GARBLED) {
  test(`(h) garbled fragment (${what}): a message, and the default preset works`, async ({ page }) => {
    const h = await openPlayground(page, fragment);
    await expect(h.loadError).toBeVisible();
    // The problem is a coded diagnostic like any other.
    await expect(h.loadError).toHaveAttribute('data-code', /^INVALID_(SHARE_LINK|SCENARIO)$/);
    await expect(h.preset).toHaveValue(SEED_PRESET);
    await expectDecision(page, 'specific-user', CREATE, 'Allowed');
    await expectDecision(page, 'other-user', CREATE, 'ImplicitlyDenied');
    // And it still reacts.
    await h.viaEndpoint.uncheck();
    await expectDecision(page, 'other-user', CREATE, 'Allowed');
  });
}

test('(g) the scenario exports as a JSON file and imports back; a bad file changes nothing', async ({ page }) => {
  const h = await openPlayground(page);
  // Let other-user through the endpoint, then export.
  const endpoint = await h.endpoint.inputValue();
  const opened = endpoint.replace(`"${arnOf('specific-user')}"`, `["${arnOf('specific-user')}", "${arnOf('other-user')}"]`);
  expect(opened).not.toBe(endpoint);
  await replaceText(h.endpoint, opened);
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toBe(`${SEED_PRESET}.json`);
  const file = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(file.version).toBe(2);
  expect(file.endpoints[0].policy).toBe(opened);

  // A new page, a preset, then the file: the exported scenario comes back.
  await page.getByTestId('preset').selectOption('deny-unless-endpoint');
  await expect(h.endpoint).not.toHaveValue(opened);
  file.title = 'imported from a file';
  await page.getByTestId('import-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId('import-done')).toContainText('mine.json');
  await expect(h.endpoint).toHaveValue(opened);
  await expectDecision(page, 'other-user', CREATE, 'Allowed');

  // Work typed since, then a broken file: a message, and the typed work stays.
  const typed = opened.replace('"2012-10-17"', '"2012-10-17" ');
  await replaceText(h.endpoint, typed);
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"title": "half a file", "principals": [') });
  await expect(page.getByTestId('import-error')).toContainText('broken.json could not be opened');
  await expect(page.getByTestId('import-error')).toContainText('INVALID_SCENARIO');
  await expect(page.getByTestId('import-error')).toContainText('line 1, column');
  await expect(h.endpoint).toHaveValue(typed);
  // A file that is JSON but no scenario (wrong types) says so too.
  await page.getByTestId('import-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"principals": 3}') });
  await expect(page.getByTestId('import-error')).toContainText('other.json could not be opened');
  await expect(h.endpoint).toHaveValue(typed);
});
