// policy-playground widget. Add to any page, next to the built assets:
//   <script type="module" src="widget.js"></script>
//   <div data-policy-playground data-preset="sagemaker-api-exam"></div>
// or give the scenario inline:
//   <div data-policy-playground data-view="decision" data-edit="endpoint">
//     <script type="application/json">{"principals": [...], "endpoint": {"policy": "..."}}</script>
//   </div>
// Attributes: data-preset, data-actions (replaces the action filter), data-view (grid | decision),
// data-edit (editors, comma-separated: endpoint, identity, resourcePolicy, permissionsBoundary,
// sessionPolicy, scps, rcps; or none; default endpoint,identity), data-theme (auto | light | dark),
// data-from-hash (the scenario of a share link in the page's URL fragment),
// data-quiz (a quiz instead of the grid: the principals to ask about, separated by spaces or
// commas, empty for all; each × every action of data-actions) and data-quiz-prompt.
// The wasm module loads once for every widget of the page; nothing is sent anywhere.
import init, { mount } from './playground-web.js';

const base = new URL('./', import.meta.url);
let ready;

/** Loads the engine once (every widget of the page shares it). */
export function load() {
  ready ??= init({ module_or_path: new URL('playground-web_bg.wasm', base) });
  return ready;
}

/** Mounts every `[data-policy-playground]` element under `root` that is not mounted yet. */
export async function mountAll(root = document) {
  await load();
  for (const el of root.querySelectorAll('[data-policy-playground]:not([data-pp-mounted])')) {
    el.setAttribute('data-pp-mounted', '');
    const inline = el.querySelector('script[type="application/json"]');
    const options = {
      preset: el.dataset.preset,
      scenario: inline ? inline.textContent : undefined,
      view: el.dataset.view,
      edit: el.dataset.edit,
      theme: el.dataset.theme,
      actions: el.dataset.actions,
      fromHash: el.hasAttribute('data-from-hash'),
      quiz: el.hasAttribute('data-quiz') ? el.dataset.quiz : undefined,
      quizPrompt: el.dataset.quizPrompt,
      playgroundUrl: new URL('index.html', base).href,
    };
    const result = mount(el, options);
    if (result.type === 'failure') {
      el.setAttribute('data-error', '');
      el.textContent = 'policy-playground: ' + result.errors.map((e) => (e.help ? `${e.message} (${e.help})` : e.message)).join('; ');
    }
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => mountAll());
} else {
  mountAll();
}
