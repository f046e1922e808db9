#!/usr/bin/env bash
# npm run stack:up -- brings the wagtail-probe test stack up (test/stack/README.md).
#
# Installs missing prerequisites (as root, with apt-get), builds the virtualenv
# outside the clone (keyed on the pinned requirements), then hands over to
# `python -m stackctl up`, which builds the data, starts every profile's
# gunicorn and one master per web server (nginx, Apache, Caddy, Varnish: the
# stack's own processes, never the system services), waits until all answer and writes
# .state/profiles.json. Idempotent: when everything runs, it only checks.
#
#   WAGTAIL_VERSION=7.0.10        another pinned Wagtail (requirements/wagtail-*.txt)
#   WAGTAIL_STACK_PORT_BASE=18080 first port (the stack uses base+0 .. base+79); unset,
#                                 the first free of 18080, 18180, ... 18480
#   WAGTAIL_PROBE_CACHE=~/.cache/wagtail-probe   where virtualenvs are kept
#   WAGTAIL_STACK_PYTHON=python3  the interpreter virtualenvs are made from
#   WAGTAIL_STACK_STATE=test/stack/.state  state, logs and profiles.json (a second
#                                 stack beside the first needs its own, and its own port base)
set -euo pipefail

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WAGTAIL_VERSION="${WAGTAIL_VERSION:-8.0.1}"
CACHE_ROOT="${WAGTAIL_PROBE_CACHE:-${HOME:-/tmp}/.cache/wagtail-probe}"
PYTHON="${WAGTAIL_STACK_PYTHON:-python3}"
REQUIREMENTS="$STACK_DIR/requirements/wagtail-$WAGTAIL_VERSION.txt"
STATE_DIR="${WAGTAIL_STACK_STATE:-$STACK_DIR/.state}"
LOG_DIR="$STATE_DIR/logs"
started=$SECONDS

say() { echo "stack: $*"; }
fail() { echo "stack: ERROR: $*" >&2; exit 1; }
show_log() { echo "--- last lines of $1 ---" >&2; tail -n 25 "$1" >&2 || true; }

mkdir -p "$LOG_DIR"
[[ -f $REQUIREMENTS ]] || fail "no pinned requirements for Wagtail $WAGTAIL_VERSION: $(cd "$STACK_DIR/requirements" && echo wagtail-*.txt)"
command -v "$PYTHON" >/dev/null || fail "$PYTHON not found: install Python 3.11 (or set WAGTAIL_STACK_PYTHON)"

# --- 1. prerequisites -------------------------------------------------------
missing=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v apache2 >/dev/null || [[ -x /usr/sbin/apache2 ]] || missing+=(apache2)
command -v caddy >/dev/null || missing+=(caddy)
command -v varnishd >/dev/null || [[ -x /usr/sbin/varnishd ]] || missing+=(varnish)
command -v openssl >/dev/null || missing+=(openssl)
command -v docker-compose >/dev/null || missing+=(docker-compose)  # validates docker-compose.test.yml
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        say "installing ${missing[*]} with apt-get (log: $LOG_DIR/apt.log)"
        export DEBIAN_FRONTEND=noninteractive
        # The packages must not start their system services (apache2, caddy and
        # varnish would take ports 80 and 6081 on every interface): the stack runs
        # its own processes on 127.0.0.1. Only while installing, and only our guard.
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
            trap 'rm -f /usr/sbin/policy-rc.d' EXIT
        fi
        { timeout 600 apt-get update -q && timeout 900 apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
            </dev/null >"$LOG_DIR/apt.log" 2>&1 || { show_log "$LOG_DIR/apt.log"; fail "apt-get install ${missing[*]} failed"; }
        if [[ -x /usr/sbin/policy-rc.d ]] && trap -p EXIT | grep -q policy-rc.d; then
            rm -f /usr/sbin/policy-rc.d
            trap - EXIT
        fi
    else
        fail "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (or as root: npm run stack:up installs them)"
    fi
fi

# --- 2. the virtualenv, outside the clone ------------------------------------
# Keyed on the pinned set and the interpreter; built under a temporary name and
# renamed, so an interrupted build is never mistaken for a good one. Always run
# as "$VENV/bin/python -m ..." (script shebangs keep the temporary path).
key="$({ cat "$REQUIREMENTS"; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -c1-16)"
VENV="$CACHE_ROOT/venv-$key"
if [[ ! -x $VENV/bin/python ]]; then
    say "building the virtualenv for Wagtail $WAGTAIL_VERSION in $VENV (log: $LOG_DIR/pip.log)"
    mkdir -p "$CACHE_ROOT"
    building="$VENV.building.$$"
    trap 'rm -rf "$building"' EXIT
    timeout 300 "$PYTHON" -m venv "$building"
    timeout 900 "$building/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQUIREMENTS" \
        </dev/null >"$LOG_DIR/pip.log" 2>&1 || { show_log "$LOG_DIR/pip.log"; fail "pip install -r $REQUIREMENTS failed"; }
    # Another stack:up may have finished the same build first: keep its copy.
    mv -T "$building" "$VENV" 2>/dev/null || rm -rf "$building"
    trap - EXIT
fi

# --- 3. data, certificates, processes, profiles.json -------------------------
cd "$STACK_DIR"
"$VENV/bin/python" -m stackctl up --python "$VENV/bin/python" --wagtail-version "$WAGTAIL_VERSION" \
    ${WAGTAIL_STACK_PORT_BASE:+--port-base "$WAGTAIL_STACK_PORT_BASE"}

# --- 4. docker-compose.test.yml stays in step with these scripts -------------
if command -v docker-compose >/dev/null; then
    "$VENV/bin/python" -m stackctl check-compose
else
    say "WARNING: docker-compose not installed, docker-compose.test.yml not validated"
fi
say "stack:up done in $((SECONDS - started)) s"
