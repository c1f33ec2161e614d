// Whole-process throughput of the command line against iam-simulate, on the same cases.
//
//   node bench/throughput.mjs [--seed N] [--cases N] [--runs N] [--rounds N] [--cli PATH]
//                             [--only mix|scenario|corpus] [--jobs N] [--timer child|inline] [--json]
//                             [--write DIR]
//
// Two workloads:
// - mix: N seeded random cases (default 20,000, seed 1) of the layered differential generator
//   (bench/layered.mjs) for IAM users and role sessions, each with identity policies and, half of
//   the time each, an endpoint policy and a permissions boundary (one to three small policies per
//   layer, wildcards and conditions);
// - scenario: one scenario, many requests: the policies of the mix's first case with the
//   request of every case of the mix (N cases);
// - corpus: the `input` of every case under tests/corpus/, once each.
// Ours: the whole process, `policy-playground simulate --batch < cases.jsonl > answers.jsonl`
// (start-up, reading the catalog, every line, exit), timed from node's spawn to its exit; the
// median of --runs runs (default 5) after a warm-up run. Every answer line is counted. The runs
// are started from a bare node process (bench/time-cli.mjs, --timer child, the default): from
// this one, once it holds iam-simulate and the translated cases, each spawn costs 1–1.5 ms more
// (node forks itself, and a fork costs by the parent's memory). --timer inline starts them from
// this process, as the figures of the README's rounds before the fifteenth were taken.
// iam-simulate: the cases translated into its API once (bench/cases.mjs), untimed, then
// `await runSimulation(simulation, {})` over all of them in one timed loop in this process,
// after a warm-up over the first 500: its start-up, module loading, JSON parsing and translation
// are left out, so the comparison favours iam-simulate. Cases it cannot express are left out of
// its figure (they are rare: endpoint policies with a Principal other than "*" still run, and
// return early). The ratio compares cases per second.
// --rounds N repeats the whole comparison N times (default 1), each round one side-by-side run of
// every workload as above in a node process of its own (as a single run is: in one process
// iam-simulate would grow hotter round after round), and ends with each workload's ratios over
// the rounds: least, median, most, how many rounds reached the target, and both tools' median
// times. On a machine whose pace moves within the hour (this project's: docs/speed.md), one
// round's ratio lands anywhere in about ±20% of the ratio; the rounds show where the target sits
// in that spread, which the README reports.
// --jobs N is passed to the CLI (`simulate --batch --jobs N`; default: every core).
// --write DIR writes the workloads as DIR/mix.jsonl, DIR/scenario.jsonl and DIR/corpus.jsonl (one
// case per line, as the CLI reads them; --seed, --cases and --only apply) and exits without timing
// anything: the inputs of the instruction counts (callgrind) and bench/spawn.py figures of docs/speed.md.
// A benchmark, not a test: it exits 0 whatever the ratio (1 if a step cannot run, 2 on bad
// options).

import { spawnSync } from 'node:child_process'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate'
import { IAM_SIMULATE_VERSION, REPO, loadCorpus, toIamSimulate } from './cases.mjs'
import { timeRuns } from './time-cli.mjs'
import { DEFAULT_CLI } from './engine.mjs'
import { Generator } from './layered.mjs'
import { Pcg32, checkPcg32 } from './prng.mjs'

const TARGET_RATIO = 100

// A full garbage collection of this process, for before our runs are timed: this process holds
// the generated cases (and, for later workloads, iam-simulate's), and its collector's threads
// otherwise ran on the same two cores as the timed runs (64 ms of CPU during the mix's, measured
// with process.cpuUsage; docs/speed.md, twenty-first round).
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc')

