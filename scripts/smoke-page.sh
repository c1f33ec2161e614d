#!/usr/bin/env bash
# Serves dist/ on localhost and checks, in headless Chromium, that the page runs the engine:
# it must mark itself ready and show the seed decisions (specific-user allowed, other-user blocked).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-8391}
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 - "$port" <<'PY' && break
import socket, sys
s = socket.socket(); s.settimeout(0.2)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
  sleep 0.1
done
profile=$(mktemp -d)
dom=$(timeout 60 chromium --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --virtual-time-budget=10000 --dump-dom "http://127.0.0.1:$port/index.html" 2>/dev/null)
rm -rf "$profile"
fail() { echo "smoke-page: $*" >&2; exit 1; }
grep -q 'data-ready="true"' <<<"$dom" || fail "the page never marked itself ready"
grep -q 'data-principal="specific-user" data-action="sagemaker:CreateTrainingJob" data-decision="Allowed"' <<<"$dom" \
  || fail "specific-user should be allowed to call sagemaker:CreateTrainingJob through the endpoint"
grep -q 'data-principal="other-user" data-action="sagemaker:CreateTrainingJob" data-decision="ImplicitlyDenied"' <<<"$dom" \
  || fail "other-user should be blocked by the endpoint policy"
echo "smoke-page: the built page decides the seed scenario in chromium" >&2
