// Embedding: the example documentation page (notes.html, four widgets), the iframe embed page
// (embed.html#v2.…) and the README's snippet in a plain HTML file.
//
// A widget is an element `[data-policy-playground]` (the host) that gets `data-ready="true"` once
// mounted, or `data-error` with a message in its text when its scenario cannot be loaded. Its UI
// lives in an open shadow root; Playwright's CSS locators pierce open shadow roots, so the page's
// hooks (fixtures.mjs) work inside a host: `host.locator('[data-testid="endpoint-policy"]')`,
// `[data-testid="matrix"] [data-principal][data-action][data-decision]`, `[data-testid="explanation"]`.
//
// On notes.html the hosts are [data-testid="widget-endpoint"] (endpoint policy editable, grid),
// [data-testid="widget-identity"] (IAM policy editable, one decision), [data-testid="widget-quiz"]
// (the seed preset as a quiz: the reader predicts two cells; quiz.spec.mjs tests it) and
// [data-testid="widget-exam"] (the seed preset, one decision, nothing editable);
// [data-testid="theme-toggle"] switches the page and its widgets between light and dark.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, openPlayground, expectDecision, replaceText, arnOf, settledHash, addPageStyle } from './fixtures.mjs';

const CREATE = 'sagemaker:CreateTrainingJob';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The widgets that show decisions, and every widget (the quiz shows none until answered).
const DECIDING = ['widget-endpoint', 'widget-identity', 'widget-exam'];
const WIDGETS = [...DECIDING, 'widget-quiz'];

const host = (page, id) => page.locator(`[data-testid="${id}"]`);
const cellIn = (scope, principal, action = CREATE) =>
  scope.locator(`[data-testid="matrix"] [data-principal="${principal}"][data-action="${action}"][data-decision]`);
const expectCell = (scope, principal, decision, what = '') =>
  expect(cellIn(scope, principal), `${what}${principal} × ${CREATE}`).toHaveAttribute('data-decision', decision);

// Opens notes.html and waits until its four widgets are mounted.
async function openNotes(page) {
  await page.goto('/notes.html');
  await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(4, { timeout: 15_000 });
  return {
    endpoint: host(page, 'widget-endpoint'),
    identity: host(page, 'widget-identity'),
    exam: host(page, 'widget-exam'),
    quiz: host(page, 'widget-quiz'),
  };
}

// Records every request but data: URLs, with whether it came after `mark()`.
function recordRequests(page) {
  const requests = [];
  let after = false;
  page.on('request', (r) => {
    if (!r.url().startsWith('data:')) requests.push({ url: r.url(), after });
  });
  page.on('worker', (w) => requests.push({ url: `worker ${w.url()}`, after }));
  return { requests, mark: () => (after = true) };
}

// WCAG contrast ratios of a widget's text against what is really behind it: the editor's text
// and the grid's header, e.g. { textarea: 15.3, header: 15.3 } (null when not shown).
function contrasts(hostLocator) {
  return hostLocator.evaluate((hostEl) => {
    const parse = (css) => {
      const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number);
      return { r, g, b, a: css.startsWith('rgba') ? a : 1 };
    };
    const luminance = ({ r, g, b }) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const up = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
    // The first (nearly) opaque background behind `el`, across the shadow boundary; else the canvas.
    const background = (el) => {
      for (let e = el; e; e = up(e)) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.a >= 0.9) return c;
      }
      const dark = getComputedStyle(document.documentElement).colorScheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches;
      return dark ? { r: 18, g: 18, b: 18, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
    };
    const ratio = (el) => {
      if (!el) return null;
      const [a, b] = [luminance(parse(getComputedStyle(el).color)), luminance(background(el))].sort((x, y) => y - x);
      return Math.round(((a + 0.05) / (b + 0.05)) * 10) / 10;
    };
    // The editor's text: the textarea's own, or, when the JSON is coloured (its own text is then
    // transparent), what the backdrop paints: its plain text and the first token of every kind.
    const editorText = (area) => {
      if (!area || !area.parentElement.classList.contains('coloured')) return ratio(area);
      const backdrop = area.parentElement.querySelector('.backdrop');
      const kinds = ['key', 'string', 'number', 'literal', 'punct'].map((k) => backdrop.querySelector(`.tok-${k}`));
      return Math.min(...[backdrop, ...kinds].filter(Boolean).map(ratio));
    };
    const root = hostEl.shadowRoot;
    return { textarea: editorText(root.querySelector('textarea')), header: ratio(root.querySelector('.matrix thead th')) };
  });
}

