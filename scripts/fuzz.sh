#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for a bounded time (default 60 s each;
# FUZZ_SECONDS overrides). A crash fails the script and leaves the input in Fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${FUZZ_SECONDS:-60}
swift build --sanitize=fuzzer -c release
mkdir -p findings
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run FUZZER CORPUS MAX_LEN
run() {
  local fuzzer=$1 corpus=$2 max_len=$3
  mkdir -p "$work/$fuzzer"
  cp "corpus/$corpus"/* "$work/$fuzzer"/
  # SWIFT_BACKTRACE=enable=no: otherwise the Swift runtime's backtracer takes the crash and
  # libFuzzer writes no crash file. -rss_limit_mb bounds memory: unbounded growth is a finding.
  local log="$work/$fuzzer.log" status=0
  SWIFT_BACKTRACE=enable=no ".build/release/$fuzzer" "$work/$fuzzer" \
      -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=1024 -timeout=5 \
      -artifact_prefix=findings/ -print_final_stats=1 >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    # The finding, with the reason and the input (base64) so that it can be reproduced from
    # the CI log alone: base64 -d > input && .build/release/FUZZER input
    grep -v '^#[0-9]' "$log" | tail -40
    for finding in findings/*; do [ -f "$finding" ] && { echo "input $finding:"; base64 -w0 "$finding"; echo; }; done
    echo "fuzz: $fuzzer found a problem (exit $status)"
    exit "$status"
  fi
  tail -6 "$log"
  echo "fuzz: $fuzzer ran ${seconds} s without a finding"
}

run PacketParserFuzzer packets 2048
run DNSMessageFuzzer dns 4096
run WHOISParserFuzzer whois 8192
run MTRJSONFuzzer mtr 16384
run ProcFuzzer proc 16384
