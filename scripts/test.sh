#!/usr/bin/env bash
# Runs the whole test suite: installs missing Debian packages, builds every product (the
# end-to-end tests run the built executables), then runs every test target.
# The network-namespace test needs root (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
swift test "$@"
