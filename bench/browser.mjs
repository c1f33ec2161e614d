// The browser benchmark: the built page (dist/) in headless Chromium, driven by Playwright.
// Run by `scripts/bench.sh --browser` (which builds dist/ first when needed); by hand:
//   node bench/browser.mjs [--dist DIR] [--runs 15] [--keystrokes 60] [--warmup 10] [--throttle 1,4]
//     [--only first-render|keystrokes] [--json FILE] [--profile [FILE]] [--profile-wasm raw|opt]
//     [--css FILE] [--page-script FILE] [--mouse toolbar|grid|outside] [--stack] [--baseline]
//     [--network] [--all-actions] [--against DIR]
//
// A benchmark, not a test: it fails only when it cannot run, or when the page stops giving the
// expected decisions. Figures (medians and p90, nearest rank):
// (a) first render: RUNS navigations, each in a new browser context (empty profile: no HTTP or
//     wasm code cache), reading `#app[data-ready-ms]`, which the page sets after its first render
//     of a decided grid: milliseconds since navigation start. Target: median <= 300 ms.
// (b) keystroke -> updated grid, on the seed preset widened to 10 principals (the "+ principal"
//     button 7 times) x every SageMaker action (449 rows, 4,490 cells). KEYSTROKES one-character
//     edits of the endpoint policy, alternately changing decisions (typing / deleting the last
//     letter of other-user's ARN in the Principal list: other-user x CreateTrainingJob flips
//     between Allowed and ImplicitlyDenied) and not (adding / removing a space at the end of a
//     line). Each edit sets the textarea's value and dispatches one bubbling `input` event, like a
//     keystroke; it is timed from just before the dispatch to
//       script  the DOM reflects the edit (a MutationObserver sees the editor's backdrop text and,
//               for decision edits, the cell's data-decision updated): Yew's update, view, diff
//               and patch;
//       rAF1    the first requestAnimationFrame callback after that (the frame that will show it;
//               includes waiting for the next frame boundary);
//       paint   a message posted from that rAF callback: style, layout and paint of that frame done;
//       rAF2    the second requestAnimationFrame (the frame after it).
//     and, per edit, the main thread's thread time as Chromium counts it (CDP Performance.getMetrics
//     deltas: script, style recalculation, layout, all tasks), which a busy machine disturbs less.
//     Target: rAF1 median <= 16 ms. Edits are spaced by 40-90 ms (random, so they do not lock to
//     the frame clock), after WARMUP unmeasured edits.
// Both with Chromium's CPU not throttled (rate 1, the default) and throttled (CDP
// Emulation.setCPUThrottlingRate, rate 4 by default: a slower laptop or a phone).
// --profile: also records a CPU profile (CDP Profiler) of the keystrokes at the first rate and
//   prints the functions that take the time, then traces them (devtools.timeline) for the renderer
//   main thread's Layout, PrePaint, Paint... Function names need a wasm with its name section: the
//   shipped dist/ has none (wasm-opt drops it), so with --profile the page is served from a copy of
//   dist/ whose wasm is target/wasm32-unknown-unknown/wasm-release/playground-web.wasm (what the
//   last `trunk build --release` compiled: opt-level z, LTO) through the same `wasm-bindgen
//   --target web`, without wasm-opt (--profile-wasm raw, the default: wasm-opt merges similar
//   functions, whose samples then land on one name) or with `wasm-opt -O1 -g` (--profile-wasm opt,
//   the level www/index.html asks of Trunk).
// --css FILE / --page-script FILE: a stylesheet (also added at DOMContentLoaded for the first
//   render) / a script added to the page before the keystrokes, for what-if experiments (e.g. `.matrix { table-layout: fixed }`, or a no-op
//   history.replaceState).
// --against DIR: the keystrokes also on the build in DIR (another commit's `trunk build`), each edit
//   made on both pages in turn, and a table of the paired differences: whether a change made a
//   keystroke slower, measured so that the machine's slower moments fall on both builds alike;
//   likewise the first render, navigations to both builds in turn.
// dist/ is copied to a temporary directory first, so a rebuild during the run changes nothing.

import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { serve } from './serve.mjs'
import { createHash } from 'node:crypto'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { chromium } = createRequire(join(REPO, 'package.json'))('playwright-core')

