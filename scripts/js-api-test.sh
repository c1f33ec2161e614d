#!/usr/bin/env bash
# Node tests of the JavaScript API (tests/js/*.test.mjs, node:test), after a type check of its
# TypeScript declarations (tsc on tests/js/types-check.ts): the ES module wasm-bindgen
# generates (dist/playground-web.js + dist/playground-web_bg.wasm), imported in node and
# initialised with initSync. Assumes dist/ is built (scripts/test.sh builds it, or
# `trunk build --release --offline`). Extra arguments go to `node --test`, e.g.
#   scripts/js-api-test.sh --test-name-pattern=validate
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "js-api-test: $*" >&2; exit 1; }
[ -f dist/playground-web.js ] && [ -f dist/playground-web_bg.wasm ] \
  || fail "dist/ is not built: run 'trunk build --release --offline' (scripts/test.sh does)"
command -v node >/dev/null || fail "node is not installed: run scripts/setup.sh"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "node $major is too old: node:test with describe/todo needs node 20"

# The TypeScript declarations, checked against tests/js/types-check.ts.
[ -x node_modules/.bin/tsc ] || fail "typescript is not installed: run scripts/setup.sh"
node_modules/.bin/tsc -p tests/js/tsconfig.json || fail "the TypeScript declarations do not check (tests/js/types-check.ts)"
echo "js-api-test: TypeScript declarations check"

exec node --test "$@" tests/js/
