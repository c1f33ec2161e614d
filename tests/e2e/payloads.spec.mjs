// User strings never reach the page as markup. Share links and widget scenarios are built from
// every preset with a script payload in every string field of the scenario document (appended to
// the field, and replacing it), then opened on the page, in the iframe embed and in widgets.
// The browser context bypasses the Content-Security-Policy here: the policy would block these
// payloads anyway, and the point is that nothing renders them as markup in the first place.
// A payload that ran would set `window.__pwned` or open a dialog; a payload rendered as markup
// would leave an element marked `data-pwn` (or an `on…` attribute, or a `javascript:` link) in the
// page or in a widget's shadow root.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { test, expect, hooks, waitReady, settledHash, PRESETS } from './fixtures.mjs';

test.use({ bypassCSP: true });

// Each payload numbered, so that every poisoned string is unique.
const PAYLOADS = [
  (n) => `<img src=x data-pwn onerror="window.__pwned='img ${n}'">`,
  (n) => `<script data-pwn>window.__pwned='script ${n}'</script>`,
  (n) => `javascript:window.__pwned='url ${n}'//`,
  (n) => `"><svg data-pwn onload="window.__pwned='svg ${n}'">`,
  (n) => `'><img src=x data-pwn onerror=alert(${n})>`,
  (n) => `</textarea><img src=x data-pwn onerror="window.__pwned='textarea ${n}'">`,
];

const decodeLink = (hash) => JSON.parse(inflateRawSync(Buffer.from(hash.replace(/^#v2\./, ''), 'base64url')).toString('utf8'));
const encodeLink = (doc) => `#v2.${deflateRawSync(Buffer.from(JSON.stringify(doc))).toString('base64url')}`;

// Every string of `doc` given a payload (in turn, so that each kind lands in every sort of field
// across the presets): appended to it, or in its place; except the strings the document format
// reads as one of a few words (`"expect": "Allowed"`) or as an address (a network's IPv4
// ranges): a payload there makes the whole document unreadable (a clear error, tested in
// share.spec.mjs), so each such string is put back, as the page's own reader (`evaluateScenario`)
// names it, until the document reads. (Errors in policy texts are fine: the page shows them.)
// Returns the document and how many strings carry a payload.
async function poison(page, doc, mode, start) {
  const leaves = [];
  const walk = (v) => {
    if (typeof v === 'string') {
      const n = start + leaves.length;
      const p = PAYLOADS[n % PAYLOADS.length](n);
      const leaf = { original: v, poisoned: mode === 'append' ? v + p : p, kept: true };
      leaves.push(leaf);
      return leaf;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const shape = walk(doc);
  const build = (v) => {
    if (leaves.includes(v)) return v.kept ? v.poisoned : v.original;
    if (Array.isArray(v)) return v.map(build);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, build(x)]));
    return v;
  };
  for (let round = 0; round <= leaves.length; round++) {
    const out = build(shape);
    const problem = await page.evaluate((d) => {
      const r = window.wasmBindings.evaluateScenario(d);
      return r.type === 'success' ? null : r.errors.map((e) => e.message).join('; ');
    }, out);
    const unreadable = problem && /the scenario is not valid|unknown variant|is not an IPv4|IPv4 address/.test(problem);
    const done = { doc: out, strings: leaves.filter((l) => l.kept).length, next: start + leaves.length, problem: unreadable ? problem : null };
    if (!unreadable) return done;
    const named = [...problem.matchAll(/`([\s\S]*?)`/g)].map((m) => m[1]);
    let culprits = leaves.filter((l) => l.kept && named.includes(l.poisoned));
    if (culprits.length === 0) culprits = leaves.filter((l) => l.kept && /^[\d.]+(\/\d+)?$/.test(l.original));
    if (culprits.length === 0) return done;
    for (const l of culprits) l.kept = false;
  }
  throw new Error('unreachable');
}

// Nothing ran, and nothing was rendered as markup, in the page, its frames or any shadow root.
async function expectHarmless(page, where, dialogs) {
  for (const frame of page.frames()) {
    const found = await frame.evaluate(() => {
      const hits = [];
      const visit = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.hasAttribute('data-pwn')) hits.push(`<${el.localName} data-pwn>`);
          for (const a of el.attributes) if (/^on/i.test(a.name)) hits.push(`${el.localName}[${a.name}]`);
          if (el.localName === 'a' && /^\s*javascript:/i.test(el.getAttribute('href') ?? '')) hits.push(`a[href=${el.getAttribute('href')}]`);
          if (el.shadowRoot) visit(el.shadowRoot);
        }
      };
      visit(document);
      return { pwned: window.__pwned ?? null, hits };
    });
    expect(found, `${where} (${frame.url().slice(0, 80)})`).toEqual({ pwned: null, hits: [] });
  }
  expect(dialogs, `${where}: dialogs`).toEqual([]);
}

