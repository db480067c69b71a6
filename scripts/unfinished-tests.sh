#!/usr/bin/env bash
# Prints the tests and suites a `swift test` log shows as started and never passed or failed
# (Swift Testing's "◇ … started." against "✔/✘ … passed/failed"). Usage: unfinished-tests.sh LOG
set -euo pipefail
log=$1
grep -E '^◇ (Test|Suite) ' "$log" | grep -v 'Test case passing' | sed -E 's/^◇ ((Test|Suite) .*) started\.$/\1/' | sort -u > "$log.started" || true
grep -E '^[✔✘] (Test|Suite) ' "$log" | sed -E 's/^[✔✘] ((Test|Suite) .*) (passed|failed)( after .*| with .*)?$/\1/' | sort -u > "$log.ended" || true
comm -23 "$log.started" "$log.ended" | sed 's/^/  /'
rm -f "$log.started" "$log.ended"
