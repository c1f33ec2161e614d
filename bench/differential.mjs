// Differential test: every corpus case through @cloud-copilot/iam-simulate (an outside oracle,
// installed from npm; AGPL, never copied from), listing where its answer differs from the answer
// the case expects (which is the one AWS's documentation gives, with the page in the case's
// `source`).
//
//   node bench/differential.mjs            every case under tests/corpus/
//   node bench/differential.mjs --json     the same, as JSON lines
//
// Cases under tests/corpus/differential/ are written to show a disagreement: the script reports
// any of them that iam-simulate answers *as documented* (the disagreement has gone away upstream,
// so the case's description needs a look) and exits 1 in that case. Other disagreements are
// listed, not failed: they are what this script is for.

import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate'
import { IAM_SIMULATE_VERSION, iamSimulateAnswer, iamSimulateErrors, loadCorpus, toIamSimulate } from './cases.mjs'

const asJson = process.argv.includes('--json')
const cases = loadCorpus()
const rows = []
let agree = 0
let unsupported = 0
for (const c of cases) {
  const t = toIamSimulate(c.case.input, anonymousPrincipal)
  if (t.unsupported) {
    unsupported++
    rows.push({ name: c.name, expected: c.expected, iamSimulate: 'n/a', note: `not translatable: ${t.unsupported}` })
    continue
  }
  let result
  try {
    result = await runSimulation(t.simulation, {})
  } catch (e) {
    result = { resultType: 'error', errors: { message: `threw: ${e.message}` } }
  }
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
  rows.push({ name: c.name, expected: c.expected, iamSimulate: answer, note })
}

if (asJson) {
  for (const r of rows) console.log(JSON.stringify(r))
} else {
  console.log(`iam-simulate ${IAM_SIMULATE_VERSION} against ${cases.length} corpus cases: ${agree} agree, ${rows.length - unsupported} differ, ${unsupported} not translatable`)
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