// Text shown in the page and its shadow roots (textarea values included): proves a payload
// reached the page as text.
const shownText = (page) =>
  page.evaluate(() => {
    const parts = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'textarea' || el.localName === 'input') parts.push(el.value);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
      parts.push((root === document ? document.body : root).textContent ?? '');
    };
    visit(document);
    return parts.join('\n');
  });

// The presets' documents, read back from the page's own share links.
async function presetDocuments(page) {
  await page.goto('/');
  await waitReady(page);
  const docs = {};
  for (const id of PRESETS) {
    await hooks(page).preset.selectOption(id);
    await expect(hooks(page).cells.first()).toBeVisible();
    docs[id] = decodeLink(await settledHash(page));
  }
  return docs;
}

for (const mode of ['append', 'replace']) {
  test(`share links with a payload in every string field (${mode}) run nothing, on the page and in the embed`, async ({ page }) => {
    test.setTimeout(240_000);
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    const docs = await presetDocuments(page);
    const poisonedDocs = {};
    let n = 0;
    let strings = 0;
    for (const [id, doc] of Object.entries(docs)) {
      const poisoned = await poison(page, doc, mode, n);
      n = poisoned.next;
      strings += poisoned.strings;
      expect(poisoned.problem, `${id}: the poisoned document reads`).toBeNull();
      poisonedDocs[id] = poisoned.doc;
    }
    for (const [id, doc] of Object.entries(poisonedDocs)) {
      const link = encodeLink(doc);
      // The page: whatever it makes of the document (a grid, diagnostics or a load error). From
      // another document first: a new fragment alone would not load the page again.
      await page.goto('about:blank');
      await page.goto(`/${link}`);
      await expect(hooks(page).ready.or(hooks(page).loadError).first()).toBeVisible({ timeout: 15_000 });
      const h = hooks(page);
      if ((await h.cells.count()) > 0) {
        await h.cells.first().click();
        await expect(h.explanation).toBeVisible();
      }
      if ((await page.getByTestId('network-tab').count()) > 0) await page.getByTestId('network-tab').click();
      await expectHarmless(page, `page, ${id}`, dialogs);
      expect(await shownText(page), `page, ${id}: a payload shows as text`).toMatch(/<img src=x data-pwn|<script data-pwn|<svg data-pwn|javascript:window/);
      // The iframe embed.
      await page.goto('about:blank');
      await page.goto(`/embed.html${link}`);
      await expect(page.locator('[data-policy-playground][data-ready="true"], [data-policy-playground][data-error]')).toHaveCount(1, { timeout: 15_000 });
      const why = page.locator('[data-policy-playground]').getByRole('button', { name: /why/i });
      if ((await why.count()) > 0) await why.first().click();
      await expectHarmless(page, `embed, ${id}`, dialogs);
    }
    expect(strings, 'string fields poisoned').toBeGreaterThan(100);
  });
}

