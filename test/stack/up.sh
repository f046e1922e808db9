#!/usr/bin/env bash
# npm run stack:up -- brings the wagtail-probe test stack up (test/stack/README.md).
#
# Installs missing prerequisites (as root, with apt-get), builds the virtualenvs
# outside the clone (one per Wagtail release the profiles run, keyed on its
# pinned requirements, and the storage server's), then hands over to
# `python -m stackctl up`, which builds the data, starts every profile's
# gunicorn and one master per web server (nginx, Apache, Caddy, Varnish: the
# stack's own processes, never the system services), waits until all answer and writes
# .state/profiles.json. Idempotent: when everything runs, it only checks.
#
#   WAGTAIL_VERSION=7.0.10        another pinned Wagtail for the stack (requirements/wagtail-*.txt);
#                                 wagtail-7.0 and wagtail-6.3 keep their own releases
#   WAGTAIL_STACK_PORT_BASE=18080 first port (the stack uses base+0 .. base+161); unset,
#                                 the first free of 18080, 18280, ... 18880
#   WAGTAIL_PROBE_CACHE=~/.cache/wagtail-probe   where virtualenvs are kept
#   WAGTAIL_STACK_PYTHON=python3  the interpreter virtualenvs are made from
#   WAGTAIL_STACK_STATE=test/stack/.state  state, logs and profiles.json (a second
#                                 stack beside the first needs its own, and its own port base)
set -euo pipefail

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WAGTAIL_VERSION="${WAGTAIL_VERSION:-8.0.1}"
CACHE_ROOT="${WAGTAIL_PROBE_CACHE:-${HOME:-/tmp}/.cache/wagtail-probe}"
PYTHON="${WAGTAIL_STACK_PYTHON:-python3}"
STATE_DIR="${WAGTAIL_STACK_STATE:-$STACK_DIR/.state}"
LOG_DIR="$STATE_DIR/logs"
started=$SECONDS

say() { echo "stack: $*"; }
fail() { echo "stack: ERROR: $*" >&2; exit 1; }
show_log() { echo "--- last lines of $1 ---" >&2; tail -n 25 "$1" >&2 || true; }

mkdir -p "$LOG_DIR"
[[ -f $STACK_DIR/requirements/wagtail-$WAGTAIL_VERSION.txt ]] \
    || fail "no pinned requirements for Wagtail $WAGTAIL_VERSION: $(cd "$STACK_DIR/requirements" && echo wagtail-*.txt)"
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

# --- 2. the virtualenvs, outside the clone ----------------------------------
# One per Wagtail release: the stack's, and each one a profile pins
# (wagtail-7.0, wagtail-6.3: `stackctl pinned-versions`). Each is keyed on its
# pinned set and the interpreter; built under a temporary name and renamed, so
# an interrupted build is never mistaken for a good one; the missing ones are
# built at the same time. Always run as "$venv/bin/python -m ..." (script
# shebangs keep the temporary path).
# The storage server's (moto, requirements/storage.txt) only when a profile keeps
# its media in it (`stackctl needs-storage`).
requirements_of() {  # a Wagtail version, or "storage"
    if [[ $1 == storage ]]; then echo "$STACK_DIR/requirements/storage.txt"; else echo "$STACK_DIR/requirements/wagtail-$1.txt"; fi
}
venv_of() {
    local requirements prefix=venv
    requirements="$(requirements_of "$1")"
    [[ $1 == storage ]] && prefix=venv-storage
    [[ -f $requirements ]] || fail "no pinned requirements for $1: add $requirements"
    echo "$CACHE_ROOT/$prefix-$({ cat "$requirements"; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -c1-16)"
}
build_venv() {  # version-or-storage venv log; returns pip's status
    local building="$2.building.$$"
    rm -rf "$building"
    { timeout 300 "$PYTHON" -m venv "$building" \
        && timeout 900 "$building/bin/python" -m pip install --disable-pip-version-check --no-input -q \
            -r "$(requirements_of "$1")"; } </dev/null >"$3" 2>&1 || { rm -rf "$building"; return 1; }
    # Another stack:up may have finished the same build first: keep its copy.
    mv -T "$building" "$2" 2>/dev/null || rm -rf "$building"
}
pinned="$(cd "$STACK_DIR" && "$PYTHON" -m stackctl pinned-versions --wagtail-version "$WAGTAIL_VERSION")" \
    || fail "could not read the profiles' pinned Wagtail releases (python -m stackctl pinned-versions)"
needs_storage="$(cd "$STACK_DIR" && "$PYTHON" -m stackctl needs-storage --wagtail-version "$WAGTAIL_VERSION")" \
    || fail "could not read whether a profile needs the storage server (python -m stackctl needs-storage)"
VENV="$(venv_of "$WAGTAIL_VERSION")"
python_for=()
storage=()
[[ $needs_storage == yes ]] && storage=(storage)
declare -A building_pids=() building_venvs=()
for version in "$WAGTAIL_VERSION" $pinned "${storage[@]}"; do
    venv="$(venv_of "$version")"
    if [[ $version == storage ]]; then
        python_for+=(--storage-python "$venv/bin/python")
    elif [[ $version != "$WAGTAIL_VERSION" ]]; then
        python_for+=(--python-for "$version=$venv/bin/python")
    fi
    [[ -x $venv/bin/python ]] && continue
    log="$LOG_DIR/pip-wagtail-$version.log"
    [[ $version == "$WAGTAIL_VERSION" ]] && log="$LOG_DIR/pip.log"
    [[ $version == storage ]] && log="$LOG_DIR/pip-storage.log"
    what="Wagtail $version"
    [[ $version == storage ]] && what="the storage server"
    say "building the virtualenv for $what in $venv (log: $log)"
    mkdir -p "$CACHE_ROOT"
    build_venv "$version" "$venv" "$log" &
    building_pids[$version]=$!
    building_venvs[$version]=$log
done
for version in "${!building_pids[@]}"; do
    wait "${building_pids[$version]}" || { show_log "${building_venvs[$version]}"; fail "pip install -r $(requirements_of "$version") failed"; }
done

# --- 3. data, certificates, processes, profiles.json -------------------------
cd "$STACK_DIR"
"$VENV/bin/python" -m stackctl up --python "$VENV/bin/python" --wagtail-version "$WAGTAIL_VERSION" \
    "${python_for[@]}" ${WAGTAIL_STACK_PORT_BASE:+--port-base "$WAGTAIL_STACK_PORT_BASE"}

# --- 4. docker-compose.test.yml stays in step with these scripts -------------
if command -v docker-compose >/dev/null; then
    "$VENV/bin/python" -m stackctl check-compose
else
    say "WARNING: docker-compose not installed, docker-compose.test.yml not validated"
fi
say "stack:up done in $((SECONDS - started)) s"
