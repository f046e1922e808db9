#!/usr/bin/env bash
# npm run stack:down -- stops exactly what stack:up started (by recorded pids).
# Idempotent; keeps the data, certificates and virtualenv for the next up.
set -euo pipefail

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ ! -d ${WAGTAIL_STACK_STATE:-$STACK_DIR/.state}/run ]]; then
    echo "stack: nothing to stop"
    exit 0
fi
cd "$STACK_DIR"
exec "${WAGTAIL_STACK_PYTHON:-python3}" -m stackctl down