// ---------------------------------------------------------------- options
const opts = {
  dist: join(REPO, 'dist'),
  runs: 15,
  keystrokes: 60,
  warmup: 10,
  throttle: [1, 4],
  profile: null,
  json: null,
  principals: 10,
  css: null,
  names: 'raw',
  pageScript: null,
  mouse: 'toolbar',
  only: null,
  stack: false,
  baseline: false,
  network: false,
  allActions: false,
}
{
  const args = process.argv.slice(2)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const value = () => {
      if (i + 1 >= args.length) usage(`${a} needs a value`)
      return args[++i]
    }
    if (a === '--dist') opts.dist = resolve(value())
    else if (a === '--runs') opts.runs = Number(value())
    else if (a === '--keystrokes') opts.keystrokes = Number(value())
    else if (a === '--warmup') opts.warmup = Number(value())
    else if (a === '--throttle') opts.throttle = value().split(',').map(Number)
    else if (a === '--json') opts.json = resolve(value())
    else if (a === '--css') opts.css = readFileSync(resolve(value()), 'utf8')
    else if (a === '--page-script') opts.pageScript = readFileSync(resolve(value()), 'utf8')
    else if (a === '--mouse') opts.mouse = value()
    else if (a === '--stack') opts.stack = true
    else if (a === '--baseline') opts.baseline = true
    else if (a === '--network') opts.network = true
    else if (a === '--all-actions') opts.allActions = true
    else if (a === '--against') opts.against = resolve(value())
    else if (a === '--only') opts.only = value()
    else if (a === '--profile-wasm') opts.names = value()
    else if (a === '--profile') {
      opts.profile =
        i + 1 < args.length && !args[i + 1].startsWith('--')
          ? resolve(args[++i])
          : join(REPO, 'target', 'bench-browser', 'keystrokes.cpuprofile')
    } else usage(`unknown argument ${a}`)
  }
  if (!(opts.runs >= 1 && opts.keystrokes >= 2 && opts.warmup >= 0 && opts.throttle.every((r) => r >= 1))) usage('bad numbers')
  if (!['toolbar', 'grid', 'outside'].includes(opts.mouse)) usage(`--mouse ${opts.mouse}?`)
  if (![null, 'first-render', 'keystrokes'].includes(opts.only)) usage(`--only ${opts.only}?`)
  if (!['opt', 'raw'].includes(opts.names)) usage(`--profile-wasm ${opts.names}?`)
}
function usage(msg) {
  console.error(`bench/browser.mjs: ${msg}`)
  console.error('usage: node bench/browser.mjs [--dist DIR] [--runs N] [--keystrokes N] [--warmup N] [--throttle 1,4]')
  console.error('         [--profile [FILE]] [--profile-wasm opt|raw] [--json FILE] [--only first-render|keystrokes]')
  console.error('         [--css FILE] [--page-script FILE] [--mouse toolbar|grid|outside] [--stack] [--baseline] [--network] [--all-actions]')
  console.error('         [--against DIR]')
  process.exit(2)
}

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const VIEWPORT = { width: 1280, height: 900 }
const CREATE = 'sagemaker:CreateTrainingJob'
const SEED_ACTIONS = 449
const FIRST_RENDER_TARGET_MS = 300
const KEYSTROKE_TARGET_MS = 16

