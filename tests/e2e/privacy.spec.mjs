// (i) Nothing leaves the page: once the page is ready, no request at all while the user types,
// switches presets and principals and selects cells; before that, only the page's own files, and
// never a WebSocket. The suite runs against the deployable build (`trunk build`, what the README
// tells page authors to copy); csp.spec.mjs checks that it carries no live-reload client.
import { test, expect, openPlayground, expectDecision, replaceText, arnOf, PRESETS, SEED_PRESET } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';

test('(i) no network request after the page is ready', async ({ page, baseURL }) => {
  const requests = [];
  let ready = false;
  page.on('request', (r) => {
    if (r.url().startsWith('data:')) return;
    requests.push({ url: r.url(), afterReady: ready });
  });
  // Workers and their requests would not show up as the page's: list them too.
  page.on('worker', (w) => requests.push({ url: `worker ${w.url()}`, afterReady: ready }));
  // A WebSocket (a development server's live-reload client) is never opened, before or after.
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));

  const h = await openPlayground(page);
  ready = true;

  // Loading fetched only the page's own files, from where it was served.
  const origin = new URL(baseURL).origin;
  for (const r of requests) expect(new URL(r.url.replace(/^worker /, '')).origin, r.url).toBe(origin);

  // Type.
  await h.endpoint.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n');
  await replaceText(
    h.endpoint,
    (await h.endpoint.inputValue()).replace(`"${arnOf('specific-user')}"`, `["${arnOf('specific-user')}", "${arnOf('other-user')}"]`),
  );
  await expectDecision(page, 'other-user', CREATE, 'Allowed');
  // Principals and their policies.
  await h.principal('other-user').click();
  await h.identity.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n');
  // A cell and its explanation.
  await h.cell('specific-user', CREATE).click();
  await expect(h.explanation).toBeVisible();
  // The switch and the filter.
  await h.viaEndpoint.uncheck();
  await h.actionFilter.fill('sagemaker:Create*');
  await h.actionFilter.fill('');
  // Every preset.
  for (const id of PRESETS) {
    await h.preset.selectOption(id);
    await expect(h.cells.first()).toBeVisible();
    await h.cells.first().click();
  }
  await h.preset.selectOption(SEED_PRESET);
  await expectDecision(page, 'specific-user', CREATE, 'Allowed');
  // Let anything pending (debounced URL updates, lazy loads) happen before judging.
  await page.waitForTimeout(1000);

  expect(requests.filter((r) => r.afterReady).map((r) => r.url)).toEqual([]);
  expect(sockets, 'WebSockets opened').toEqual([]);
});
