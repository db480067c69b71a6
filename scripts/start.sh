#!/usr/bin/env bash
# Installs missing Debian packages, builds the release `vantage` and starts it with the
# default Plugins.json (embedded SQLite under ./data, API on 127.0.0.1:8080).
# The token-signing secret comes from VANTAGE_JWT_SECRET; when it is not set, a random one
# is made once and kept in ./data/jwt.secret (mode 600), so tokens survive restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product vantage
if [ -z "${VANTAGE_JWT_SECRET:-}" ]; then
  mkdir -p data
  if [ ! -s data/jwt.secret ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 -w0 > data/jwt.secret)
  fi
  VANTAGE_JWT_SECRET="$(cat data/jwt.secret)"
  export VANTAGE_JWT_SECRET
fi
exec .build/release/vantage serve --config Plugins.json "$@"