// ---------------------------------------------------------------- helpers
function quantile(values, p) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]
}
const median = (v) => quantile(v, 0.5)
const p90 = (v) => quantile(v, 0.9)
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : String(x))
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`
const log = (...a) => console.error('bench/browser:', ...a)
function fail(msg) {
  console.error(`bench/browser: ${msg}`)
  process.exit(1)
}


/** A copy of dist/ whose wasm keeps its function names (for --profile). */
function namedCopy(dist, into) {
  const raw = join(REPO, 'target', 'wasm32-unknown-unknown', 'wasm-release', 'playground-web.wasm')
  if (!existsSync(raw)) fail(`${raw} is missing: run 'trunk build --release --offline' first`)
  const wasmFile = readdirSync(dist).find((f) => f.endsWith('_bg.wasm'))
  const jsFile = wasmFile.replace(/_bg\.wasm$/, '.js')
  const stem = jsFile.replace(/\.js$/, '')
  const tmp = join(into, 'bindgen')
  const bin = (name) => {
    for (const d of [join(process.env.HOME || '', '.cargo', 'bin'), join(REPO, 'node_modules', '.bin')]) {
      if (existsSync(join(d, name))) return join(d, name)
    }
    return name
  }
  execFileSync(bin('wasm-bindgen'), ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', stem, raw], {
    stdio: 'inherit',
  })
  // raw (default): cargo's output (opt-level z, LTO) without wasm-opt, which merges similar
  // functions under one name (their samples then land on the wrong name); opt: wasm-opt -O1 -g,
  // the shipped code (www/index.html's data-wasm-opt) with names, for comparison.
  if (opts.names === 'raw') cpSync(join(tmp, `${stem}_bg.wasm`), join(into, 'dist', wasmFile))
  else {
    execFileSync(bin('wasm-opt'), ['-O1', '-g', join(tmp, `${stem}_bg.wasm`), '-o', join(into, 'dist', wasmFile)], {
      stdio: 'inherit',
    })
  }
  cpSync(join(tmp, `${stem}.js`), join(into, 'dist', jsFile))
  // The files changed: drop Trunk's subresource-integrity hashes.
  const index = join(into, 'dist', 'index.html')
  writeFileSync(index, readFileSync(index, 'utf8').replace(/\s+integrity="[^"]*"/g, ''))
  rmSync(tmp, { recursive: true, force: true })
}

async function newPage(browser, rate) {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' })
  const page = await context.newPage()
  const errors = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(String(e)))
  const cdp = await context.newCDPSession(page)
  if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate })
  return { context, page, cdp, errors }
}

// ---------------------------------------------------------------- (a) first render
// Playwright's locators inject a large script into the page, which would run in the middle of
// the measured load (Yew yields to the browser before `rendered`, and the page marks
// data-ready-ms there): the page is watched by a tiny init script instead, read with raw CDP.
function watchReady() {
  window.__benchReady = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const app = document.getElementById('app')
      if (app && app.dataset.readyMs) {
        observer.disconnect()
        resolve(Number(app.dataset.readyMs))
      }
    })
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready-ms'] })
  })
}

/** One navigation in a new context: data-ready-ms, the wasm's responseEnd, first contentful paint. */
async function oneRender(browser, url, rate) {
  const { context, page, cdp, errors } = await newPage(browser, rate)
  await context.addInitScript(watchReady)
  if (opts.css) {
    await context.addInitScript((css) => {
      document.addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style')
        style.textContent = css
        document.head.append(style)
      })
    }, opts.css)
  }
  await page.goto(url, { waitUntil: 'commit' })
  const expression = `Promise.race([window.__benchReady, new Promise((r) => setTimeout(() => r(NaN), 30000))]).then(async (ready) => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))
    // The paint entry arrives once the frame is presented, possibly after data-ready-ms.
    const fcp = await new Promise((resolve) => {
      setTimeout(() => resolve(NaN), 2000)
      new PerformanceObserver((list) => {
        const e = list.getEntriesByName('first-contentful-paint')[0]
        if (e) resolve(e.startTime)
      }).observe({ type: 'paint', buffered: true })
    })
    return { ready, wasm: wasm ? wasm.responseEnd : NaN, fcp }
  })`
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
  if (exceptionDetails) fail(`reading data-ready-ms: ${exceptionDetails.text}`)
  const r = result.value
  if (!Number.isFinite(r.ready)) fail('#app got no data-ready-ms within 30 s: does dist/ predate it? (rebuild with trunk build --release --offline)')
  if (errors.length) fail(`page errors: ${errors.join('; ')}`)
  await context.close()
  return r
}

async function firstRender(browser, url, rate, againstUrl = null) {
  const runs = { ready: [], fetched: [], fcp: [] }
  const against = { ready: [], fetched: [], fcp: [] }
  const record = (into, r) => {
    into.ready.push(r.ready)
    into.fetched.push(r.wasm)
    into.fcp.push(r.fcp)
  }
  for (let i = 0; i < opts.runs; i++) {
    // --against: this build and the other in turn (this one first on runs 0, 1, 4, 5...).
    if (againstUrl && i % 4 >= 2) record(against, await oneRender(browser, againstUrl, rate))
    record(runs, await oneRender(browser, url, rate))
    if (againstUrl && i % 4 < 2) record(against, await oneRender(browser, againstUrl, rate))
  }
  return againstUrl ? { ...runs, against } : runs
}

// ---------------------------------------------------------------- (b) keystrokes
// --stack: before the keystrokes, fill every other layer through the page's editors, so that each
// cell is decided with them: the accounts put in an organization (FullAWSAccess at the root and
// the account) with one more SCP at the root, an RCP at the root, a resource with a policy,
// specific-user's permissions boundary and ml-instance-role's session policy. The SCP, boundary
// and session policy allow SageMaker, so the decisions the keystrokes flip stay the same; RCPs and
// the resource policy do not apply to SageMaker's actions (the RCP list; the resource is an S3
// object), and are decided as such.
const STACK_SCP = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*","sagemaker:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1"]}}}]}'
const STACK_RCP = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}'
const STACK_RESOURCE = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1b2c3d4e5f67890"}}}]}'
const STACK_BOUNDARY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sagemaker:*","s3:*"],"Resource":"*"}]}'
const STACK_SESSION = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:*","Resource":"*"}]}'

async function fillEveryLayer(page) {
  const tab = (layer) => page.locator(`[data-testid="layer-tab"][data-layer="${layer}"]`).click()
  const set = async (selector, text) => {
    const area = page.locator(selector)
    await area.fill(text)
    await page.locator('[data-testid="matrix"][data-stale="false"]').waitFor()
  }
  await tab('scps')
  await page.getByRole('button', { name: 'Put the accounts in an organization' }).click()
  await page.getByRole('button', { name: '+ SCP' }).first().click()
  await set('textarea[data-testid="scp"][data-level="0"] >> nth=1', STACK_SCP)
  await tab('rcps')
  await page.getByRole('button', { name: '+ RCP' }).first().click()
  await set('textarea[data-testid="rcp"][data-level="0"]', STACK_RCP)
  await tab('resourcePolicy')
  await page.getByRole('button', { name: '+ resource' }).click()
  await set('textarea[data-testid="resource-policy"]', STACK_RESOURCE)
  await page.locator('[data-testid="principal"][data-principal="specific-user"]').click()
  await tab('permissionsBoundary')
  await set('textarea[data-testid="boundary-policy"]', STACK_BOUNDARY)
  await page.locator('[data-testid="principal"][data-principal="ml-instance-role"]').click()
  await tab('sessionPolicy')
  await set('textarea[data-testid="session-policy"]', STACK_SESSION)
  await page.locator('[data-testid="principal"][data-principal="specific-user"]').click()
  const errors = await page.locator('[data-testid="diagnostic"].error').count()
  if (errors) fail(`--stack: the filled layers have ${errors} errors`)
}

async function addNetwork(page) {
  const before = await page.locator('[data-testid="matrix"] [data-decision]').evaluateAll((cells) => cells.map((c) => c.dataset.decision).join())
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()])
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'))
  doc.network = JSON.parse(readFileSync(join(REPO, 'bench', 'network.json'), 'utf8'))
  for (const p of doc.principals) p.workload = 'notebook'
  await page.getByTestId('import-file').setInputFiles({ name: 'network.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) })
  await page.getByTestId('import-done').waitFor()
  await page.locator('[data-testid="workload"][data-workload="notebook"]').waitFor()
  const after = await page.locator('[data-testid="matrix"] [data-decision]').evaluateAll((cells) => cells.map((c) => c.dataset.decision).join())
  if (after !== before) fail('--network: the network changed the grid\'s decisions')
}

// --all-actions: the filter set to `*`, then the grid scrolled (a binary search on its scroll
// position over the rows, which are in catalog order: by service prefix, then by name, ignoring
// case) until other-user x CreateTrainingJob is rendered.
async function showEveryAction(page) {
  const filter = page.getByTestId('action-filter')
  await filter.fill('*')
  // Every action: the grid is decided in slices after the typing pause (its progress shown,
  // the matrix marked stale meanwhile); wait for all of its rows.
  await page.waitForFunction(() => {
    const m = document.querySelector('[data-testid="matrix"]')
    return m?.dataset.stale === 'false' && !document.querySelector('[data-testid="grid-progress"]') &&
      Number(m.getAttribute('aria-rowcount')) > 10000
  }, null, { timeout: 60_000 })
  const found = await page.evaluate(async (target) => {
    // Two frames and a pause: on a busy machine the windowed rows may render a frame late.
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))
    const scroller = document.querySelector('.grid-scroll')
    // Until the rows rendered are those of the scroll position (24 px a row): a loaded machine
    // renders them frames late, and the search must not read the rows of the last position.
    const settle = async () => {
      const line = Math.floor(scroller.scrollTop / 24)
      for (let i = 0; i < 40; i++) {
        await frame()
        const rows = [...document.querySelectorAll('[data-testid="matrix"] tr[aria-rowindex]')]
        if (rows.some((r) => Math.abs(Number(r.getAttribute('aria-rowindex')) - line) < 40)) return
      }
    }
    const key = (a) => { const [p, n] = a.toLowerCase().split(':'); return [p, n] }
    const before = (a, b) => (a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1])
    const want = key(target)
    const cell = () => document.querySelector(`[data-testid="matrix"] [data-principal="other-user"][data-action="${target}"][data-decision]`)
    // The grid's full height is set by its spacer rows a frame or more after its rows arrive:
    // search only once it is there (else the search stays in the first screens).
    const rowCount = Number(document.querySelector('[data-testid="matrix"]').getAttribute('aria-rowcount'))
    for (let i = 0; i < 100 && scroller.scrollHeight < rowCount * 24 * 0.9; i++) await frame()
    let lo = 0
    let hi = scroller.scrollHeight
    const trail = []
    for (let step = 0; step < 40 && !cell(); step++) {
      const mid = Math.floor((lo + hi) / 2)
      scroller.scrollTop = mid
      await settle()
      const actions = [...document.querySelectorAll('[data-testid="matrix"] [data-action]')].map((c) => c.dataset.action)
      if (actions.length === 0) break
      trail.push(`${mid}:${actions[0]}..${actions[actions.length - 1]}`)
      const first = key(actions[0])
      if (before(want, first)) hi = mid
      else lo = mid
    }
    const c = cell()
    if (c) c.scrollIntoView({ block: 'center' })
    await frame()
    return { found: !!cell(), rows: document.querySelector('[data-testid="matrix"]').getAttribute('aria-rowcount'), trail }
  }, CREATE)
  if (!found.found) fail(`--all-actions: the row of other-user x CreateTrainingJob could not be scrolled into view (${found.rows} rows; the search saw ${found.trail.join(' ')})`)
  return found
}

const SPECIFIC_ARN = 'arn:aws:iam::111122223333:user/specific-user'
const OTHER_ARN = 'arn:aws:iam::111122223333:user/other-user'

/** A page ready for the keystroke workload: `run(count)` makes `count` edits (after a reset) and
 * returns their figures, `one(i)` makes edit `i` alone, `close()` ends it. */
async function keystrokePage(browser, url, rate, { profile: profileOn = false } = {}) {
  const { context, page, cdp, errors } = await newPage(browser, rate)
  await page.goto(url)
  await page.locator('#app[data-ready="true"]').waitFor({ timeout: 30_000 })
  const add = page.locator('.principals button.add')
  for (let n = 4; n <= opts.principals; n++) {
    await add.click()
    await page.locator('[data-testid="principal"]').nth(n - 1).waitFor()
  }
  const cells = await page.locator('[data-testid="matrix"] [data-decision]').count()
  const rows = await page.locator('[data-testid="matrix"] tbody tr').count()
  if (rows !== SEED_ACTIONS || cells !== SEED_ACTIONS * opts.principals) {
    fail(`expected ${SEED_ACTIONS} actions x ${opts.principals} principals, got ${rows} rows and ${cells} cells`)
  }
  // --all-actions: every action of the catalog (the filter `*`), so that each keystroke decides
  // 10 x 22,091 cells; the grid then renders only the rows in view, and the flipping cell's row
  // is scrolled into view first.
  if (opts.allActions) await showEveryAction(page)
  if (opts.stack) await fillEveryLayer(page)
  // --network: every principal calls from the notebook of bench/network.json, whose path reaches
  // the same endpoint: the same decisions, each cell routed through its network path (issue 13:
  // at most 20% more per keystroke). The scenario is exported, given the network, imported back.
  if (opts.network) await addNetwork(page)
  // --baseline: keep the grid as the baseline first, so that every keystroke also compares the
  // grid with it and marks the changed cells (issue 12: at most 2 ms more per keystroke).
  if (opts.baseline) {
    await page.getByTestId('baseline').click()
    await page.getByTestId('change-summary').waitFor()
  }
  if (opts.css) await page.addStyleTag({ content: opts.css })
  if (opts.pageScript) await page.evaluate(opts.pageScript)
  // Where the mouse rests while typing (Chromium hit-tests it after every layout): on the
  // "+ principal" button it was last clicked on (default), over the grid, or outside the page.
  if (opts.mouse === 'grid') {
    const box = await page.locator('[data-testid="matrix"] tbody').boundingBox()
    await page.mouse.move(box.x + 40, box.y + 40)
  } else if (opts.mouse === 'outside') {
    await page.mouse.move(-10, -10)
  }
  if (profileOn) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  }
  // Installs the edit function in the page (once): window.__bench.edit(i) makes edit i.
  await page.evaluate(
    ({ SPECIFIC_ARN, OTHER_ARN, CREATE }) => {
      const area = document.querySelector('textarea[data-testid="endpoint-policy"]')
      const backdrop = area.parentElement.querySelector('pre')
      const matrix = document.querySelector('[data-testid="matrix"]')
      const cellOf = () => matrix.querySelector(`[data-principal="other-user"][data-action="${CREATE}"][data-decision]`)
      const seed = area.value
      const specific = `"${SPECIFIC_ARN}"`
      if (!seed.includes(specific)) throw new Error('the endpoint policy does not name specific-user')
      // The text for a state: other-user's ARN complete (admitted) or without its last letter, and
      // a space at the end of line 2 or not.
      const text = (letter, space) =>
        seed
          .replace(specific, `[${specific}, "${letter ? OTHER_ARN : OTHER_ARN.slice(0, -1)}"]`)
          .replace('"2012-10-17",', `"2012-10-17",${space ? ' ' : ''}`)
      const state = { letter: false, space: false }
      const measure = (value, decision) =>
        new Promise((resolve, reject) => {
          const reflects = () =>
            backdrop.textContent === `${value}\n` &&
            matrix.dataset.stale === 'false' &&
            cellOf().dataset.decision === decision
          let dom = null
          const observer = new MutationObserver(() => {
            if (dom === null && reflects()) dom = performance.now()
          })
          observer.observe(document.getElementById('app'), {
            subtree: true,
            childList: true,
            attributes: true,
            characterData: true,
          })
          area.value = value
          const t0 = performance.now()
          area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }))
          const sync = performance.now() - t0
          let frames = 0
          const onFrame = () => {
            const t1 = performance.now()
            frames += 1
            if (!reflects()) {
              if (frames > 120) return reject(new Error(`the page did not reflect the edit (${decision})`))
              return requestAnimationFrame(onFrame)
            }
            const channel = new MessageChannel()
            let painted = null
            channel.port1.onmessage = () => (painted = performance.now())
            channel.port2.postMessage(0)
            requestAnimationFrame(() => {
              const t2 = performance.now()
              observer.disconnect()
              channel.port1.close()
              resolve({ sync, script: (dom ?? t1) - t0, raf1: t1 - t0, paint: (painted ?? t2) - t0, raf2: t2 - t0, frames })
            })
          }
          requestAnimationFrame(onFrame)
        })
      window.__bench = {
        // Unmeasured: other-user's ARN without its last letter, no space.
        reset: () => {
          state.letter = false
          state.space = false
          area.value = text(false, false)
          area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }))
          return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        },
        // Even edits type or delete the ARN's last letter (decisions change), odd ones a space.
        edit: async (i) => {
          const changes = i % 2 === 0
          if (changes) state.letter = !state.letter
          else state.space = !state.space
          const r = await measure(text(state.letter, state.space), state.letter ? 'Allowed' : 'ImplicitlyDenied')
          return { changes, ...r }
        },
      }
    },
    { SPECIFIC_ARN, OTHER_ARN, CREATE },
  )
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
  const pause = () => new Promise((r) => setTimeout(r, 40 + Math.random() * 50))
  const one = async (i) => {
    const before = await metrics()
    const r = await page.evaluate((i) => window.__bench.edit(i), i)
    const after = await metrics()
    // Main-thread work of this keystroke as Chromium counts it (seconds -> ms).
    const d = (k) => 1000 * ((after[k] ?? 0) - (before[k] ?? 0))
    return { ...r, task: d('TaskDuration'), scriptTotal: d('ScriptDuration'), style: d('RecalcStyleDuration'), layout: d('LayoutDuration') }
  }
  const run = async (count) => {
    await page.evaluate(() => window.__bench.reset())
    const out = []
    for (let i = 0; i < count; i++) {
      out.push(await one(i))
      await pause()
    }
    return out
  }
  return {
    run,
    one,
    reset: () => page.evaluate(() => window.__bench.reset()),
    close: async () => {
      if (errors.length) fail(`page errors: ${errors.join('; ')}`)
      await context.close()
    },
    page,
    cdp,
  }
}

async function keystrokes(browser, url, rate, { profile: profileOn = false, trace: traceOn = false } = {}) {
  const { run, close, page, cdp } = await keystrokePage(browser, url, rate, { profile: profileOn })
  await run(opts.warmup)
  let profile = null
  let trace = null
  if (profileOn) await cdp.send('Profiler.start')
  if (traceOn) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] })
  const results = await run(opts.keystrokes)
  if (profileOn) profile = (await cdp.send('Profiler.stop')).profile
  if (traceOn) trace = JSON.parse((await browser.stopTracing()).toString('utf8'))
  await close()
  return { results, profile, trace }
}

// --against DIR: the same keystrokes on this build and on DIR's (another commit's), each edit made
// on both pages in turn (this one first for edits 0, 1, 4, 5..., the other first for 2, 3, 6,
// 7...), so that a slow moment of the machine falls on both alike and the difference of each pair
// measures the builds, not the hour.
async function pairedKeystrokes(browser, url, againstUrl, rate) {
  const ours = await keystrokePage(browser, url, rate)
  const theirs = await keystrokePage(browser, againstUrl, rate)
  await ours.run(opts.warmup)
  await theirs.run(opts.warmup)
  await ours.reset()
  await theirs.reset()
  const results = { ours: [], theirs: [] }
  const pause = () => new Promise((r) => setTimeout(r, 40 + Math.random() * 50))
  for (let i = 0; i < opts.keystrokes; i++) {
    const turn = i % 4 < 2 ? ['ours', 'theirs'] : ['theirs', 'ours']
    for (const who of turn) {
      results[who].push(await (who === 'ours' ? ours : theirs).one(i))
      await pause()
    }
  }
  await ours.close()
  await theirs.close()
  return results
}

// ---------------------------------------------------------------- profile summary
function summarizeProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id)
  const label = (n) => {
    const f = n.callFrame
    const name = f.functionName || '(anonymous)'
    const where = f.url ? (f.url.endsWith('.wasm') ? ' [wasm]' : ` [${f.url.split('/').pop()}:${f.lineNumber + 1}]`) : ''
    return `${name}${where}`
  }
  const self = new Map()
  const total = new Map()
  let busy = 0
  let all = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000
    all += dt
    const node = byId.get(id)
    const l = label(node)
    if (l.startsWith('(idle)')) return
    busy += dt
    self.set(l, (self.get(l) || 0) + dt)
    const seen = new Set()
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cl = label(byId.get(cur))
      if (seen.has(cl)) continue
      seen.add(cl)
      total.set(cl, (total.get(cl) || 0) + dt)
    }
  })
  const rows = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `| ${v.toFixed(1)} | ${((100 * v) / busy).toFixed(1)}% | \`${k.replace(/\|/g, '\\|').slice(0, 150)}\` |`)
  return { busy, all, self: rows(self), total: rows(total) }
}

