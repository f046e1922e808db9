#!/usr/bin/env bash
# The test command (npm test): build, run every tap test (the tap `before`
# hook brings the real Wagtail stack up), gate coverage, and end with one
# plain "N passed, N failed" line that any CI log reader understands.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-deps.sh

npm run --silent build || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
npx tap "$@" 2>&1 | tee "$log"
tap_status=${PIPESTATUS[0]}

node scripts/check-coverage.mjs
coverage_status=$?

# tap's own closing line (read as text: test output may carry NUL bytes) looks like "# { total: 412, pass: 410, fail: 2 }".
counts=$(grep -aE '^# \{ total: [0-9]+' "$log" | tail -n 1)
total=$(sed -nE 's/.*total: ([0-9]+).*/\1/p' <<<"$counts")
pass=$(sed -nE 's/.*pass: ([0-9]+).*/\1/p' <<<"$counts")
fail=$(sed -nE 's/.*fail: ([0-9]+).*/\1/p' <<<"$counts")
skip=$(sed -nE 's/.*skip: ([0-9]+).*/\1/p' <<<"$counts")
if [ -z "$total" ]; then
  echo "tests: tap printed no summary" >&2
  exit 1
fi
echo "tests: ${pass:-0} passed, ${fail:-0} failed${skip:+, $skip skipped}"

[ "$tap_status" -eq 0 ] && [ "$coverage_status" -eq 0 ]