/** Collects this process's garbage, then waits `ms` for its collector's threads to finish. */
function quiesce(ms = 100) {
  collectGarbage()
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
const TIMER = join(dirname(fileURLToPath(import.meta.url)), 'time-cli.mjs')

function options(argv) {
  const o = { seed: 1n, cases: 20000, runs: 5, rounds: 1, cli: DEFAULT_CLI, only: null, jobs: null, timer: 'child', json: false, write: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--seed') o.seed = BigInt(value())
    else if (a === '--cases') o.cases = Number(value())
    else if (a === '--runs') o.runs = Number(value())
    else if (a === '--rounds') o.rounds = Number(value())
    else if (a === '--cli') o.cli = value()
    else if (a === '--only') o.only = value()
    else if (a === '--jobs') o.jobs = value()
    else if (a === '--timer') o.timer = value()
    else if (a === '--json') o.json = true
    else if (a === '--write') o.write = value()
    else usage(`unknown option ${a}`)
  }
  if (!Number.isInteger(o.cases) || o.cases < 1) usage('--cases needs a positive integer')
  if (!Number.isInteger(o.runs) || o.runs < 1) usage('--runs needs a positive integer')
  if (!Number.isInteger(o.rounds) || o.rounds < 1) usage('--rounds needs a positive integer')
  if (o.only !== null && !['mix', 'scenario', 'corpus'].includes(o.only)) usage('--only takes mix, scenario or corpus')
  if (!['child', 'inline'].includes(o.timer)) usage('--timer takes child or inline')
  return o
}

function usage(message) {
  console.error(`throughput.mjs: ${message}\nusage: node bench/throughput.mjs [--seed N] [--cases N] [--runs N] [--rounds N] [--cli PATH] [--only mix|scenario|corpus] [--jobs N] [--timer child|inline] [--json] [--write DIR]`)
  process.exit(2)
}

/** The mix: identity policies always, an endpoint and a boundary half of the time each. */
const MIX = { name: 'identity+endpoint?+boundary?', callers: ['user', 'session'], layers: ['identity', 'endpoint?', 'boundary?'] }

function mixCases(seed, n) {
  checkPcg32()
  const gen = new Generator(new Pcg32(seed))
  const out = []
  for (let i = 0; i < n; i++) out.push(gen.case(MIX).input)
  return out
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Our whole process over the cases: seconds per run (median of `runs`, after a warm-up). */
function ours(o, dir, name, inputs) {
  const path = join(dir, `${name}.jsonl`)
  const text = jsonLines(inputs)
  writeFileSync(path, text)
  const outPath = join(dir, `${name}.answers.jsonl`)
  const args = ['simulate', '--batch', ...(o.jobs ? ['--jobs', o.jobs] : [])]
  let times
  // This process's CPU while the runs were timed (child timer only): what the harness took from
  // the cores the runs had.
  let harnessCpuMs = null
  quiesce()
  if (o.timer === 'child') {
    const c0 = process.cpuUsage()
    const r = spawnSync(process.execPath, [TIMER, String(o.runs), String(inputs.length), path, outPath, o.cli, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    if (r.error || r.status !== 0) {
      console.error(`cannot time ${o.cli} ${args.join(' ')}: ${r.error?.message ?? `time-cli.mjs exited ${r.status}`}`)
      process.exit(1)
    }
    times = JSON.parse(r.stdout).seconds
    const c = process.cpuUsage(c0)
    harnessCpuMs = (c.user + c.system) / 1000
  } else {
    times = timeRuns({ runs: o.runs, lines: inputs.length, input: path, output: outPath, cmd: o.cli, args })
  }
  const errors = readFileSync(outPath, 'utf8').split('\n').filter((l) => l.startsWith('{"errors"')).length
  return { seconds: median(times), runs: times, bytes: Buffer.byteLength(text), errors, harnessCpuMs }
}

/** iam-simulate over the same cases, in this process: seconds for one timed loop. */
async function theirs(inputs) {
  const sims = []
  let unsupported = 0
  for (const input of inputs) {
    const t = toIamSimulate(input, anonymousPrincipal)
    if (t.simulation) sims.push(t.simulation)
    else unsupported++
  }
  const run = async (s) => {
    try {
      await runSimulation(s, {})
    } catch {
      // a throw is an answer too (counted like the others)
    }
  }
  for (const s of sims.slice(0, 500)) await run(s)
  const t0 = performance.now()
  for (const s of sims) await run(s)
  return { seconds: (performance.now() - t0) / 1000, cases: sims.length, unsupported }
}

async function workload(o, dir, name, inputs) {
  const us = ours(o, dir, name, inputs)
  const them = await theirs(inputs)
  const oursRate = inputs.length / us.seconds
  const theirRate = them.cases / them.seconds
  return {
    workload: name,
    cases: inputs.length,
    bytes: us.bytes,
    ourErrors: us.errors,
    oursSeconds: us.seconds,
    oursRuns: us.runs,
    oursHarnessCpuMs: us.harnessCpuMs,
    oursCasesPerSecond: oursRate,
    iamSimulateCases: them.cases,
    iamSimulateUnsupported: them.unsupported,
    iamSimulateSeconds: them.seconds,
    iamSimulateCasesPerSecond: theirRate,
    ratio: oursRate / theirRate,
  }
}

/** The workloads as the CLI reads them: one JSON case per line. */
const jsonLines = (inputs) => inputs.map((c) => JSON.stringify(c)).join('\n') + '\n'

/** The mix's first case's policies with each case's request. */
const scenarioCases = (mix) => mix.map((c) => ({ ...structuredClone(mix[0]), request: c.request }))

/** --write DIR: the workloads as files, nothing timed. */
function writeWorkloads(o) {
  mkdirSync(o.write, { recursive: true })
  const mix = o.only === 'corpus' ? [] : mixCases(o.seed, o.cases)
  const files = {
    mix: () => mix,
    scenario: () => scenarioCases(mix),
    corpus: () => loadCorpus().map((c) => c.case.input),
  }
  for (const [name, cases] of Object.entries(files)) {
    if (o.only !== null && o.only !== name) continue
    const path = join(o.write, `${name}.jsonl`)
    const inputs = cases()
    writeFileSync(path, jsonLines(inputs))
    console.log(`${path}: ${inputs.length} cases`)
  }
}

/** One side-by-side run of each workload asked for. */
async function oneRound(o) {
  const dir = mkdtempSync(join(tmpdir(), 'pp-throughput-'))
  const rows = []
  try {
    const mix = o.only === 'corpus' ? [] : mixCases(o.seed, o.cases)
    if (o.only === null || o.only === 'mix') rows.push(await workload(o, dir, 'mix', mix))
    if (o.only === null || o.only === 'scenario') {
      rows.push(await workload(o, dir, 'scenario', scenarioCases(mix)))
    }
    if (o.only === null || o.only === 'corpus') rows.push(await workload(o, dir, 'corpus', loadCorpus().map((c) => c.case.input)))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

async function main() {
  const o = options(process.argv.slice(2))
  if (o.write !== null) {
    writeWorkloads(o)
    return
  }
  const rounds = []
  if (o.rounds === 1) {
    rounds.push(await oneRound(o))
  } else {
    // Each round in a process of its own, as a single run is: in one process iam-simulate's code
    // would grow hotter round after round (its corpus loop took 490 ms in a tenth round, against
    // 717–943 ms in single runs the same night), so that later rounds would not measure what a single run does.
    const args = process.argv.slice(2).filter((_, i, all) => all[i] !== '--rounds' && all[i - 1] !== '--rounds')
    for (let round = 0; round < o.rounds; round++) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args.filter((a) => a !== '--json'), '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 26,
      })
      if (child.status !== 0) {
        console.error(`throughput.mjs: round ${round + 1} failed (exit ${child.status})`)
        process.exit(1)
      }
      const rows = JSON.parse(child.stdout).rows
      rounds.push(rows)
      if (!o.json) console.error(`round ${round + 1} of ${o.rounds}: ${rows.map((r) => `${r.workload} ${r.ratio.toFixed(1)}×`).join(', ')}`)
    }
  }
  const rows = rounds[rounds.length - 1]
  const spread = rows.map(({ workload: name }) => {
    const of = (key) => rounds.map((rs) => rs.find((r) => r.workload === name)[key])
    const ratios = of('ratio')
    return {
      workload: name,
      ratios,
      least: Math.min(...ratios),
      median: median(ratios),
      most: Math.max(...ratios),
      reached: ratios.filter((x) => x >= TARGET_RATIO).length,
      oursMedianSeconds: median(of('oursSeconds')),
      iamSimulateMedianSeconds: median(of('iamSimulateSeconds')),
    }
  })
  const report = {
    iamSimulate: IAM_SIMULATE_VERSION,
    node: process.versions.node,
    cores: cpus().length,
    cli: o.cli.startsWith(REPO) ? o.cli.slice(REPO.length) : o.cli,
    jobs: o.jobs ?? 'every core',
    timer: o.timer,
    seed: String(o.seed),
    runs: o.runs,
    rows,
    ...(o.rounds > 1 ? { rounds, spread } : {}),
  }
  if (o.json) {
    console.log(JSON.stringify(report, null, 2))
    return
  }
  const f = (x) => Math.round(x).toLocaleString('en-US')
  const names = {
    mix: `mix (${MIX.name}, seed ${report.seed})`,
    scenario: `one scenario (the mix's first case's policies), the mix's requests`,
    corpus: 'corpus (tests/corpus, each case once)',
  }
  console.log(`iam-simulate ${report.iamSimulate}, node ${report.node}, ${report.cores} cores, ${report.cli} --jobs ${report.jobs}, seed ${report.seed}, median of ${report.runs} runs, started from ${report.timer === 'child' ? 'a bare node process (bench/time-cli.mjs)' : 'this node process'}${o.rounds > 1 ? `; the last of ${o.rounds} rounds` : ''}\n`)
  console.log('| workload | cases | ours, whole process | ours cases/s | iam-simulate, runSimulation loop | iam-simulate cases/s | ratio |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  for (const r of rows) {
    const mark = r.ratio >= TARGET_RATIO ? '' : ` (target ${TARGET_RATIO}×: **missed**)`
    console.log(`| ${names[r.workload]} | ${f(r.cases)} | ${(r.oursSeconds * 1000).toFixed(1)} ms | ${f(r.oursCasesPerSecond)} | ${(r.iamSimulateSeconds * 1000).toFixed(0)} ms (${f(r.iamSimulateCases)} cases) | ${f(r.iamSimulateCasesPerSecond)} | ${r.ratio.toFixed(1)}×${mark} |`)
  }
  const harness = rows.filter((r) => r.oursHarnessCpuMs !== null)
  if (harness.length > 0) {
    console.log(`\nthis process's CPU while our runs were timed (warm-up and start-up included): ${harness.map((r) => `${r.workload} ${r.oursHarnessCpuMs.toFixed(1)} ms`).join(', ')}`)
  }
  if (o.rounds > 1) {
    console.log(`\nthe ratio over ${o.rounds} rounds, each one side-by-side run:\n`)
    console.log(`| workload | each round | least | median | most | rounds at or above ${TARGET_RATIO}× | ours, median of the rounds | iam-simulate, median of the rounds |`)
    console.log('|---|---|---:|---:|---:|---:|---:|---:|')
    for (const s of spread) {
      console.log(`| ${names[s.workload]} | ${s.ratios.map((x) => `${x.toFixed(1)}×`).join(', ')} | ${s.least.toFixed(1)}× | ${s.median.toFixed(1)}× | ${s.most.toFixed(1)}× | ${s.reached} of ${o.rounds} | ${(s.oursMedianSeconds * 1000).toFixed(1)} ms | ${(s.iamSimulateMedianSeconds * 1000).toFixed(0)} ms |`)
    }
  }
}

await main()
