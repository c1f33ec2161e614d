#!/usr/bin/env bash
# Installs every tool the project needs, idempotently: safe to run again and again.
# Used by both README commands (scripts/serve.sh and scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

log() { printf '[setup] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: a C toolchain for crates that build C, chromium + chromedriver for browser tests,
# python3 for the site build's post-build hook (scripts/loader-to-file.py) and the e2e server.
missing_debs=()
command -v python3 >/dev/null 2>&1 || missing_debs+=(python3)
command -v cc >/dev/null 2>&1 || missing_debs+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || missing_debs+=(pkg-config)
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
[ -x /usr/bin/chromedriver ] || missing_debs+=(chromium-driver)
if [ ${#missing_debs[@]} -gt 0 ]; then
  log "apt-get install ${missing_debs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

# The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI (also gives wasm-bindgen-test-runner); must equal the crate pin in Cargo.toml.
# Not --locked: one locked dependency is missing from the registry mirror.
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
  cargo install --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Trunk, pinned (0.22 needs a newer rustc than this machine has).
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  log "cargo install trunk@$TRUNK_VERSION (takes ~8 minutes on 2 cores)"
  cargo install --quiet --locked --force "trunk@$TRUNK_VERSION"
fi

# Fuzzing (scripts/fuzz.sh, a short run of which is part of scripts/test.sh): libFuzzer's
# instrumentation needs the nightly toolchain; cargo-fuzz, pinned, drives it.
CARGO_FUZZ_VERSION=0.13.2
if ! rustup toolchain list | grep -q '^nightly'; then
  log "rustup toolchain install nightly --profile minimal"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  log "cargo install cargo-fuzz@$CARGO_FUZZ_VERSION"
  cargo install --quiet --locked --force "cargo-fuzz@$CARGO_FUZZ_VERSION"
fi

# npm packages (binaryen's wasm-opt; later the browser test tools), exactly as locked.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.package-lock-copy.json 2>/dev/null; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock-copy.json
fi

# The outside oracle of the differential runs (bench/: @cloud-copilot/iam-simulate), as locked.
if [ ! -f bench/node_modules/.package-lock.json ] || ! cmp -s bench/package-lock.json bench/node_modules/.package-lock-copy.json 2>/dev/null; then
  log "npm ci (bench/)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  cp bench/package-lock.json bench/node_modules/.package-lock-copy.json
fi

# Crates, so that offline builds (trunk --offline) find everything.
cargo fetch --quiet
log "tools ready"
