// The wasm benchmark, with @cloud-copilot/iam-simulate measured side by side in the same process.
// Run by scripts/bench.sh (which builds target/bench-pkg first); by hand:
//   node bench/run.mjs
//
// Figures (each the median of 5 runs of at least 1 s, after a warm-up run, one thread):
// - wasm decide: `benchDecide` (src/web/bench.rs), the seed workload of bench/workload.rs, the
//   same as the native `cargo bench --bench engine`;
// - wasm simulate: `simulateJson(text)` over the `input` of every corpus case, serialized to JSON
//   text once, outside the timed loop (JSON in, answer out, JS↔wasm string copies included);
// - iam-simulate: `await runSimulation(simulation, {})` over the same cases translated into its
//   API once, outside the timed loop (bench/cases.mjs), so its figure leaves out JSON parsing
//   and translation: the comparison favours iam-simulate;
// - the same two over the cases both tools decide (iam-simulate rejects endpoint policies whose
//   Principal is not "*", and returns early on them), and over the seed case with its endpoint
//   Principal written as "*", the only form iam-simulate accepts.
// When target/bench-native.json exists (scripts/bench.sh writes it) the native figures join the
// table.

import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate'
import { IAM_SIMULATE_VERSION, REPO, iamSimulateAnswer, loadCorpus, toIamSimulate } from './cases.mjs'

const RUNS = 5
const MIN_RUN_MS = 1000
const TARGET_RATIO = 50

const pkg = join(REPO, 'target', 'bench-pkg', 'policy_playground.js')
if (!existsSync(pkg)) {
  console.error(`${pkg} is missing: run scripts/bench.sh (it builds the wasm package first)`)
  process.exit(2)
}
const wasm = createRequire(import.meta.url)(pkg)

/** Runs `batch` (returning how many operations it did) until MIN_RUN_MS passed; RUNS times. */
async function measure(batch) {
  let sink = 0
  const oneRun = async () => {
    const start = performance.now()
    let ops = 0
    for (;;) {
      const r = await batch()
      sink ^= r.sink
      ops += r.ops
      const elapsed = performance.now() - start
      if (elapsed >= MIN_RUN_MS) return (ops * 1000) / elapsed
    }
  }
  await oneRun() // warm-up: JIT, iam-simulate's lazily loaded service data
  const rates = []
  for (let i = 0; i < RUNS; i++) rates.push(await oneRun())
  rates.sort((a, b) => a - b)
  globalThis.__sink = sink
  return { median: rates[Math.floor(RUNS / 2)], min: rates[0], max: rates[RUNS - 1] }
}

const cases = loadCorpus()
const translated = cases.map((c) => ({ ...c, ...toIamSimulate(c.case.input, anonymousPrincipal) }))

// Check both sides before timing them: ours must give every documented answer, and the
// iam-simulate answers are recorded to pick the cases both decide.
const wrong = cases.filter((c) => {
  const out = JSON.parse(wasm.simulateJson(c.input))
  return (out.errors ? 'Error' : out.decision) !== c.expected
})
if (wrong.length) {
  console.error(`wasm simulateJson disagrees with ${wrong.length} corpus case(s): ${wrong.map((c) => c.name).join(', ')}`)
  process.exit(1)
}
for (const t of translated) {
  t.iamAnswer = t.simulation ? iamSimulateAnswer(await runSimulation(t.simulation, {})) : 'n/a'
  // The same simulation object is reused in the timed loop: it must give the same answer again.
  if (t.simulation && iamSimulateAnswer(await runSimulation(t.simulation, {})) !== t.iamAnswer) {
    throw new Error(`iam-simulate answers ${t.name} differently the second time`)
  }
}
const runnable = translated.filter((t) => t.simulation)
const bothDecide = runnable.filter((t) => t.iamAnswer !== 'Error' && t.expected !== 'Error')

const seedInput = {
  request: {
    principal: 'arn:aws:iam::111122223333:user/specific-user',
    action: 'sagemaker:CreateTrainingJob',
    resource: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/job-1',
    context: { 'aws:RequestedRegion': 'us-east-1', 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f67890' },
  },
  identityPolicies: [
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sagemaker:CreateTrainingJob',
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
        },
      ],
    },
  ],
  endpoint: {
    type: 'Interface',
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sagemaker:*', Resource: '*' }] },
  },
}
const seedText = JSON.stringify(seedInput)
const seedSim = toIamSimulate(seedInput, anonymousPrincipal).simulation
if (!wasm.simulateJson(seedText).includes('"Allowed"') || iamSimulateAnswer(await runSimulation(seedSim, {})) !== 'Allowed') {
  throw new Error('the seed case (endpoint Principal "*") must be Allowed by both')
}

const oursOver = (list) => () => {
  let sink = 0
  for (const c of list) sink ^= wasm.simulateJson(c.input).length
  return { ops: list.length, sink }
}
const theirsOver = (list) => async () => {
  let sink = 0
  for (const c of list) {
    const r = await runSimulation(c.simulation, {})
    sink ^= r.resultType.length
  }
  return { ops: list.length, sink }
}

