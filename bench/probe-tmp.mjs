import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate'
import { loadCorpus, toIamSimulate } from './cases.mjs'
const want = process.argv.slice(2)
for (const c of loadCorpus()) {
  if (!want.some((w) => c.name.includes(w))) continue
  const t = toIamSimulate(c.case.input, anonymousPrincipal)
  const r = await runSimulation(t.simulation, {})
  console.log('==', c.name, r.resultType, r.overallResult)
  const res = r.result ?? r.results?.[0]
  console.log('ignored:', JSON.stringify(res?.ignoredContextKeys), 'type', res?.resourceType)
  const ia = res?.analysis?.identityAnalysis
  console.log(JSON.stringify(ia, null, 1).slice(0, 3000))
}
