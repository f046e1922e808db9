#!/usr/bin/env bash
# npm run demo: bring the local real Wagtail stack up, then probe a leaky
# profile and the hardened one, so a newcomer sees the tool catch real
# problems on a real Wagtail in one command.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-deps.sh
npm run --silent build
npm run --silent stack:up
node scripts/demo.mjs "$@"
