// Issue 15, point 5: hostile calls of the JavaScript API in the browser. Each is an answer (a
// `failure`), never a throw, and none leaves the module unusable: after hundreds of them a valid
// mount and a valid simulate still work.
import { test, expect } from './fixtures.mjs';

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>api page</title><link rel="icon" href="data:,"></head>
<body><div id="host"></div><div id="good"></div></body></html>`;

test('hostile mount options and arguments are failures, and the module stays usable', async ({ page, baseURL }) => {
  // Hundreds of hostile calls: 27 s of the default 30 s on a loaded machine. A hang guard.
  test.setTimeout(90_000);
  await page.route('**/_api-page.html', (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.goto(new URL('_api-page.html', baseURL).href);
  const outcome = await page.evaluate(async () => {
    const api = await import(new URL('playground-web.js', location.href).href);
    await api.default();
    const cyclic = { preset: 'sagemaker-api-exam' };
    cyclic.self = cyclic;
    const scenarioCycle = { principals: [] };
    scenarioCycle.principals.push(scenarioCycle);
    const throwing = {};
    Object.defineProperty(throwing, 'preset', { enumerable: true, get() { throw new Error('boom'); } });
    const proxy = new Proxy({}, { ownKeys() { throw new Error('trap'); }, get() { throw new Error('trap'); } });
    const hostile = [
      cyclic,
      { scenario: scenarioCycle },
      throwing,
      proxy,
      { preset: 10n },
      { playgroundUrl: 7, view: ['x'] },
      'not an object',
      42,
    ];
    const host = document.getElementById('host');
    const results = [];
    let threw = 0;
    for (let round = 0; round < 40; round += 1) {
      for (const options of hostile) {
        try {
          results.push(api.mount(host, options).type);
        } catch (e) {
          threw += 1;
        }
        for (const arg of [cyclic, proxy, throwing, 10n, Symbol('s')]) {
          try {
            results.push(api.simulate(arg).type, api.evaluateScenario(arg).type, api.validate(arg, arg).type);
          } catch (e) {
            threw += 1;
          }
        }
      }
    }
    const good = api.mount(document.getElementById('good'), { preset: 'deny-unless-endpoint', view: 'decision' });
    const decided = api.simulate({
      request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: '*' },
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
    });
    return { threw, kinds: [...new Set(results)], good: good.type, decision: decided.decision, calls: results.length };
  });
  expect(outcome.threw).toBe(0);
  expect(outcome.kinds).toEqual(['failure']);
  expect(outcome.calls).toBe(40 * 8 * (1 + 5 * 3));
  expect(outcome.good).toBe('success');
  expect(outcome.decision).toBe('Allowed');
  await expect(page.locator('#good')).toHaveAttribute('data-ready', 'true');
});