/** Main-thread trace events of the renderer, total duration by name (nested events overlap). */
function summarizeTrace(trace, keystrokes, top = 22) {
  const events = trace.traceEvents || trace
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain')
  if (!main) return []
  const open = new Map()
  const total = new Map()
  const count = new Map()
  const add = (name, dur) => {
    total.set(name, (total.get(name) || 0) + dur / 1000)
    count.set(name, (count.get(name) || 0) + 1)
  }
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid) continue
    if (e.ph === 'X' && e.dur) add(e.name, e.dur)
    else if (e.ph === 'B') open.set(e.name, e.ts)
    else if (e.ph === 'E' && open.has(e.name)) {
      add(e.name, e.ts - open.get(e.name))
      open.delete(e.name)
    }
  }
  return [...total.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `| \`${k}\` | ${count.get(k)} | ${v.toFixed(1)} | ${(v / keystrokes).toFixed(2)} |`)
}

// ---------------------------------------------------------------- main
/**
 * Copies `dist` into `into` and checks the copy against Trunk's subresource-integrity hashes in
 * index.html (every file it names is there, with its hash): dist/ may be rebuilt by someone else
 * while we copy. Retries for up to a minute. Returns the wasm file's name.
 */
async function snapshot(dist, into) {
  const deadline = Date.now() + 60_000
  for (;;) {
    rmSync(into, { recursive: true, force: true })
    let problem = null
    try {
      cpSync(dist, into, { recursive: true, preserveTimestamps: true })
      const index = readFileSync(join(into, 'index.html'), 'utf8')
      const wasm = readdirSync(into).find((f) => f.endsWith('_bg.wasm'))
      if (!wasm) problem = 'no *_bg.wasm'
      for (const tag of index.match(/<link[^>]*>/g) || []) {
        const href = /href="\.?\/?([^"]+)"/.exec(tag)
        const sri = /integrity="sha384-([^"]+)"/.exec(tag)
        if (!href || !sri || problem) continue
        const file = join(into, href[1])
        if (!existsSync(file)) problem = `${href[1]} is missing`
        else if (createHash('sha384').update(readFileSync(file)).digest('base64') !== sri[1]) problem = `${href[1]} does not match index.html`
      }
      if (!problem) return wasm
    } catch (e) {
      problem = e.message
    }
    if (Date.now() > deadline) fail(`${dist} is not a complete build (${problem}): run 'trunk build --release --offline' (scripts/bench.sh --browser does)`)
    log(`${dist} looks mid-build (${problem}); copying it again in 2 s`)
    await new Promise((r) => setTimeout(r, 2000))
  }
}

