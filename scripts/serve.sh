#!/usr/bin/env bash
# Builds the playground and serves it on http://127.0.0.1:8080 (PORT to change), rebuilding on
# edits (reload the page to see them). Installs whatever is missing first (scripts/setup.sh).
# The build in dist/ is the deployable site: Trunk's live-reload client is left out
# (--no-autoreload), because it would open a WebSocket on every load of a copied page and the
# pages' Content-Security-Policy blocks its inline script anyway (the post-build hook in
# Trunk.toml refuses to build a page with an inline script).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
