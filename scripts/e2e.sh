#!/usr/bin/env bash
# End-to-end tests of the built playground: serves dist/ on 127.0.0.1 (a free port) and runs the
# Playwright specs in tests/e2e/ in Debian's headless chromium, each test in a fresh profile.
# Assumes dist/ is built (scripts/test.sh builds it) and the npm tools are installed
# (scripts/setup.sh). Extra arguments go to `playwright test`, e.g.:
#   scripts/e2e.sh -g share                 # only the tests whose title matches
#   scripts/e2e.sh --update-snapshots       # (re)write the screenshot baselines in tests/e2e/screenshots/
# Environment: CHROMIUM (default /usr/bin/chromium), E2E_WORKERS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

fail() { echo "e2e: $*" >&2; exit 1; }
[ -f dist/index.html ] || fail "dist/ is not built: run 'trunk build --release --offline' (scripts/test.sh does)"
[ -x node_modules/.bin/playwright ] || fail "Playwright is not installed: run scripts/setup.sh"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || fail "no chromium at $CHROMIUM: run scripts/setup.sh"
# Playwright must never fetch browsers of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Port 0: the kernel picks a free port, which the server prints once it listens.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory dist >"$work/server.log" 2>&1 &
server=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^Serving HTTP on [0-9.]* port \([0-9]*\).*/\1/p' "$work/server.log" | head -n1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; fail "the static server did not start"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log" >&2; fail "the static server did not report its port"; }
export E2E_BASE_URL="http://127.0.0.1:$port/"
echo "e2e: serving dist/ at $E2E_BASE_URL, browser $("$CHROMIUM" --version 2>/dev/null)" >&2

status=0
playwright test -c tests/e2e/playwright.config.mjs "$@" || status=$?
if [ "$status" != 0 ]; then
  echo "e2e: failed; traces, screenshots and diffs are in target/e2e/results/" >&2
  echo "e2e: a trace opens with: node_modules/.bin/playwright show-trace target/e2e/results/<test>/trace.zip" >&2
fi
exit "$status"
