#!/usr/bin/env bash
# Runs every test: native (unit, corpus, command line), wasm (engine + corpus in node), the site
# build, and a headless-Chromium check that the built page decides the seed scenario.
# Installs whatever is missing first (scripts/setup.sh), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n== %s\n' "$*" >&2; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings

step "the action catalog regenerates byte for byte from the pinned package"
scripts/catalog/check.sh

step "native tests (unit, corpus, command line)"
cargo test --quiet

step "differential runs against iam-simulate (corpus, and 2,000 seeded layered cases): every disagreement a documented departure"
cargo build --quiet --release --bin policy-playground
mkdir -p target/differential
node bench/differential.mjs > target/differential/corpus.md
head -n 1 target/differential/corpus.md
node bench/layered.mjs --seed 1 --cases 2000 --strict > target/differential/layered.md
head -n 1 target/differential/layered.md

step "the profile-guided build of the command line (scripts/build-cli.sh) answers as cargo build --release's does"
scripts/build-cli.sh
node bench/throughput.mjs --write target/pgo/check --seed 3 --cases 2000 >/dev/null
for workload in mix scenario corpus; do
  target/release/policy-playground simulate --batch < "target/pgo/check/$workload.jsonl" > "target/pgo/check/$workload.plain"
  target/pgo/policy-playground simulate --batch < "target/pgo/check/$workload.jsonl" > "target/pgo/check/$workload.pgo"
  cmp "target/pgo/check/$workload.plain" "target/pgo/check/$workload.pgo"
  echo "$workload: $(wc -l < "target/pgo/check/$workload.pgo") answers, the same"
done
# and keeps the command line's contract (exit codes, errors, batch behaviour): the CLI tests
# again, against that binary (on x86-64 Linux a musl build with its own memory functions)
PP_CLI_BIN="$PWD/target/pgo/policy-playground" cargo test --quiet --test cli
# and its memory functions (src/bin/policy-playground/memory.rs), whose AVX2 paths are compiled
# only for the instruction level that build chose (x86-64-v3 on a machine that has it): their
# tests, built for that level too
cpu=$(cat target/pgo/target-cpu)
if [ -n "$cpu" ] && [ "$(uname -m)" = x86_64 ]; then
  RUSTFLAGS="-Ctarget-cpu=$cpu" cargo test --quiet --release --bin policy-playground \
    --target-dir target/pgo/cpu-test memory
fi

step "fuzzing: every fuzz target for 10 s from the seed corpus (scripts/fuzz.sh; no crash, no hang)"
scripts/fuzz.sh --seconds 10

step "wasm tests (engine, corpus and catalog under node; page components in headless chromium)"
cargo test --target wasm32-unknown-unknown --lib --tests

step "site build (trunk, offline)"
trunk build --release --offline >/dev/null
# The page's download may not grow past what it was before issue 15 (3081b74's bundle, 829,412 B
# with `gzip -9`, rebuilt with this toolchain on 2026-12-07): a size, not a timing, so the same
# on every run of the same sources. A review pass once added 7.5 KB unnoticed (Unicode's case
# tables, through one `str::to_uppercase`: docs/speed.md, twenty-seventh session).
budget=829412
size=$(gzip -9 -c dist/playground-web_bg.wasm | wc -c)
echo "playground-web_bg.wasm: $size B with gzip -9 (at most $budget)"
if [ "$size" -gt "$budget" ]; then
  echo "the page's download grew past $budget B (gzip -9): see docs/speed.md" >&2
  exit 1
fi

step "the JavaScript API under node"
scripts/js-api-test.sh

step "the built page in headless chromium"
scripts/smoke-page.sh

step "end-to-end tests (playwright, debian chromium)"
scripts/e2e.sh

step "all tests passed"
