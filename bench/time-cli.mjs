// Times whole runs of a command from a node process that holds nothing else: what
// bench/throughput.mjs starts to time its own runs of the command line (and `timeRuns`, which
// its `--timer inline` calls in its own process).
//
//   node bench/time-cli.mjs RUNS LINES INPUT OUTPUT CMD [ARGS...]
//
// Runs CMD RUNS + 1 times (the first a warm-up), each with INPUT as its standard input and OUTPUT
// (truncated) as its standard output, timed from `spawnSync` to the process's exit. Every run must
// exit 0 and leave LINES lines in OUTPUT. Prints `{"seconds":[...]}` (the timed runs, in order).
//
// Why a process of its own: `spawnSync` forks node, and a fork costs more the more memory the
// parent holds. From throughput.mjs, after it has loaded iam-simulate and translated 20,000
// cases (200–450 MB resident), starting `/bin/true` costs 1.4–2 ms; from a bare node process
// about 0.7 ms. That difference belongs to the benchmark, not to the process it times.
// Exits 1 if a run fails, 2 on bad arguments.

import { spawnSync } from 'node:child_process'
import { closeSync, openSync, readSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/**
 * Runs `cmd args` `runs` + 1 times (the first a warm-up) from this process, `input` as its standard
 * input and `output` (truncated) as its standard output; every run must exit 0 and leave `lines`
 * lines in `output`, else the script exits 1. Returns the timed runs' seconds, in order.
 * throughput.mjs calls it in its own process with `--timer inline`.
 */
export function timeRuns({ runs, lines, input, output, cmd, args }) {
  const once = () => {
    const inFd = openSync(input, 'r')
    const outFd = openSync(output, 'w')
    const t0 = performance.now()
    const r = spawnSync(cmd, args, { stdio: [inFd, outFd, 'pipe'] })
    const seconds = (performance.now() - t0) / 1000
    closeSync(inFd)
    closeSync(outFd)
    if (r.error || r.status !== 0) {
      console.error(`cannot run ${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`)
      console.error('build it with: cargo build --release --bin policy-playground')
      process.exit(1)
    }
    const got = countLines(output)
    if (got !== lines) {
      console.error(`${cmd} answered ${got} lines for ${lines} cases`)
      process.exit(1)
    }
    return seconds
  }
  once()
  const seconds = []
  for (let r = 0; r < runs; r++) seconds.push(once())
  return seconds
}

/**
 * Non-empty lines of the file at `path`, as throughput.mjs counts answers, read a piece at a time
 * into one buffer: reading a run's whole output (15.8 MB for the mix) into a new buffer each
 * time left node's garbage collector work to do on both cores while the next run was timed
 * (docs/speed.md, twenty-first round).
 */
function countLines(path) {
  const fd = openSync(path, 'r')
  let n = 0
  let inLine = false
  try {
    for (let got = readSync(fd, PIECE, 0, PIECE.length, null); got > 0; got = readSync(fd, PIECE, 0, PIECE.length, null)) {
      for (let i = 0; i < got; i++) {
        if (PIECE[i] === 10) {
          if (inLine) n++
          inLine = false
        } else {
          inLine = true
        }
      }
    }
  } finally {
    closeSync(fd)
  }
  return inLine ? n + 1 : n
}

const PIECE = Buffer.alloc(1 << 16)

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [runsText, linesText, input, output, cmd, ...args] = process.argv.slice(2)
  const runs = Number(runsText)
  const lines = Number(linesText)
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(lines) || lines < 0 || cmd === undefined) {
    console.error('usage: node bench/time-cli.mjs RUNS LINES INPUT OUTPUT CMD [ARGS...]')
    process.exit(2)
  }
  console.log(JSON.stringify({ seconds: timeRuns({ runs, lines, input, output, cmd, args }) }))
}
