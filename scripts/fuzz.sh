#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of every reader of outside input:
#   scripts/fuzz.sh [--seconds N] [TARGET...]
# Runs each TARGET (default: all of json, policy, simulate, share_link, scenario_import,
# account_import) for N
# seconds (default 10), one after another. Idempotent: installs cargo-fuzz and the nightly
# toolchain when missing, writes the seed corpus from the repository (tests/corpus, its policy
# texts, tests/samples, the presets' scenario documents and share links, tests/import) into
# target/fuzz/seeds/TARGET, and keeps what libFuzzer finds in target/fuzz/corpus/TARGET (both
# under the gitignored target/, never committed). A crash or a hang (an input that takes more
# than --timeout seconds, default 10) stops the run with the input saved in
# target/fuzz/artifacts/TARGET/ and exit status 1; reproduce it with
#   cargo +nightly fuzz run --fuzz-dir fuzz -s none TARGET target/fuzz/artifacts/TARGET/crash-…
# The last line of each target's run is libFuzzer's summary (`Done N runs in S second(s)`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

ALL_TARGETS=(json policy simulate share_link scenario_import account_import)
SECONDS_PER_TARGET=10
TIMEOUT=10
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_TARGET="$2"; shift 2 ;;
    --seconds=*) SECONDS_PER_TARGET="${1#*=}"; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *)
      if [[ ! " ${ALL_TARGETS[*]} " == *" $1 "* ]]; then
        echo "fuzz.sh: unknown target $1 (targets: ${ALL_TARGETS[*]})" >&2
        exit 2
      fi
      targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")

log() { printf '[fuzz] %s\n' "$*" >&2; }

# Tools: the nightly toolchain (libFuzzer's instrumentation) and cargo-fuzz.
if ! rustup toolchain list | grep -q '^nightly'; then
  log "rustup toolchain install nightly --profile minimal"
  rustup toolchain install nightly --profile minimal
fi
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  log "cargo install cargo-fuzz@$CARGO_FUZZ_VERSION"
  cargo install --quiet --locked --force "cargo-fuzz@$CARGO_FUZZ_VERSION"
fi

# The seed corpus, written afresh from the repository (stable toolchain, in a target folder of
# its own: a build of the fuzz workspace must never share one with the top-level workspace,
# whose other features for the same crates would clobber each other's artifacts).
# Only the selected targets' seed folders are replaced, so runs of other targets may go on beside.
SEEDS="$ROOT/target/fuzz/seeds"
fresh=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-seeds.XXXXXX")
trap 'rm -rf "$fresh"' EXIT
CARGO_TARGET_DIR="$ROOT/target/fuzz/seeds-build" \
  cargo run --quiet --manifest-path fuzz/Cargo.toml -p policy-playground-fuzz-seeds -- "$ROOT" "$fresh"
mkdir -p "$SEEDS"
for t in "${targets[@]}"; do
  rm -rf "${SEEDS:?}/$t"
  mv "$fresh/$t" "$SEEDS/$t"
done

# Every target built once, without a sanitizer (the code is safe Rust; libFuzzer's coverage and
# the debug assertions, overflow checks included, are what find the bugs).
log "building the fuzz targets (nightly, release with debug assertions)"
cargo +nightly fuzz build --fuzz-dir fuzz -s none

status=0
for t in "${targets[@]}"; do
  mkdir -p "target/fuzz/corpus/$t" "target/fuzz/artifacts/$t"
  log "$t: ${SECONDS_PER_TARGET}s"
  if ! cargo +nightly fuzz run --fuzz-dir fuzz -s none "$t" \
      "target/fuzz/corpus/$t" "$SEEDS/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
      -artifact_prefix="$ROOT/target/fuzz/artifacts/$t/" -print_final_stats=1 \
      > "target/fuzz/$t.log" 2>&1; then
    status=1
    tail -n 40 "target/fuzz/$t.log" >&2
    log "$t: FAILED (input in target/fuzz/artifacts/$t/; log in target/fuzz/$t.log)"
    continue
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "target/fuzz/$t.log" | grep -o '[0-9]*$' || echo '?')
  log "$t: $runs executions, no crash ($(find "$SEEDS/$t" -type f | wc -l) seeds, $(find "target/fuzz/corpus/$t" -type f | wc -l) in the corpus)"
done
exit $status
