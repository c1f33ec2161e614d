#!/usr/bin/env bash
# The benchmark: native figures (cargo bench --bench engine), then, in one node process, the wasm
# figures and @cloud-copilot/iam-simulate's on the same cases, with the ratio; then the
# differential runs against iam-simulate (the corpus, then seeded random cases mixing every layer:
# bench/layered.mjs). Prints markdown tables for the README.
#
#   scripts/bench.sh                 everything but the browser benchmark
#   scripts/bench.sh --no-native     skip the native cargo bench (its figures are left out)
#   scripts/bench.sh --browser [OPTIONS]
#                                    only the browser benchmark: the built page (dist/) in headless
#                                    chromium (first render, keystroke -> updated grid); OPTIONS go
#                                    to bench/browser.mjs (--profile, --throttle 1,4, --runs N, ...).
#                                    Builds dist/ first (trunk build --release --offline) when it
#                                    is missing or older than the sources.
#
# The workload is documented in benches/engine.rs, bench/workload.rs, bench/run.mjs and
# bench/browser.mjs (see bench/README.md).
# Not a test: nothing here fails on a slow figure (it fails only if a step cannot run, or if the
# engine stops giving the documented answers).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

native=1
browser=0
browser_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-native) native=0 ;;
    --browser) browser=1; shift; browser_args=("$@"); break ;;
    *) echo "usage: scripts/bench.sh [--no-native] | scripts/bench.sh --browser [bench/browser.mjs options]" >&2; exit 2 ;;
  esac
  shift
done

step() { printf '\n== %s\n' "$*" >&2; }

# Node 20 or later (Debian's own node 18 is too old for the wasm-bindgen glue's usage here).
NODE=${NODE:-node}
if ! "$NODE" -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null; then
  if [ -x /usr/bin/node ] && /usr/bin/node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
    NODE=/usr/bin/node
  else
    echo "scripts/bench.sh needs node >= 20" >&2
    exit 1
  fi
fi

if [ "$browser" = 1 ]; then
  export PATH="$PWD/node_modules/.bin:$PATH"
  # Trunk, wasm-bindgen, wasm-opt (binaryen), Playwright and chromium come from the installer.
  if ! command -v trunk >/dev/null || ! command -v wasm-opt >/dev/null \
    || [ ! -d node_modules/playwright-core ] || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    step "installing tools (scripts/setup.sh)"
    scripts/setup.sh
  fi
  # dist/ is built when missing, or when a source of the page is newer than it.
  if [ ! -f dist/index.html ] \
    || [ -n "$(find src www Cargo.toml Cargo.lock Trunk.toml -newer dist/index.html -print -quit)" ]; then
    step "site build (trunk build --release --offline)"
    cargo fetch --quiet
    trunk build --release --offline >/dev/null
  fi
  # Playwright must never fetch browsers of its own.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  step "browser benchmark (node bench/browser.mjs ${browser_args[*]})"
  exec "$NODE" bench/browser.mjs "${browser_args[@]}"
fi

# The tools the wasm side needs come from the project's installer.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen 0.2.130" ]; then
  step "installing tools (scripts/setup.sh)"
  scripts/setup.sh
fi

step "wasm build (release)"
cargo build --release --lib --target wasm32-unknown-unknown --features bench
wasm-bindgen --target nodejs --out-dir target/bench-pkg \
  target/wasm32-unknown-unknown/release/policy_playground.wasm

step "npm ci (bench/: @cloud-copilot/iam-simulate, pinned)"
(cd bench && npm ci --no-audit --no-fund --loglevel=error)

rm -f target/bench-native.json
if [ "$native" = 1 ]; then
  step "native benchmark (cargo bench --bench engine)"
  BENCH_NATIVE_JSON="$PWD/target/bench-native.json" cargo bench --bench engine
fi

step "wasm and iam-simulate, side by side (node bench/run.mjs)"
"$NODE" bench/run.mjs

step "differential run against iam-simulate (node bench/differential.mjs)"
"$NODE" bench/differential.mjs

step "layered differential run against iam-simulate (node bench/layered.mjs, seed 1, 2000 cases)"
cargo build --release --bin policy-playground
"$NODE" bench/layered.mjs --seed 1 --cases 2000

step "whole-process throughput against iam-simulate (node bench/throughput.mjs: seed 1, 20000 mixed cases, one scenario with their requests, the corpus), cargo build --release"
"$NODE" bench/throughput.mjs

step "the same with the profile-guided build (scripts/build-cli.sh)"
scripts/build-cli.sh
"$NODE" bench/throughput.mjs --cli target/pgo/policy-playground
