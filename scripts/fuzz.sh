#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for a bounded time (default 60 s;
# FUZZ_SECONDS overrides). A crash fails the script and leaves the input in Fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${FUZZ_SECONDS:-60}
swift build --sanitize=fuzzer -c release
mkdir -p findings
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp corpus/packets/* "$work"/
# SWIFT_BACKTRACE=enable=no: otherwise the Swift runtime's backtracer takes the crash and
# libFuzzer writes no crash file.
SWIFT_BACKTRACE=enable=no .build/release/PacketParserFuzzer "$work" \
    -max_total_time="$seconds" -max_len=2048 -artifact_prefix=findings/ -print_final_stats=1 2>&1 | tail -15
echo "fuzz: PacketParserFuzzer ran ${seconds} s without a finding"