const DECIDE_BATCH = 24 * 1000
console.error('measuring wasm decide ...')
const decide = await measure(() => ({ ops: DECIDE_BATCH, sink: wasm.benchDecide(DECIDE_BATCH) }))
console.error('measuring wasm simulate, all cases ...')
const oursAll = await measure(oursOver(runnable))
console.error('measuring iam-simulate, all cases ...')
const theirsAll = await measure(theirsOver(runnable))
console.error('measuring both, cases both decide ...')
const oursBoth = await measure(oursOver(bothDecide))
const theirsBoth = await measure(theirsOver(bothDecide))
console.error('measuring both, seed case ...')
const oursSeed = await measure(oursOver(Array(100).fill({ input: seedText })))
const theirsSeed = await measure(theirsOver(Array(20).fill({ simulation: seedSim })))

const nativePath = join(REPO, 'target', 'bench-native.json')
const native = existsSync(nativePath) ? JSON.parse(readFileSync(nativePath, 'utf8')) : {}

const n = (x) => (x === undefined ? '–' : Math.round(x).toLocaleString('en-US'))
const us = (rate) => (rate === undefined ? '–' : rate > 1e6 ? `${(1e9 / rate).toFixed(0)} ns` : `${(1e6 / rate).toFixed(1)} µs`)
const ratio = (a, b) => `${(a / b).toFixed(0)}×`

console.log()
console.log(
  `Single thread, median of ${RUNS} runs of ≥ ${MIN_RUN_MS / 1000} s. ${cpus()[0].model}, ${cpus().length} cores; ` +
    `node ${process.version}; @cloud-copilot/iam-simulate ${IAM_SIMULATE_VERSION}; ${runnable.length} corpus cases ` +
    `(${bothDecide.length} that both decide). wasm decide checksum of one rotation: ${wasm.benchDecide(24)}` +
    (native.checksum24 !== undefined ? ` (native: ${native.checksum24})` : ''),
)
console.log()
console.log('| workload | native | wasm (node) | iam-simulate (node) | wasm ÷ iam-simulate |')
console.log('|---|---:|---:|---:|---:|')
console.log(`| decide, seed policy set parsed once (decisions/s) | ${n(native.decide)} | ${n(decide.median)} | – | – |`)
console.log(`| simulate, all ${runnable.length} corpus cases (cases/s) | ${n(native.simulateCorpus)} | ${n(oursAll.median)} | ${n(theirsAll.median)} | ${ratio(oursAll.median, theirsAll.median)} |`)
console.log(`| simulate, the ${bothDecide.length} cases both decide (cases/s) | – | ${n(oursBoth.median)} | ${n(theirsBoth.median)} | ${ratio(oursBoth.median, theirsBoth.median)} |`)
console.log(`| simulate, seed case with endpoint \`Principal: "*"\` (cases/s) | – | ${n(oursSeed.median)} | ${n(theirsSeed.median)} | ${ratio(oursSeed.median, theirsSeed.median)} |`)
console.log()
console.log('| per case, all corpus cases | native | wasm (node) | iam-simulate (node) |')
console.log('|---|---:|---:|---:|')
console.log(`| time per case | ${us(native.simulateCorpus)} | ${us(oursAll.median)} | ${us(theirsAll.median)} |`)
console.log(`| time per decision (decide) | ${us(native.decide)} | ${us(decide.median)} | – |`)
console.log()
const r = oursAll.median / theirsAll.median
console.log(`targets: wasm decide ≥ 1,000,000/s: ${decide.median >= 1e6 ? 'met' : 'MISSED'}` +
  (native.decide !== undefined ? `; native decide ≥ 1,000,000/s: ${native.decide >= 1e6 ? 'met' : 'MISSED'}` : '') +
  `; wasm simulate ≥ ${TARGET_RATIO}× iam-simulate: ${r >= TARGET_RATIO ? 'met' : 'MISSED'} (${r.toFixed(0)}×)`)
console.log(`spread (min – max): wasm decide ${n(decide.min)} – ${n(decide.max)}; wasm simulate ${n(oursAll.min)} – ${n(oursAll.max)}; iam-simulate ${n(theirsAll.min)} – ${n(theirsAll.max)}`)

// The action catalog (issue: expand `*` under 20 ms; 10 principals × every action under 200 ms in
// wasm). Warm-up first: the catalog is parsed once, on first use.
{
  const median = (f, runs) => {
    const t = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      f();
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    return t[runs >> 1];
  };
  wasm.benchExpandAll(1); // the catalog is parsed on first use (the simulate runs above already did)
  const expand = median(() => wasm.benchExpandAll(100), 9) / 100;
  const cells = wasm.benchEveryActionGrid(10);
  const grid = median(() => wasm.benchEveryActionGrid(10), 7);
  console.log()
  console.log('| catalog (wasm, node) | median | target |')
  console.log('|---|---:|---|')
  console.log(`| expand \`*\` (${wasm.benchExpandAll(1)} actions) | ${(expand * 1000).toFixed(1)} µs | < 20 ms |`)
  console.log(`| grid of 10 principals × every action (${cells} cells) | ${grid.toFixed(1)} ms | < 200 ms |`)
}