test('widget scenarios with a payload in every string field run nothing (every editor, grid, decision and quiz)', async ({ page }) => {
  test.setTimeout(240_000);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const docs = await presetDocuments(page);
  const poisonedDocs = [];
  let n = 0;
  let strings = 0;
  for (const mode of ['append', 'replace']) {
    for (const [id, doc] of Object.entries(docs)) {
      const poisoned = await poison(page, doc, mode, n);
      n = poisoned.next;
      strings += poisoned.strings;
      expect(poisoned.problem, `${id}: the poisoned document reads`).toBeNull();
      poisonedDocs.push({ id, mode, doc: poisoned.doc, actions: doc.actions });
    }
  }
  await page.goto('/embed.html');
  await expect(page.locator('[data-policy-playground][data-error]')).toHaveCount(1, { timeout: 15_000 });
  let mounted = 0;
  const failures = [];
  {
    for (const { id, mode, doc, actions } of poisonedDocs) {
      const results = await page.evaluate(async ({ scenario, actions }) => {
        const { mount } = await import('./playground-web.js');
        const out = [];
        for (const options of [
          { scenario, edit: 'endpoint,identity,resourcePolicy,permissionsBoundary,sessionPolicy,scps,rcps' },
          { scenario: JSON.stringify(scenario), view: 'decision', edit: 'none' },
          { scenario, quiz: '', actions },
        ]) {
          const el = document.createElement('div');
          el.dataset.poisoned = '';
          document.body.append(el);
          const r = mount(el, options);
          out.push(r.type === 'success' ? 'success' : r.errors.map((e) => e.message).join('; '));
        }
        return out;
      }, { scenario: doc, actions });
      mounted += results.filter((r) => r === 'success').length;
      failures.push(...results.filter((r) => r !== 'success').map((r) => `${id} (${mode}): ${r}`));
      // Let them render, then open explanations, select cells and answer questions.
      await page.waitForTimeout(100);
      await page.evaluate(() => {
        for (const host of document.querySelectorAll('[data-poisoned]')) {
          const root = host.shadowRoot;
          if (!root) continue;
          for (const b of root.querySelectorAll('button')) if (/why|allowed|show the answer/i.test(b.textContent)) b.click();
          root.querySelector('[data-testid="matrix"] [data-decision]')?.click();
        }
      });
      await page.waitForTimeout(100);
      await expectHarmless(page, `widgets, ${id} (${mode})`, dialogs);
      await page.evaluate(() => document.querySelectorAll('[data-poisoned]').forEach((el) => el.remove()));
    }
  }
  expect(strings, 'string fields poisoned').toBeGreaterThan(200);
  // Every document mounts in every form (the quiz of a scenario with more than 12 questions is
  // refused as the README says, whatever its strings).
  expect(failures.filter((f) => !/the quiz would ask about \d+ cells .*; at most 12$/.test(f)), 'widgets that did not mount').toEqual([]);
  expect(mounted).toBeGreaterThan(2 * PRESETS.length);
});

test('a widget renders only http(s) or relative links: a javascript: playgroundUrl is refused', async ({ page }) => {
  await page.goto('/embed.html');
  await expect(page.locator('[data-policy-playground][data-error]')).toHaveCount(1, { timeout: 15_000 });
  const outcome = await page.evaluate(async () => {
    const { mount } = await import('./playground-web.js');
    const tryUrl = async (playgroundUrl) => {
      const el = document.createElement('div');
      document.body.append(el);
      const result = mount(el, { preset: 'sagemaker-api-exam', playgroundUrl });
      // The widget renders in the next tasks.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const link = el.shadowRoot?.querySelector('a.pp-open');
      return { type: result.type, message: result.errors?.[0]?.message ?? null, href: link ? link.getAttribute('href') : null };
    };
    const all = (urls) => Promise.all(urls.map(tryUrl));
    return {
      refused: await all([
        'javascript:window.__pwned=1',
        ' JavaScript:window.__pwned=1',
        'java\tscript:window.__pwned=1',
        'data:text/html,<script>window.__pwned=1</script>',
        'vbscript:x',
      ]),
      accepted: await all(['https://example.com/playground/', 'index.html', '../play/']),
    };
  });
  for (const r of outcome.refused) {
    expect(r.type).toBe('failure');
    expect(r.message).toContain('playgroundUrl');
    expect(r.href).toBeNull();
  }
  expect(outcome.accepted.map((r) => [r.type, r.href.split('#')[0]])).toEqual([
    ['success', 'https://example.com/playground/'],
    ['success', 'index.html'],
    ['success', '../play/'],
  ]);
  await expectHarmless(page, 'after the refused URLs', []);
});
