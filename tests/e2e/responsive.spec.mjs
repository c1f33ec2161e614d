// From 1280 px wide down to a tablet (1024, 768): the page never scrolls sideways (the grid scrolls
// inside its own box), its panels do not overlap, and the key controls (the endpoint policy, the
// grid and its explanation, the layer tabs and the network tab) stay visible and usable. The example page and the
// embed fit as well.
import { test, expect, openPlayground } from './fixtures.mjs';

const WIDTHS = [1280, 1024, 768];

// The page's width beyond the viewport, in CSS pixels (0 when it does not scroll sideways).
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

// Pairs of the given elements whose boxes intersect.
const overlaps = (page, selector) =>
  page.locator(selector).evaluateAll((els) => {
    const boxes = els.map((el) => [el.className || el.tagName, el.getBoundingClientRect()]);
    const out = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [[na, a], [nb, b]] = [boxes[i], boxes[j]];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${na} × ${nb}`);
      }
    }
    return out;
  });

for (const width of WIDTHS) {
  test(`responsive: the playground at ${width} px wide`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const h = await openPlayground(page);
    expect(await overflow(page), 'page wider than the viewport').toBeLessThanOrEqual(0);
    // The seed's first cell: a long action name in the explanation's heading.
    await h.cells.first().click();
    await expect(h.explanation).toBeVisible();
    expect(await overflow(page), 'page wider than the viewport, the first cell explained').toBeLessThanOrEqual(0);
    // The preset with the most on screen: resources, an organization, long ARNs.
    await h.preset.selectOption('rcp-org-perimeter');
    await expect(h.cells.first()).toBeVisible();
    expect(await overflow(page), 'page wider than the viewport, rcp-org-perimeter').toBeLessThanOrEqual(0);

    // The endpoint policy takes the caret and typing.
    await h.endpoint.click();
    await expect(h.endpoint).toBeFocused();
    await page.keyboard.type(' ');
    await expect(h.endpoint).toHaveValue(/^ /);

    // A cell explains itself, beside or under the grid, without covering it.
    const cell = h.cells.nth(1);
    await cell.click();
    await expect(h.explanation).toBeVisible();
    await expect(page.locator('[data-testid="flow"]')).toBeVisible();
    expect(await overlaps(page, '.grid-scroll, [data-testid="explanation"]'), 'grid and explanation overlap').toEqual([]);
    expect(await overflow(page), 'page wider than the viewport, a cell explained').toBeLessThanOrEqual(0);

    // Every layer tab is in view and opens its layer.
    for (const tab of await page.locator('[data-testid="layer-tab"]').all()) {
      await expect(tab).toBeVisible();
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      expect(await overflow(page), `page wider than the viewport, layer ${await tab.getAttribute('data-layer')}`).toBeLessThanOrEqual(0);
    }
    // The Network tab too, with the starter network and a value that cannot apply (its reason
    // under the field): its tables scroll inside their sections when they do not fit.
    await page.getByTestId('network-tab').click();
    await page.getByTestId('network-add').click();
    await page.getByRole('textbox', { name: 'source range of inbound rule 100 of acl-default', exact: true }).fill('10.0.0.0/33');
    await expect(page.getByTestId('network-cell-error')).toBeVisible();
    expect(await overflow(page), 'page wider than the viewport, the network tab').toBeLessThanOrEqual(0);

    // The panels sit next to or under each other, never on top.
    expect(await overlaps(page, '.playground > section.panel, .side-by-side > section.panel'), 'panels overlap').toEqual([]);
    // The grid scrolls inside its own box when its columns do not fit.
    const grid = await page.locator('.grid-scroll').evaluate((el) => ({ right: el.getBoundingClientRect().right, inner: innerWidth }));
    expect(grid.right).toBeLessThanOrEqual(grid.inner);
  });
}

test('responsive: the example page and the embed fit a tablet', async ({ page }) => {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/notes.html');
    await expect(page.locator('[data-policy-playground][data-ready="true"]')).toHaveCount(4, { timeout: 15_000 });
    expect(await overflow(page), `notes.html at ${width} px`).toBeLessThanOrEqual(0);
  }
  const h = await openPlayground(page);
  await h.viaEndpoint.uncheck();
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#v2\./);
  const fragment = new URL(page.url()).hash;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/embed.html${fragment}`);
    await expect(page.locator('[data-policy-playground]')).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    expect(await overflow(page), `embed.html at ${width} px`).toBeLessThanOrEqual(0);
  }
});