test.describe('notes.html, the example documentation page', () => {
  test('its four widgets mount, each in an open shadow root, and show decisions or a quiz', async ({ page }) => {
    const w = await openNotes(page);
    for (const id of WIDGETS) {
      const h = host(page, id);
      await expect(h, id).toHaveAttribute('data-ready', 'true');
      await expect(h, id).not.toHaveAttribute('data-error', /.*/);
      expect(await h.evaluate((el) => el.shadowRoot && el.shadowRoot.mode), id).toBe('open');
      // The UI is inside the shadow root, not in the page's DOM.
      expect(await h.evaluate((el) => el.querySelector('[data-testid="matrix"], [data-testid="quiz"]')), id).toBeNull();
      await expect(h.locator(DECIDING.includes(id) ? '[data-testid="matrix"]' : '[data-testid="quiz"]'), id).toBeVisible();
      await expect(h.locator('a', { hasText: 'Open in the full playground' }), id).toHaveAttribute('href', /index\.html#v2\./);
    }
    // The quiz: no grid, two questions.
    await expect(w.quiz.locator('[data-testid="matrix"]')).toHaveCount(0);
    await expect(w.quiz.locator('[data-testid="quiz-item"]')).toHaveCount(2);
    // Widget 1: the endpoint policy's editor and a grid of two principals × three actions.
    await expect(w.endpoint.locator('textarea[data-testid="endpoint-policy"]')).toBeVisible();
    await expect(w.endpoint.locator('textarea[data-testid="identity-policy"]')).toHaveCount(0);
    await expectCell(w.endpoint, 'specific-user', 'Allowed');
    await expectCell(w.endpoint, 'other-user', 'ImplicitlyDenied');
    await expect(w.endpoint.locator('[data-testid="matrix"] [data-decision]')).toHaveCount(6);
    // Widget 2: the IAM policy's editor and one decision.
    await expect(w.identity.locator('textarea[data-testid="identity-policy"]')).toBeVisible();
    await expect(w.identity.locator('textarea[data-testid="endpoint-policy"]')).toHaveCount(0);
    await expectCell(w.identity, 'specific-user', 'Allowed');
    // Widget 3: the exam scenario, read-only, one decision per principal.
    await expect(w.exam.locator('textarea')).toHaveCount(0);
    await expectCell(w.exam, 'specific-user', 'Allowed');
    await expectCell(w.exam, 'other-user', 'ImplicitlyDenied');
    await expectCell(w.exam, 'ml-instance-role', 'ImplicitlyDenied');
    await expect(w.exam.locator('[data-testid="matrix"] [data-decision]')).toHaveCount(3);
  });

  test('editing one widget changes that widget only', async ({ page }) => {
    const w = await openNotes(page);
    const editor = w.endpoint.locator('textarea[data-testid="endpoint-policy"]');
    const text = await editor.inputValue();
    expect(text).toContain(`"${arnOf('specific-user')}"`);
    await replaceText(
      editor,
      text.replace(`"${arnOf('specific-user')}"`, `["${arnOf('specific-user')}", "${arnOf('other-user')}"]`),
    );
    await expectCell(w.endpoint, 'other-user', 'Allowed', 'widget 1, edited: ');
    await expectCell(w.endpoint, 'specific-user', 'Allowed', 'widget 1, edited: ');
    // The exam widget shows the same users under its own, unedited endpoint policy.
    await expectCell(w.exam, 'other-user', 'ImplicitlyDenied', 'widget 3: ');
    await expectCell(w.exam, 'specific-user', 'Allowed', 'widget 3: ');
    await expectCell(w.identity, 'specific-user', 'Allowed', 'widget 2: ');

    // Widget 2: the IAM policy's Region condition.
    const iam = w.identity.locator('textarea[data-testid="identity-policy"]');
    const policy = await iam.inputValue();
    expect(policy).toContain('"us-east-1"');
    await replaceText(iam, policy.replace('"us-east-1"', '"eu-west-1"'));
    await expectCell(w.identity, 'specific-user', 'ImplicitlyDenied', 'widget 2, Region eu-west-1: ');
    // ... and nothing else moved.
    await expectCell(w.endpoint, 'other-user', 'Allowed', 'widget 1: ');
    await expectCell(w.endpoint, 'specific-user', 'Allowed', 'widget 1: ');
    await expectCell(w.exam, 'specific-user', 'Allowed', 'widget 3: ');
    await expectCell(w.exam, 'other-user', 'ImplicitlyDenied', 'widget 3: ');
    // Back to us-east-1.
    await replaceText(iam, policy);
    await expectCell(w.identity, 'specific-user', 'Allowed', 'widget 2, Region us-east-1 again: ');

    // The edited widget's "Open in the full playground" link carries the edit.
    const href = await w.endpoint.locator('a', { hasText: 'Open in the full playground' }).getAttribute('href');
    expect(href).toMatch(/index\.html#v2\./);
    await page.goto(href);
    await expect(page.locator('#app[data-ready="true"]')).toHaveCount(1, { timeout: 15_000 });
    await expectDecision(page, 'other-user', CREATE, 'Allowed');
  });

  test('a broken policy in a widget shows a diagnostic and keeps the other widgets working', async ({ page }) => {
    const w = await openNotes(page);
    const editor = w.endpoint.locator('textarea[data-testid="endpoint-policy"]');
    const text = await editor.inputValue();
    await replaceText(editor, text.replace('"Effect": "Allow",', '"Effect": "Allow"'));
    await expect(w.endpoint.locator('[data-testid="diagnostic"]').first()).toContainText(/line \d+/);
    await expect(w.endpoint.locator('[data-testid="matrix"]')).toHaveAttribute('data-stale', 'true');
    await expect(page.locator('[data-testid="diagnostic"]')).toHaveCount(1);
    await expect(w.exam.locator('[data-testid="matrix"]')).toHaveAttribute('data-stale', 'false');
    await replaceText(editor, text);
    await expect(w.endpoint.locator('[data-testid="diagnostic"]')).toHaveCount(0);
    await expect(w.endpoint.locator('[data-testid="matrix"]')).toHaveAttribute('data-stale', 'false');
  });

  test('"why?" explains a decision', async ({ page }) => {
    const w = await openNotes(page);
    // Widget 2, after the Region edit: the failing condition is named.
    const iam = w.identity.locator('textarea[data-testid="identity-policy"]');
    await replaceText(iam, (await iam.inputValue()).replace('"us-east-1"', '"eu-west-1"'));
    await expectCell(w.identity, 'specific-user', 'ImplicitlyDenied');
    const why = w.identity.getByRole('button', { name: 'why?' });
    await expect(w.identity.locator('[data-testid="explanation"]')).toHaveCount(0);
    await why.click();
    const explanation = w.identity.locator('[data-testid="explanation"]');
    await expect(explanation).toBeVisible();
    await expect(explanation).toContainText('aws:RequestedRegion');
    await expect(explanation.locator('.conditions .fails')).toHaveCount(1);
    expect((await explanation.locator('.summary').innerText()).trim().length).toBeGreaterThan(10);
    await expect(w.identity.getByRole('button', { name: 'hide' })).toHaveAttribute('aria-expanded', 'true');
    // The explanation follows further edits while open.
    await replaceText(iam, (await iam.inputValue()).replace('"eu-west-1"', '"us-east-1"'));
    await expectCell(w.identity, 'specific-user', 'Allowed');
    await expect(explanation.locator('.conditions .holds')).toHaveCount(1);
    await w.identity.getByRole('button', { name: 'hide' }).click();
    await expect(w.identity.locator('[data-testid="explanation"]')).toHaveCount(0);

    // Widget 3: other-user is stopped by the endpoint policy; only that widget explains.
    const row = w.exam.locator('.pp-decision').filter({ has: page.locator('[data-principal="other-user"]') });
    await row.getByRole('button', { name: 'why?' }).click();
    await expect(w.exam.locator('[data-testid="explanation"]')).toHaveCount(1);
    await expect(row.locator('[data-testid="explanation"]')).toBeVisible();
    await expect(row.locator('[data-testid="explanation"]')).toContainText(/endpoint/i);
    await expect(w.endpoint.locator('[data-testid="explanation"]')).toHaveCount(0);
    await expect(w.identity.locator('[data-testid="explanation"]')).toHaveCount(0);

    // Widget 1 (grid): selecting a cell explains it.
    await cellIn(w.endpoint, 'other-user').click();
    await expect(w.endpoint.locator('[data-testid="explanation"]')).toBeVisible();
    await expect(w.endpoint.locator('[data-testid="explanation"]')).toContainText(/endpoint/i);
  });

  test('the theme toggle switches the widgets to dark and back', async ({ page }) => {
    const w = await openNotes(page);
    const background = (h) => h.locator('.pp-root').evaluate((el) => getComputedStyle(el).backgroundColor);
    const color = (h) => h.locator('.pp-root').evaluate((el) => getComputedStyle(el).color);
    const light = { background: await background(w.endpoint), color: await color(w.endpoint) };
    for (const id of WIDGETS) await expect(host(page, id)).not.toHaveAttribute('data-theme', 'dark');

    const toggle = page.locator('[data-testid="theme-toggle"]');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    for (const id of WIDGETS) {
      await expect(host(page, id), id).toHaveAttribute('data-theme', 'dark');
      await expect.poll(() => background(host(page, id)), id).not.toBe(light.background);
      await expect.poll(() => color(host(page, id)), id).not.toBe(light.color);
    }
    // Dark means a dark background and light text.
    const luminance = (css) => {
      const [r, g, b] = css.match(/\d+(\.\d+)?/g).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const dark = { background: await background(w.exam), color: await color(w.exam) };
    expect(luminance(dark.background)).toBeLessThan(60);
    expect(luminance(dark.color)).toBeGreaterThan(180);
    // The editors follow.
    const editorBox = w.endpoint.locator('.editor-box');
    expect(luminance(await editorBox.evaluate((el) => getComputedStyle(el).backgroundColor))).toBeLessThan(60);

    // Back to light: no background of its own again, and the page's (light theme) text colour.
    await toggle.click();
    const pageColor = await page.evaluate(() => getComputedStyle(document.body).color);
    for (const id of WIDGETS) {
      await expect(host(page, id), id).toHaveAttribute('data-theme', 'light');
      await expect.poll(() => background(host(page, id)), id).toBe(light.background);
      await expect.poll(() => color(host(page, id)), id).toBe(pageColor);
    }
  });

  test('under an OS dark preference the widgets stay readable, in auto, light and dark', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openNotes(page);
    const check = async (what) => {
      for (const id of WIDGETS) {
        const c = await contrasts(host(page, id));
        for (const [part, ratio] of Object.entries(c)) if (ratio !== null) expect(ratio, `${id} ${part}, ${what}`).toBeGreaterThanOrEqual(4.5);
      }
    };
    await check('auto theme');
    // The switch starts from the theme in effect: the page is dark already, so it offers light.
    const toggle = page.locator('[data-testid="theme-toggle"]');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle).toHaveText('Light theme');
    const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const before = await bodyBackground();
    await toggle.click();
    await expect(host(page, 'widget-exam')).toHaveAttribute('data-theme', 'light');
    await expect.poll(bodyBackground).not.toBe(before);
    const lightBackground = await bodyBackground();
    await check('light theme');
    await toggle.click();
    await expect(host(page, 'widget-exam')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(bodyBackground).not.toBe(lightBackground);
    await check('dark theme');
  });

  test('a widget inherits the page font and fits its container', async ({ page }) => {
    const w = await openNotes(page);
    const bodyFont = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(bodyFont).toContain('Georgia');
    for (const id of WIDGETS) {
      const font = await host(page, id).locator('.pp-head').evaluate((el) => getComputedStyle(el).fontFamily);
      expect(font, id).toBe(bodyFont);
    }
    // Sized to the article's column, at desktop width and on a phone.
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      for (const id of WIDGETS) {
        const [hostBox, articleWidth] = await host(page, id).evaluate((el) => [
          el.getBoundingClientRect().toJSON(),
          el.closest('article').clientWidth,
        ]);
        expect(hostBox.width, `${id} at ${width}px`).toBeLessThanOrEqual(articleWidth);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${width}px`).toBeLessThanOrEqual(width);
    }
    await expectCell(w.exam, 'specific-user', 'Allowed');
  });

  test("the widgets' CSS does not reach the page", async ({ page }) => {
    // Hold widget.js back until the page's own styles are measured.
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    await page.route('**/widget.js', async (route) => {
      await gate;
      await route.continue();
    });
    // Module scripts hold back DOMContentLoaded and load: wait for the parsed article only.
    await page.goto('/notes.html', { waitUntil: 'commit' });
    await page.waitForSelector('article [data-testid="widget-exam"]', { state: 'attached' });
    // The page's own style sheets loaded first (on a busy machine they may still be on the way
    // when the article is parsed: counted then, they would seem to come with the widgets).
    await page.waitForFunction(() => [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet));
    // Page elements like the ones the widget styles: the page's own button, code, table, mark,
    // textarea, inputs, a link-styled button, elements with the widget's class names.
    await page.evaluate(() => {
      const probe = document.createElement('section');
      probe.id = 'css-probe';
      probe.innerHTML = `
        <mark>mark</mark> <code>code</code> <button type="button" class="link principal active">b</button>
        <textarea>t</textarea> <input type="text" value="i"> <select><option>o</option></select>
        <table class="matrix"><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td class="cell allowed">d</td></tr></tbody></table>
        <div class="explanation">e</div> <ul class="diagnostics"><li class="error">l</li></ul> <div class="pp-root">r</div>
        <label class="check"><input type="checkbox"> c</label> <aside class="sr-only">s</aside>`;
      document.querySelector('article').append(probe);
    });
    const measure = () =>
      page.evaluate(() => {
        const props = ['color', 'backgroundColor', 'fontFamily', 'fontSize', 'fontWeight', 'boxSizing', 'borderTopWidth',
          'borderTopStyle', 'borderRadius', 'paddingTop', 'paddingLeft', 'marginTop', 'position', 'width',
          'textDecorationLine', 'outlineStyle', 'display', 'cursor', 'opacity', 'whiteSpace'];
        const elements = [document.documentElement, document.body, ...document.querySelectorAll('nav, h1, h2, p, ol, li, code, strong, button, .question'), ...document.querySelectorAll('#css-probe, #css-probe *')];
        return {
          styleSheets: document.styleSheets.length,
          adopted: document.adoptedStyleSheets.length,
          headChildren: document.head.children.length,
          styles: elements.map((el, i) => {
            const cs = getComputedStyle(el);
            return `${i} ${el.tagName.toLowerCase()}.${el.className}: ${props.map((p) => cs[p]).join(' | ')}`;
          }),
          button: getComputedStyle(document.querySelector('[data-testid="theme-toggle"]')).cssText,
        };
      });
    const probeBoxes = () => page.evaluate(() => [...document.querySelectorAll('#css-probe *')].map((el) => `${el.tagName} ${getComputedStyle(el).boxSizing}`));
    const before = await measure();
    const boxesBefore = await probeBoxes();
    await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(0);
    release();
    await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(4, { timeout: 15_000 });
    const after = await measure();
    expect(after.styleSheets, 'style sheets of the page').toBe(before.styleSheets);
    expect(after.adopted, 'adopted style sheets of the page').toBe(before.adopted);
    expect(after.headChildren, 'elements in the page head').toBe(before.headChildren);
    expect(after.styles).toEqual(before.styles);
    // And after the dark theme (its :host rules must not leak either).
    await page.locator('[data-testid="theme-toggle"]').click();
    await expect(host(page, 'widget-exam')).toHaveAttribute('data-theme', 'dark');
    expect(await probeBoxes(), 'box-sizing of the page elements, dark theme').toEqual(boxesBefore);
  });

  test("the page's CSS does not reach into the widgets", async ({ page }) => {
    const w = await openNotes(page);
    const look = (h) =>
      h.evaluate((el) => {
        const root = el.shadowRoot;
        const pick = (sel, props) => {
          const node = root.querySelector(sel);
          if (!node) return null;
          const cs = getComputedStyle(node);
          return props.map((p) => cs[p]).join(' | ');
        };
        return {
          textarea: pick('textarea', ['color', 'backgroundColor', 'fontFamily', 'fontSize', 'display', 'visibility']),
          cell: pick('[data-decision]', ['color', 'display', 'visibility', 'fontSize']),
          button: pick('button', ['color', 'display', 'backgroundColor', 'textTransform']),
          root: pick('.pp-root', ['display', 'borderTopStyle', 'visibility']),
          code: pick('code', ['color', 'fontSize']),
          link: pick('a', ['color', 'display']),
        };
      });
    const before = {};
    for (const id of WIDGETS) before[id] = await look(host(page, id));
    expect(before['widget-endpoint'].textarea).not.toBeNull();
    expect(before['widget-identity'].textarea).not.toBeNull();

    await addPageStyle(
      page,
      `
        textarea, input, select { color: red !important; background: yellow !important; font-family: fantasy !important; font-size: 40px !important; display: none !important; }
        button { color: red !important; background: yellow !important; text-transform: uppercase !important; display: none !important; }
        a, code, .cell, [data-decision], .allowed, .implicit { color: red !important; display: none !important; font-size: 40px !important; }
        .pp-root, .pp-widget, [data-testid="matrix"] { visibility: hidden !important; }
        * { border-style: dotted !important; }
        .pp-root { display: none !important; }
      `,
    );
    // The page's rules do apply to the page (the style tag works) ...
    await expect(page.locator('[data-testid="theme-toggle"]')).toBeHidden();
    // ... but not inside the shadow roots: everything looks the same.
    for (const id of WIDGETS) {
      const after = await look(host(page, id));
      expect(after, id).toEqual(before[id]);
      if (after.textarea) expect(after.textarea, id).not.toContain('rgb(255, 0, 0)');
    }
    await expect(w.endpoint.locator('textarea[data-testid="endpoint-policy"]')).toBeVisible();
    await expect(cellIn(w.exam, 'other-user')).toBeVisible();
    await expectCell(w.exam, 'other-user', 'ImplicitlyDenied');
  });

  test('the wasm module is fetched once for the four widgets; no request after load', async ({ page, baseURL }) => {
    const { requests, mark } = recordRequests(page);
    const w = await openNotes(page);
    mark();
    const loaded = requests.map((r) => r.url);
    const count = (file) => loaded.filter((u) => new URL(u.replace(/^worker /, '')).pathname.endsWith(`/${file}`)).length;
    expect(count('playground-web_bg.wasm'), 'fetches of the wasm module').toBe(1);
    expect(count('playground-web.js'), 'fetches of the JS glue').toBe(1);
    expect(count('widget.js'), 'fetches of widget.js').toBe(1);
    // Loading fetched only the page's own files, from where it was served.
    const origin = new URL(baseURL).origin;
    for (const url of loaded) expect(new URL(url.replace(/^worker /, '')).origin, url).toBe(origin);

    // Use everything: edit all editors, explain, switch themes and the endpoint switch.
    const editor = w.endpoint.locator('textarea[data-testid="endpoint-policy"]');
    await replaceText(
      editor,
      (await editor.inputValue()).replace(`"${arnOf('specific-user')}"`, `["${arnOf('specific-user')}", "${arnOf('other-user')}"]`),
    );
    await expectCell(w.endpoint, 'other-user', 'Allowed');
    await cellIn(w.endpoint, 'specific-user').click();
    await w.endpoint.locator('input[data-testid="via-endpoint"]').uncheck();
    const iam = w.identity.locator('textarea[data-testid="identity-policy"]');
    await iam.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n');
    await replaceText(iam, (await iam.inputValue()).replace('"us-east-1"', '"eu-west-1"'));
    await expectCell(w.identity, 'specific-user', 'ImplicitlyDenied');
    await w.identity.getByRole('button', { name: 'why?' }).click();
    for (const name of ['specific-user', 'other-user', 'ml-instance-role']) {
      const row = w.exam.locator('.pp-decision').filter({ has: page.locator(`[data-principal="${name}"]`) });
      await row.getByRole('button', { name: 'why?' }).click();
      await expect(row.locator('[data-testid="explanation"]')).toBeVisible();
    }
    // The quiz and the exam question.
    await w.quiz.locator('[data-testid="quiz-answer"][data-answer="allowed"]').first().click();
    await w.quiz.locator('[data-testid="quiz-reveal"]').last().click();
    await expect(w.quiz.locator('[data-testid="quiz-decision"]')).toHaveCount(2);
    await page.locator('[data-testid="exam-choice"][value="A"]').check();
    await page.locator('[data-testid="exam-choice"][value="B"]').check();
    await page.locator('[data-testid="exam-check"]').click();
    await expect(page.locator('[data-testid="exam-result"]')).toHaveAttribute('data-verdict', 'right');
    await page.locator('[data-testid="theme-toggle"]').click();
    await page.locator('[data-testid="theme-toggle"]').click();
    await page.waitForTimeout(1000);

    expect(requests.filter((r) => r.after).map((r) => r.url)).toEqual([]);
  });
});

test.describe('widget.js on an author\'s page', () => {
  // A page of the site's origin that is not in dist/: served by the test itself.
  const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>author page</title><link rel="icon" href="data:,"></head>
<body>
  <div id="bad-preset" data-policy-playground data-preset="no-such-preset"></div>
  <div id="bad-json" data-policy-playground><script type="application/json">{"principals": [</script></div>
  <div id="bad-scenario" data-policy-playground><script type="application/json">{"principals": 3}</script></div>
  <div id="good" data-policy-playground data-preset="deny-unless-endpoint" data-view="decision"></div>
  <script type="module" src="widget.js"></script>
</body></html>`;

  test('a bad preset or scenario shows an error in its host; the others mount; late widgets mount too', async ({ page, baseURL }) => {
    await page.route('**/_author-page.html', (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
    const { requests } = recordRequests(page);
    await page.goto(new URL('_author-page.html', baseURL).href);
    await expect(page.locator('#good')).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    await expect(page.locator('#good [data-testid="matrix"] [data-decision]').first()).toBeVisible();
    for (const [id, words] of [
      ['bad-preset', /no-such-preset/],
      ['bad-json', /scenario/],
      ['bad-scenario', /scenario/],
    ]) {
      const h = page.locator(`#${id}`);
      await expect(h, id).toHaveAttribute('data-error', /.*/);
      await expect(h, id).not.toHaveAttribute('data-ready', 'true');
      await expect(h, id).toBeVisible();
      await expect(h, id).toContainText(/^policy-playground: /);
      await expect(h, id).toContainText(words);
    }
    // A widget added later (a page that renders on the client) mounts with mountAll(), and the
    // wasm module is not fetched again.
    await page.evaluate(async () => {
      const el = document.createElement('div');
      el.id = 'late';
      el.setAttribute('data-policy-playground', '');
      el.dataset.preset = 'sagemaker-api-exam';
      el.dataset.actions = 'sagemaker:CreateTrainingJob';
      document.body.append(el);
      const { mountAll } = await import(new URL('widget.js', location.href).href);
      await mountAll();
      await mountAll(); // idempotent
    });
    const late = page.locator('#late');
    await expect(late).toHaveAttribute('data-ready', 'true');
    await expectCell(late, 'specific-user', 'Allowed');
    await expectCell(late, 'other-user', 'ImplicitlyDenied');
    expect(await late.evaluate((el) => el.shadowRoot.querySelectorAll('.pp-root').length)).toBe(1);
    expect(await page.locator('#good').evaluate((el) => el.shadowRoot.querySelectorAll('.pp-root').length)).toBe(1);
    expect(requests.filter((r) => r.url.endsWith('/playground-web_bg.wasm'))).toHaveLength(1);
  });
});

test.describe('embed.html, the iframe embed', () => {
  test('shows the scenario of a share link, with a link to the full playground', async ({ page, freshPage }) => {
    // A share link from the playground, after an edit: other-user allowed through the endpoint.
    const h = await openPlayground(page);
    const endpoint = (await h.endpoint.inputValue()).replace(
      `"${arnOf('specific-user')}"`,
      `["${arnOf('specific-user')}", "${arnOf('other-user')}"]`,
    );
    await replaceText(h.endpoint, endpoint);
    await expectDecision(page, 'other-user', CREATE, 'Allowed');
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#v2\./);
    const fragment = await settledHash(page);

    const embed = await page.context().newPage();
    const { requests, mark } = recordRequests(embed);
    await embed.goto(`/embed.html${fragment}`);
    const widget = embed.locator('[data-policy-playground]');
    await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    await expect(widget).not.toHaveAttribute('data-error', /.*/);
    mark();
    await expectCell(widget, 'specific-user', 'Allowed', 'embed: ');
    await expectCell(widget, 'other-user', 'Allowed', 'embed: ');
    await expectCell(widget, 'ml-instance-role', 'ImplicitlyDenied', 'embed: ');
    await expect(widget.locator('textarea[data-testid="endpoint-policy"]')).toHaveValue(endpoint);

    const open = widget.getByRole('link', { name: /open in the full playground/i });
    await expect(open).toBeVisible();
    const href = await open.getAttribute('href');
    expect(new URL(href, embed.url()).pathname).toMatch(/\/index\.html$/);
    expect(new URL(href, embed.url()).hash).toMatch(/^#v2\./);

    // The embed is live too, and its link follows its edits.
    await widget.locator('input[data-testid="via-endpoint"]').uncheck();
    await expect(open).not.toHaveAttribute('href', href);
    await widget.locator('input[data-testid="via-endpoint"]').check();
    await page.waitForTimeout(300);
    expect(requests.filter((r) => r.after).map((r) => r.url)).toEqual([]);

    // The link opens the same scenario in the full playground (fresh profile).
    const full = await freshPage(new URL(await open.getAttribute('href'), embed.url()).href);
    await expectDecision(full, 'other-user', CREATE, 'Allowed');
    await expect(full.locator('[data-testid="load-error"]')).toHaveCount(0);
    await expect(full.locator('textarea[data-testid="endpoint-policy"]')).toHaveValue(endpoint);
  });

  test('in an iframe of another page', async ({ page, baseURL }) => {
    const h = await openPlayground(page);
    await h.viaEndpoint.uncheck();
    await expectDecision(page, 'other-user', CREATE, 'Allowed');
    const fragment = await settledHash(page);
    // A host page of another origin (about:blank) with the iframe of the README.
    const src = new URL(`embed.html${fragment}`, baseURL).href;
    await page.setContent(`<!DOCTYPE html><p>host page</p><iframe src="${src}" width="100%" height="520"></iframe>`);
    const frame = page.frameLocator('iframe');
    const widget = frame.locator('[data-policy-playground]');
    await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    await expectCell(widget, 'other-user', 'Allowed', 'iframe: ');
    await expect(widget.locator('input[data-testid="via-endpoint"]')).not.toBeChecked();
  });

  for (const [what, fragment, says] of [
    ['invalid characters', '#v1.@@@', /damaged/],
    ['unknown version', '#v9.abc', /version/],
    ['no version', '#hello', /does not hold a playground scenario/],
    ['truncated data', '#v1.1VTBbtswDP0VQ8fC9iynaVfdii2HDBswL', /damaged/],
    ['no fragment at all', '', /does not hold a playground scenario/],
  ]) {
    test(`a garbled fragment (${what}) shows an error in the host`, async ({ page }) => {
      await page.goto(`/embed.html${fragment}`);
      const widget = page.locator('[data-policy-playground]');
      await expect(widget).toHaveAttribute('data-error', /.*/, { timeout: 15_000 });
      await expect(widget).not.toHaveAttribute('data-ready', 'true');
      await expect(widget).toBeVisible();
      const text = (await widget.innerText()).trim();
      expect(text).toMatch(/^policy-playground: \S/);
      expect(text).toMatch(says);
      expect(text.length, text).toBeGreaterThan('policy-playground: '.length + 10);
      expect(text.length, text).toBeLessThan(400);
      // In the error colour of the embed page.
      expect(await widget.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(207, 34, 46)');
    });
  }
});

test.describe("the README's snippet", () => {
  // The snippet of the README's "Embed it" section, as a page author would copy it.
  function readmeSnippet() {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Embed it'));
    const block = section.match(/```html\n([\s\S]*?)```/);
    expect(block, 'an ```html block in the README\'s "Embed it" section').not.toBeNull();
    return block[1];
  }

  test('is the documented two lines', () => {
    expect(readmeSnippet().trim()).toBe(
      '<script type="module" src="widget.js"></script>\n<div data-policy-playground data-preset="sagemaker-api-exam"></div>',
    );
  });

  for (const [what, wrap] of [
    ['alone in a file', (s) => s],
    ['in an HTML5 page', (s) => `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>My notes</title></head>\n<body>\n<h1>My notes</h1>\n${s}</body>\n</html>\n`],
  ]) {
    test(`works ${what} next to the built assets`, async ({ page }, testInfo) => {
      const name = `_snippet-test-${testInfo.workerIndex}-${what.replace(/\W+/g, '-')}.html`;
      const file = path.join(ROOT, 'dist', name);
      fs.writeFileSync(file, wrap(readmeSnippet()));
      // A page without an icon makes Chromium ask for /favicon.ico, which dist/ does not have: that
      // 404 is the author's page's business, not the widget's.
      await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
      try {
        await page.goto(`/${name}`);
        const widget = page.locator('[data-policy-playground]');
        await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
        await expect(widget).not.toHaveAttribute('data-error', /.*/);
        const cells = widget.locator('[data-testid="matrix"] [data-principal][data-action][data-decision]');
        await expect(cells.first()).toBeVisible();
        expect(await cells.count()).toBeGreaterThan(3);
        const principals = new Set(await cells.evaluateAll((cs) => cs.map((c) => c.dataset.principal)));
        expect(principals).toEqual(new Set(['specific-user', 'other-user', 'ml-instance-role']));
        // Editable: opening the endpoint to everyone changes decisions.
        const editor = widget.locator('textarea[data-testid="endpoint-policy"]');
        await expect(editor).toBeVisible();
        await expect(widget.locator('textarea[data-testid="identity-policy"]')).toBeVisible();
        await widget.locator('input[data-testid="via-endpoint"]').uncheck();
        await expect(widget.locator('[data-testid="matrix"] [data-principal="other-user"][data-decision="Allowed"]').first()).toBeVisible();
      } finally {
        fs.rmSync(file, { force: true });
      }
    });
  }
  test('a widget can show any layer\'s editor (data-edit names the layers)', async ({ page }, testInfo) => {
    const name = `_snippet-test-${testInfo.workerIndex}-layers.html`;
    const file = path.join(ROOT, 'dist', name);
    fs.writeFileSync(
      file,
      '<script type="module" src="widget.js"></script>\n<div data-policy-playground data-preset="boundary-caps-admin" data-edit="permissionsBoundary"></div>\n',
    );
    await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
    try {
      await page.goto(`/${name}`);
      const widget = page.locator('[data-policy-playground]');
      await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
      await expect(widget.locator('textarea[data-testid="endpoint-policy"]')).toHaveCount(0);
      const cell = widget.locator('[data-testid="matrix"] [data-principal="delegated-admin"][data-action="iam:CreateUser"]');
      await expect(cell).toHaveAttribute('data-decision', 'ImplicitlyDenied');
      await expect(cell).toHaveAttribute('data-blocked-by', 'permissionsBoundary');
      const boundary = widget.locator('textarea[data-testid="boundary-policy"]');
      await expect(boundary).toBeVisible();
      await boundary.fill('');
      await expect(cell).toHaveAttribute('data-decision', 'Allowed');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  // A page that declares no colour scheme (the README's plain file: black text on white) seen on a
  // machine that prefers dark: the widget (auto theme) must stay readable.
  for (const scheme of ['light', 'dark']) {
    test(`stays readable on a plain page when the OS prefers ${scheme}`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme: scheme });
      const name = `_snippet-test-${testInfo.workerIndex}-scheme-${scheme}.html`;
      const file = path.join(ROOT, 'dist', name);
      fs.writeFileSync(file, readmeSnippet());
      await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
      try {
        await page.goto(`/${name}`);
        const widget = page.locator('[data-policy-playground]');
        await expect(widget).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
        const c = await contrasts(widget);
        expect(c.textarea, 'editor text').toBeGreaterThanOrEqual(4.5);
        expect(c.header, 'grid header').toBeGreaterThanOrEqual(4.5);
      } finally {
        fs.rmSync(file, { force: true });
      }
    });
  }
});

