// A static server for the browser benchmarks (bench/browser.mjs, bench/browser-account.mjs).

import { spawn } from 'node:child_process'

/** Serves `dir` with python3's http.server on 127.0.0.1 (the kernel picks the port). */
export async function serve(dir) {
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the static server did not start: ${out}`)), 10_000)
    const onData = (d) => {
      out += d
      const m = /Serving HTTP on [0-9.]+ port (\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        res(Number(m[1]))
      }
    }
    server.stdout.on('data', onData)
    server.stderr.on('data', (d) => (out += d)) // request log: ignored
    server.on('exit', (code) => rej(new Error(`the static server exited (${code}): ${out}`)))
  })
  server.stdout.removeAllListeners('data')
  server.stdout.resume()
  server.stderr.removeAllListeners('data')
  server.stderr.resume()
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.kill() }
}
