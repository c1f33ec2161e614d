// Our engine as an outside program: the native CLI's batch mode (`policy-playground simulate
// --batch`: one JSON case per line in, one answer per line out), built with
// `cargo build --release --bin policy-playground`.

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './cases.mjs'

export const DEFAULT_CLI = join(REPO, 'target', 'release', 'policy-playground')

/** True when the binary is there. */
export const haveCli = (cli) => existsSync(cli)

/**
 * Our answers for many simulate inputs, in chunks of 4,000 lines: { answer, output } with answer
 * a decision or 'Error' (then `errors`). Exits the process if the binary cannot be run.
 */
export function oursBatch(cli, inputs) {
  const out = []
  const CHUNK = 4000
  for (let i = 0; i < inputs.length; i += CHUNK) {
    const chunk = inputs.slice(i, i + CHUNK)
    const r = spawnSync(cli, ['simulate', '--batch'], { input: chunk.map((c) => JSON.stringify(c)).join('\n') + '\n', maxBuffer: 1 << 30, encoding: 'utf8' })
    if (r.error || r.status !== 0) {
      console.error(`cannot run ${cli} simulate --batch: ${r.error?.message ?? r.stderr}`)
      console.error('build it with: cargo build --release --bin policy-playground')
      process.exit(1)
    }
    const lines = r.stdout.split('\n').filter((l) => l.length)
    if (lines.length !== chunk.length) {
      console.error(`${cli} answered ${lines.length} lines for ${chunk.length} cases`)
      process.exit(1)
    }
    for (const l of lines) {
      const a = JSON.parse(l)
      out.push(a.errors ? { answer: 'Error', errors: a.errors } : { answer: a.decision, output: a })
    }
  }
  return out
}
