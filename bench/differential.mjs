// Differential test: every corpus case through @cloud-copilot/iam-simulate (an outside oracle,
// installed from npm; AGPL, never copied from), listing where its answer differs from the answer
// the case expects (which is the one AWS's documentation gives, with the page in the case's
// `source`).
//
//   node bench/differential.mjs            every case under tests/corpus/
//   node bench/differential.mjs --json     the same, as JSON lines
//   --cli PATH                             our engine's binary for the rules that rewrite a case
//                                          for both tools (default target/release/policy-playground;
//                                          those rules are skipped when it is missing)
//
// Cases under tests/corpus/differential/ are written to show a disagreement: the script reports
// any of them that iam-simulate answers *as documented* (the disagreement has gone away upstream,
// so the case's description needs a look) and exits 1 in that case. Other disagreements are
// listed, not failed: they are what this script is for. Each is checked against the known
// departures of bench/departures.mjs (the rules of the layered run, bench/layered.mjs), with the
// documented answer in place of our engine's: a row that one of them explains says so
// ("known departure: ...").

import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate'
import { IAM_SIMULATE_VERSION, iamSimulateAnswer, iamSimulateErrors, loadCorpus, toIamSimulate } from './cases.mjs'
import { classifyMany } from './departures.mjs'
import { DEFAULT_CLI, haveCli, oursBatch } from './engine.mjs'

const args = process.argv.slice(2)
const asJson = args.includes('--json')
const cliAt = args.indexOf('--cli')
const cli = cliAt >= 0 ? args[cliAt + 1] : DEFAULT_CLI
const translate = (input) => toIamSimulate(input, anonymousPrincipal)
const run = async (simulation) => {
  try {
    return await runSimulation(simulation, {})
  } catch (e) {
    return { resultType: 'error', errors: { message: `threw: ${e.message}` } }
  }
}

const cases = loadCorpus()
const rows = []
const toClassify = []
let agree = 0
let unsupported = 0
for (const c of cases) {
  const t = translate(c.case.input)
  if (t.unsupported) {
    unsupported++
    rows.push({ name: c.name, expected: c.expected, iamSimulate: 'n/a', note: `not translatable: ${t.unsupported}` })
    continue
  }
  const result = await run(t.simulation)
  const answer = iamSimulateAnswer(result)
  if (answer === c.expected) {
    agree++
    if (c.name.startsWith('differential/')) {
      rows.push({ name: c.name, expected: c.expected, iamSimulate: answer, note: 'STALE: written as a disagreement, but iam-simulate now agrees' })
    }
    continue
  }
  const ignored = [...new Set((result.result ? [result.result] : result.results || []).flatMap((x) => x.ignoredContextKeys || []))]
  const note = iamSimulateErrors(result) || (ignored.length ? `dropped context keys it does not know for the action: ${ignored.join(', ')}` : '')
  const row = { name: c.name, expected: c.expected, iamSimulate: answer, note, knownDeparture: null }
  rows.push(row)
  if (c.expected !== 'Error') toClassify.push({ row, input: c.case.input, ours: c.expected, simulation: t.simulation, theirsResult: result })
}

// The documented answer stands in for our engine's; the rules that rewrite a case for both tools
// ask our engine about the rewrite.
const classes = await classifyMany(toClassify, {
  run: async (simulation) => iamSimulateAnswer(await run(simulation)),
  translate,
  ours: haveCli(cli) ? (inputs) => oursBatch(cli, inputs).map((a) => a.answer) : null,
})
let explained = 0
toClassify.forEach(({ row }, k) => {
  if (!classes[k].known) return
  explained++
  row.knownDeparture = classes[k].tags
  row.note = `known departure: ${classes[k].tags.join(' + ')}${row.note ? `; ${row.note}` : ''}`
})

if (asJson) {
  for (const r of rows) console.log(JSON.stringify(r))
} else {
  const differ = rows.filter((r) => r.iamSimulate !== 'n/a' && !r.note.startsWith('STALE')).length
  console.log(`iam-simulate ${IAM_SIMULATE_VERSION} against ${cases.length} corpus cases: ${agree} agree, ${differ} differ (${explained} of them by a known departure of bench/departures.mjs), ${unsupported} not translatable`)
  console.log()
  // Decisions first (the documented answer is Allowed / ExplicitlyDenied / ImplicitlyDenied), then
  // the bad-input cases (the documented answer is an error: policy grammar, limits, our contract).
  const groups = [
    ['Cases with a documented decision', rows.filter((r) => r.expected !== 'Error')],
    ['Bad-input cases (the documented answer is an error)', rows.filter((r) => r.expected === 'Error')],
  ]
  for (const [title, list] of groups) {
    console.log(`### ${title}: ${list.length}`)
    console.log()
    console.log('| case | documented answer | iam-simulate | iam-simulate says |')
    console.log('|---|---|---|---|')
    for (const r of list) console.log(`| ${r.name} | ${r.expected} | ${r.iamSimulate} | ${r.note.replaceAll('|', '\\|')} |`)
    console.log()
  }
}
const stale = rows.filter((r) => r.note.startsWith('STALE'))
if (stale.length) {
  console.error(`${stale.length} differential case(s) no longer show a disagreement`)
  process.exit(1)
}
