#!/usr/bin/env bash
# Runs the whole test suite: installs missing Debian packages, builds every product (the
# end-to-end tests run the built executables), then runs every test target.
# The network-namespace tests need root (CI runs as root). Finally the libFuzzer target of
# the packet parser runs for a bounded time (FUZZ_SECONDS, default 60; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
swift build
swift test "$@"
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then scripts/fuzz.sh; fi
