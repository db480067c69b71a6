#!/usr/bin/env bash
# Installs missing Debian packages, builds the release `vantage` and starts it with the
# default Plugins.json (embedded SQLite under ./data, API on 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product vantage
exec .build/release/vantage serve --config Plugins.json "$@"
