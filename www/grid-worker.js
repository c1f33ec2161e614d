// The grid's helper (src/web/helper.rs): this worker runs the page's own module, which, finding
// itself in a worker, answers the page's jobs (an account's import: the grid decided from its
// last row up while the page decides it from the top). Messages that arrive while the module
// loads are kept and handed to it once it listens.
const early = [];
const keep = (e) => early.push(e.data);
self.addEventListener('message', keep);
const { default: init } = await import('./playground-web.js');
await init({ module_or_path: './playground-web_bg.wasm' });
self.removeEventListener('message', keep);
for (const data of early) self.dispatchEvent(new MessageEvent('message', { data }));