if (!existsSync(join(opts.dist, 'index.html'))) {
  fail(`${opts.dist} is not built: run 'trunk build --release --offline' (scripts/bench.sh --browser does)`)
}
const work = mkdtempSync(join(tmpdir(), 'bench-browser-'))
const wasmFile = await snapshot(opts.dist, join(work, 'dist'))
const wasmBytes = readFileSync(join(work, 'dist', wasmFile))
const jsBytes = readFileSync(join(work, 'dist', wasmFile.replace(/_bg\.wasm$/, '.js')))
const sizes = {
  wasm: wasmBytes.length,
  wasmGzip: gzipSync(wasmBytes, { level: 9 }).length,
  js: jsBytes.length,
  jsGzip: gzipSync(jsBytes, { level: 9 }).length,
}
const built = new Date(statSync(join(work, 'dist', wasmFile)).mtimeMs).toISOString()

const server = await serve(join(work, 'dist'))
let againstServer = null
if (opts.against) {
  if (!existsSync(join(opts.against, 'index.html'))) fail(`--against ${opts.against} is not built`)
  await snapshot(opts.against, join(work, 'against'))
  againstServer = await serve(join(work, 'against'))
}
let profServer = null
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
const report = {
  chromium: browser.version(),
  cpus: cpus().length,
  loadavg: loadavg().map((x) => +x.toFixed(2)),
  dist: opts.dist,
  built,
  sizes,
  runs: opts.runs,
  keystrokes: opts.keystrokes,
  rates: [],
}
try {
  for (const rate of opts.throttle) {
    let fr = null
    let ks = null
    if (opts.only !== 'keystrokes') {
      log(`throttle ${rate}x: first render, ${opts.runs} fresh navigations`)
      fr = await firstRender(browser, server.url, rate, againstServer?.url ?? null)
    }
    let paired = null
    if (opts.only !== 'first-render' && againstServer) {
      log(`throttle ${rate}x: ${opts.keystrokes} keystrokes on each build, in turn (after ${opts.warmup} unmeasured)`)
      paired = await pairedKeystrokes(browser, server.url, againstServer.url, rate)
      ks = paired.ours
    } else if (opts.only !== 'first-render') {
      log(`throttle ${rate}x: ${opts.keystrokes} keystrokes (after ${opts.warmup} unmeasured)`)
      ks = (await keystrokes(browser, server.url, rate)).results
    }
    report.rates.push({ rate, firstRender: fr, keystrokes: ks, against: paired?.theirs ?? null })
  }
  if (opts.profile) {
    const rate = opts.throttle[0]
    log(`profile: building a copy of dist/ with wasm function names`)
    const named = join(work, 'named')
    cpSync(join(work, 'dist'), join(named, 'dist'), { recursive: true })
    namedCopy(join(work, 'dist'), named)
    profServer = await serve(join(named, 'dist'))
    log(`profile: ${opts.keystrokes} keystrokes at throttle ${rate}x under the CPU profiler`)
    const ks = await keystrokes(browser, profServer.url, rate, { profile: true })
    mkdirSync(dirname(opts.profile), { recursive: true })
    writeFileSync(opts.profile, JSON.stringify(ks.profile))
    log(`profile: ${opts.keystrokes} keystrokes at throttle ${rate}x under the tracer`)
    const traced = await keystrokes(browser, server.url, rate, { trace: true })
    report.profile = {
      rate,
      file: opts.profile,
      keystrokes: ks.results,
      summary: summarizeProfile(ks.profile),
      trace: summarizeTrace(traced.trace, opts.keystrokes),
    }
  }
} finally {
  await browser.close()
  server.stop()
  if (againstServer) againstServer.stop()
  if (profServer) profServer.stop()
  rmSync(work, { recursive: true, force: true })
}

// ---------------------------------------------------------------- report
const lines = []
const p = (s = '') => lines.push(s)
p(`### Browser benchmark (headless Chromium ${report.chromium}, ${report.cpus} CPUs, load ${report.loadavg.join(' ')})`)
p()
p(`dist/ built ${built}: \`${wasmFile}\` ${sizes.wasm} B (${kb(sizes.wasm)}), gzip -9 ${sizes.wasmGzip} B (${kb(sizes.wasmGzip)}); JS glue ${sizes.js} B, gzip ${sizes.jsGzip} B.`)
p()
p(`| figure | CPU | median | p90 | min | max | target |`)
p(`|---|---|---:|---:|---:|---:|---|`)
const row = (name, rate, v, target) =>
  v.length === 0 ? p(`| ${name} | ${rate === 1 ? 'not throttled' : `${rate}x slower`} | n/a | n/a | n/a | n/a | ${target} |`) : p(`| ${name} | ${rate === 1 ? 'not throttled' : `${rate}x slower`} | ${ms(median(v))} | ${ms(p90(v))} | ${ms(Math.min(...v))} | ${ms(Math.max(...v))} | ${target} |`)
for (const r of report.rates.filter((r) => r.firstRender)) {
  row(`first render (data-ready-ms, ${opts.runs} fresh contexts)`, r.rate, r.firstRender.ready, `median <= ${FIRST_RENDER_TARGET_MS} ms`)
  row(`  wasm downloaded (resource timing responseEnd)`, r.rate, r.firstRender.fetched, '')
  row(`  first contentful paint`, r.rate, r.firstRender.fcp.filter(Number.isFinite), '')
}
for (const r of report.rates.filter((r) => r.keystrokes)) {
  const all = r.keystrokes
  const pick = (k, f = () => true) => all.filter(f).map((x) => x[k])
  const changing = (x) => x.changes
  const plain = (x) => !x.changes
  row(`keystroke -> first rAF after the DOM reflects it (all ${all.length})`, r.rate, pick('raf1'), `median <= ${KEYSTROKE_TARGET_MS} ms`)
  row(`keystroke -> second rAF (all)`, r.rate, pick('raf2'), '')
  row(`keystroke -> script done (DOM patched)`, r.rate, pick('script'), '')
  row(`keystroke -> frame painted (message after rAF1)`, r.rate, pick('paint'), '')
  row(`  decision-changing: first rAF`, r.rate, pick('raf1', changing), '')
  row(`  decision-changing: second rAF`, r.rate, pick('raf2', changing), '')
  row(`  decision-changing: script`, r.rate, pick('script', changing), '')
  row(`  whitespace: first rAF`, r.rate, pick('raf1', plain), '')
  row(`  whitespace: second rAF`, r.rate, pick('raf2', plain), '')
  row(`  whitespace: script`, r.rate, pick('script', plain), '')
  for (const [kind, f] of [['decision-changing', changing], ['whitespace', plain]]) {
    row(`  ${kind}, main thread (CDP Performance): script`, r.rate, pick('scriptTotal', f), '')
    row(`  ${kind}, main thread: style recalc`, r.rate, pick('style', f), '')
    row(`  ${kind}, main thread: layout`, r.rate, pick('layout', f), '')
    row(`  ${kind}, main thread: all tasks`, r.rate, pick('task', f), '')
  }
}
for (const r of report.rates.filter((r) => r.firstRender?.against)) {
  const ours = r.firstRender.ready
  const theirs = r.firstRender.against.ready
  const diffs = ours.map((x, i) => x - theirs[i])
  p()
  p(`First render paired with --against ${opts.against} (${r.rate === 1 ? 'not throttled' : `${r.rate}x slower`}; navigations to both builds in turn): this build ${ms(median(ours))} ms, --against ${ms(median(theirs))} ms (medians of ${ours.length}); median of the differences ${ms(median(diffs))} ms; this build faster in ${diffs.filter((d) => d < 0).length} of ${diffs.length}.`)
}
for (const r of report.rates.filter((r) => r.against)) {
  p()
  p(`Paired with --against ${opts.against} (${r.rate === 1 ? 'not throttled' : `${r.rate}x slower`}; each edit on both pages in turn):`)
  p()
  p('| figure | this build, median | --against, median | median of the differences (this - against) | edits where this build is faster |')
  p('|---|---:|---:|---:|---:|')
  const kinds = [['decision-changing', (x) => x.changes], ['whitespace', (x) => !x.changes]]
  const figures = [['first rAF', 'raf1'], ['script', 'script'], ['main-thread script (CDP)', 'scriptTotal'], ['main-thread tasks (CDP)', 'task']]
  for (const [kind, f] of kinds) {
    for (const [name, k] of figures) {
      const pairs = r.keystrokes.map((x, i) => [x, r.against[i]]).filter(([x]) => f(x))
      const diffs = pairs.map(([x, y]) => x[k] - y[k])
      const faster = diffs.filter((d) => d < 0).length
      p(`| ${kind}: ${name} | ${ms(median(pairs.map(([x]) => x[k])))} | ${ms(median(pairs.map(([, y]) => y[k])))} | ${ms(median(diffs))} | ${faster} of ${diffs.length} |`)
    }
  }
}
p()
p(`Keystrokes: ${opts.principals} principals x ${opts.allActions ? 'every action of the catalog (--all-actions: the filter `*`, the grid windowed)' : `${SEED_ACTIONS} SageMaker actions (${opts.principals * SEED_ACTIONS} cells)`}${opts.stack ? ', every other layer filled (--stack: an organization with SCPs and an RCP, a resource policy, a boundary, a session policy)' : ''}${opts.baseline ? ', compared with a baseline kept before the keystrokes (--baseline)' : ''}${opts.network ? ', every principal calling from a workload of bench/network.json (--network)' : ''}, one-character edits of the endpoint policy, half of them flipping other-user x ${CREATE}. Times in ms from just before the input event's dispatch.`)
if (report.profile) {
  const s = report.profile.summary
  p()
  p(`#### CPU profile of ${opts.keystrokes} keystrokes (${report.profile.rate === 1 ? 'not throttled' : `${report.profile.rate}x slower`}; ${s.busy.toFixed(0)} ms busy of ${s.all.toFixed(0)} ms; ${report.profile.file})`)
  p()
  p(`Median script time in this run: ${ms(median(report.profile.keystrokes.map((x) => x.script)))} ms, first rAF ${ms(median(report.profile.keystrokes.map((x) => x.raf1)))} ms.`)
  p()
  p('Inclusive (the function and what it calls):')
  p()
  p('| ms | of busy | function |')
  p('|---:|---:|---|')
  s.total.forEach((l) => p(l))
  p()
  p('Self:')
  p()
  p('| ms | of busy | function |')
  p('|---:|---:|---|')
  s.self.forEach((l) => p(l))
  p()
  p(`Renderer main thread, trace events of a second run of the same keystrokes (devtools.timeline; nested events overlap):`)
  p()
  p('| event | count | total ms | ms per keystroke |')
  p('|---|---:|---:|---:|')
  report.profile.trace.forEach((l) => p(l))
}
console.log(lines.join('\n'))
if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 2))
