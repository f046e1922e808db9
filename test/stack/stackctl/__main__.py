"""python3 -m stackctl {up,down,status,build-data,make-certificates,check-compose,pinned-versions,needs-storage}

Run from test/stack/. `up` and `down` are what test/stack/up.sh and down.sh
call; `build-data` and `make-certificates` are the Docker image's steps;
`check-compose` keeps docker-compose.test.yml in step with these scripts;
`pinned-versions` tells up.sh which other virtualenvs to build, `needs-storage`
whether to build the storage server's.
"""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from . import data, describe, fronts, processes, readiness, storage, templates, tls
from .layout import (
    APACHE_ERRORS_DIR,
    APP_DIR,
    COMPOSE_FILE,
    DEFAULT_PORT_BASES,
    DEFAULT_WAGTAIL_VERSION,
    LOG_DIR,
    PROFILES_JSON,
    RUN_DIR,
    STACK_DIR,
    STATE_DIR,
    STORAGE_DIR,
    STORAGE_REQUIREMENTS,
    TEMPLATE_DIRS,
    TLS_DIR,
    base_url,
    data_dir_for,
    load_profiles,
    pinned_version,
    port_plan,
    requirements_file,
    storage_profiles,
    versions_in_use,
)
from .processes import StackError

RUN_STATE = RUN_DIR / "stack.json"


def all_servers() -> list[processes.Server]:
    """Every master the stack runs besides gunicorn: the fronts and the storage server."""
    return [*fronts.servers(), storage.SERVER]


def say(message: str) -> None:
    print(f"stack: {message}", flush=True)


def fingerprint(*parts: Path | str) -> str:
    """A hash of files (recursively, by relative path and content) and strings."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            digest.update(b"str\0" + part.encode() + b"\0")
            continue
        files = [part] if part.is_file() else sorted(p for p in part.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(str(path.relative_to(STACK_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@contextmanager
def stack_lock(timeout: float = 600):
    """One up or down at a time (tap's before hook and a developer may race)."""
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    with (STATE_DIR / "stack.lock").open("w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StackError(f"another stack:up or stack:down holds {handle.name} for over {timeout:.0f} s")
                time.sleep(0.5)
        yield


def data_fingerprint(wagtail_version: str) -> str:
    return fingerprint(APP_DIR, requirements_file(wagtail_version), STACK_DIR / "stackctl" / "data.py")


def read_run_state() -> dict:
    try:
        return json.loads(RUN_STATE.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def build_log(wagtail_version: str, stack_version: str) -> Path:
    return LOG_DIR / ("build.log" if wagtail_version == stack_version else f"build-wagtail-{wagtail_version}.log")


def build_stale_data(stale: dict[str, list], pythons: dict[str, Path], fingerprints: dict[str, str], stack_version: str, endpoints: storage.Endpoints) -> None:
    """Every stale data directory at once (each is migrate, seed, collectstatic in its own processes)."""
    for wagtail_version in stale:
        say(f"building data for Wagtail {wagtail_version} (migrate, seed, collectstatic) in {data_dir_for(wagtail_version)}")
    build_started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(stale)) as pool:
        builds = {
            wagtail_version: pool.submit(
                data.build, pythons[wagtail_version], data_dir_for(wagtail_version), group,
                fingerprints[wagtail_version], build_log(wagtail_version, stack_version), endpoints,
            )  # fmt: skip
            for wagtail_version, group in stale.items()
        }
        for build in builds.values():
            build.result()  # the first failure is raised, the others still finish
    say(f"data built in {time.monotonic() - build_started:.1f} s ({', '.join(stale)})")


def up(args: argparse.Namespace) -> None:
    started = time.monotonic()
    version = args.wagtail_version
    pythons = {version: Path(args.python), **parse_python_for(args.python_for)}
    data_dir = data_dir_for(version)
    for directory in [RUN_DIR, LOG_DIR]:
        directory.mkdir(parents=True, exist_ok=True)
    profiles = load_profiles(data_dir)
    versions = versions_in_use(profiles, version)
    for wagtail_version in versions:
        if not requirements_file(wagtail_version).exists():
            raise StackError(f"no pinned requirements for Wagtail {wagtail_version}: add {requirements_file(wagtail_version)}")
        if wagtail_version not in pythons:
            raise StackError(f"no virtualenv for Wagtail {wagtail_version}: up.sh passes --python-for {wagtail_version}=<python>")
    groups = {v: [p for p in profiles if p.wagtail_version(version) == v] for v in versions}
    data_fps = {v: data_fingerprint(v) for v in versions}
    with_storage = storage_profiles(profiles)
    storage_python = Path(args.storage_python) if args.storage_python else None
    if with_storage and storage_python is None:
        raise StackError(f"{', '.join(p.name for p in with_storage)} need the storage server: up.sh passes --storage-python <python>")

    with stack_lock():
        port_base = choose_port_base(profiles, args.port_base)
        run_fp = fingerprint(
            *(f"{v}={data_fps[v]}@{pythons[v]}" for v in versions), str(port_base),
            *TEMPLATE_DIRS, APACHE_ERRORS_DIR, STACK_DIR / "stackctl",
            STORAGE_DIR, STORAGE_REQUIREMENTS, f"storage@{storage_python}",
        )  # fmt: skip
        if read_run_state().get("fingerprint") not in (None, run_fp):
            say("version, ports or code changed since the last start: restarting everything")
            processes.stop_everything(all_servers())
        stale = {v: group for v, group in groups.items() if data.built_fingerprint(data_dir_for(v)) != data_fps[v]}
        # Before the storage server: its https listener loads the server certificate once, at its start.
        certificates_changed = tls.ensure_certificates(TLS_DIR)
        if certificates_changed:
            say(f"made a CA and server certificate in {TLS_DIR}")
            if storage.SERVER.running_pid() is not None:
                say(f"storage: {processes.stop_server(storage.SERVER)} (new certificate; its buckets are refilled)")
        # Buckets the storage server holds as they should be; any other is refilled after its start.
        seeded_buckets: set[str] = set()
        storage_started = False
        if stale:
            processes.stop_everything(all_servers())  # the processes read the data directories we replace
            building_storage = [p for group in stale.values() for p in storage_profiles(group)]
            if building_storage:
                # The storage profiles' seeds upload into their buckets: the server runs during the build.
                processes.require_free_ports(storage.ports(profiles, port_base))
                storage.start(storage_python, profiles, port_base)
                storage.wait_started()
                storage_started = True
            build_stale_data(stale, pythons, data_fps, version, storage.endpoints(port_base))
            seeded_buckets = {p.name for p in building_storage}

        data_dirs = {p.name: data_dir_for(p.wagtail_version(version)) for p in profiles}
        # The storage server first: its buckets fill (through django-storages) while the rest starts.
        filling = {}
        if with_storage and storage.SERVER.running_pid() is None:
            processes.require_free_ports(storage.ports(profiles, port_base))
            storage.start(storage_python, profiles, port_base)
            storage.wait_started()
            storage_started = True
        if storage_started:
            for profile in with_storage:
                if profile.name not in seeded_buckets:
                    python = pythons[profile.wagtail_version(version)]
                    filling[profile] = storage.start_fill(python, data_dirs[profile.name], profile, port_base)
        values = templates.template_variables(profiles, port_base, data_dir, data_dirs)
        servers = fronts.needed(profiles)
        run_as_root = os.geteuid() == 0
        configuration_changed = {name: m.write_configuration(values, run_as_root) for name, m in servers.items()}

        # Everything starts at once (gunicorns daemonize, the servers bind their
        # ports); then we wait for every pid, then readiness waits for answers.
        launched = {}
        for profile in profiles:
            if processes.running_pid(processes.gunicorn_pid_file(profile.name), "gunicorn") is not None:
                continue
            port = port_plan(profile, port_base).gunicorn
            processes.require_free_ports({port: f"gunicorn {profile.name}"})
            env = {"STACK_DATA_DIR": str(data_dirs[profile.name]), "STACK_BASE_URL": base_url(profile, port_base)}
            if profile.storage is not None:
                env |= storage.endpoints(port_base).env_for(profile)
            python = pythons[profile.wagtail_version(version)]
            launched[profile.name] = processes.start_gunicorn(python, profile.name, profile.settings_module, port, env, profile.gunicorn_workers)
        starting = []
        for name, server in servers.items():
            pid = server.SERVER.running_pid()
            if pid is None:
                processes.require_free_ports(server.ports(profiles, port_base))
                server.start(profiles, port_base)
                starting.append(name)
            elif configuration_changed[name] or certificates_changed:
                say(f"{name}: {server.apply_changes(pid, profiles, port_base)}")
        started_now = []
        for name, launch in launched.items():
            processes.finish_gunicorn(name, launch)
            started_now.append(name)
        for name in starting:
            servers[name].wait_started()
            started_now.append(name)
        for profile, fill in filling.items():
            storage.finish_fill(profile, fill)
        if storage_started:
            started_now.append(f"storage ({', '.join(p.name for p in filling) or 'buckets seeded'})")

        RUN_STATE.write_text(json.dumps({"fingerprint": run_fp, "wagtailVersion": version, "portBase": port_base}) + "\n")
        waited = readiness.wait_until_ready(profiles, port_base, TLS_DIR)
        releases = {v: describe.Release(v, pinned_version(v, "django"), data.read_seed(data_dir_for(v))) for v in versions}
        seeds = {p.name: data.read_profile_seed(data_dirs[p.name], p) for p in profiles}
        describe.write_profiles_json(profiles, port_base, releases, seeds, version, TLS_DIR)

    what = f"started {', '.join(started_now)}" if started_now else "already running"
    say(f"Wagtail {', '.join(versions)}: {len(profiles)} profiles up ({what}; ready after {waited:.1f} s)")
    if started_now:
        for profile in profiles:
            say(f"  {profile.name:17} {base_url(profile, port_base):28} Wagtail {profile.wagtail_version(version)}")
    say(f"{PROFILES_JSON} written; up took {time.monotonic() - started:.1f} s")


def parse_python_for(pairs: list[str]) -> dict[str, Path]:
    pythons = {}
    for pair in pairs:
        wagtail_version, equals, python = pair.partition("=")
        if not equals or not wagtail_version or not python:
            raise StackError(f"--python-for wants <wagtail version>=<python>, not {pair!r}")
        pythons[wagtail_version] = Path(python)
    return pythons


def needs_storage(args: argparse.Namespace) -> None:
    """yes or no: whether a profile keeps its media in the storage server (up.sh builds its virtualenv then)."""
    print("yes" if storage_profiles(load_profiles(data_dir_for(args.wagtail_version))) else "no")


def pinned_versions(args: argparse.Namespace) -> None:
    """The Wagtail releases profiles pin besides the stack's, one a line (up.sh builds their virtualenvs)."""
    profiles = load_profiles(data_dir_for(args.wagtail_version))
    for wagtail_version in versions_in_use(profiles, args.wagtail_version)[1:]:
        print(wagtail_version)


def choose_port_base(profiles, requested: int | None) -> int:
    """The user's base; else the one our running processes use; else the first free block."""
    if requested is not None:
        return requested
    recorded = read_run_state().get("portBase")
    if recorded is not None and processes.any_running(all_servers()):
        return recorded
    for base in DEFAULT_PORT_BASES:
        wanted = fronts.ports(profiles, base) | storage.ports(profiles, base) | {port_plan(p, base).gunicorn: "gunicorn" for p in profiles}
        if all(processes.port_is_free(port) for port in wanted):
            return base
    tried = ", ".join(str(base) for base in DEFAULT_PORT_BASES)
    raise StackError(f"no free block of ports at the bases {tried} (another stack?): set WAGTAIL_STACK_PORT_BASE")


def down(args: argparse.Namespace) -> None:
    with stack_lock():
        for line in processes.stop_everything(all_servers()):
            say(line)
        RUN_STATE.unlink(missing_ok=True)
        PROFILES_JSON.unlink(missing_ok=True)


def status(args: argparse.Namespace) -> None:
    state = read_run_state()
    say(f"last started: {state or 'never'}")
    for pid_file in sorted(RUN_DIR.glob("*.pid")):
        pid = processes.running_pid(pid_file, processes.command_word_of(pid_file, all_servers()))
        say(f"  {pid_file.stem:28} {'pid ' + str(pid) if pid else 'NOT RUNNING'}")


def build_data(args: argparse.Namespace) -> None:
    """The Docker image's init step: the same build as `up`, another data directory.
    Without --profile: the profiles that run the stack's version (--wagtail-version) with
    media on disk; a pinned release's init service and the storage one name their profiles."""
    data_dir = Path(args.data_dir)
    fp = data_fingerprint(args.wagtail_version)
    if data.built_fingerprint(data_dir) == fp:
        say(f"data in {data_dir} is current")
        return
    profiles = load_profiles(data_dir)
    if args.profile:
        unknown = set(args.profile) - {p.name for p in profiles}
        if unknown:
            raise StackError(f"no profiles named {', '.join(sorted(unknown))}")
        chosen = [p for p in profiles if p.name in args.profile]
    else:
        # The storage profiles have an init service of their own (it needs the storage server).
        chosen = [p for p in profiles if p.pinned_wagtail in (None, args.wagtail_version) and p.storage is None]
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    endpoints = None
    if args.storage_endpoint:
        if not (args.storage_tls_endpoint and args.ca_file):
            raise StackError("--storage-endpoint needs --storage-tls-endpoint and --ca-file too (the storage server's two listeners)")
        endpoints = storage.Endpoints(args.storage_endpoint, args.storage_tls_endpoint, Path(args.ca_file))
    data.build(Path(args.python), data_dir, chosen, fp, LOG_DIR / "build.log", endpoints)
    say(f"data built in {data_dir} for {', '.join(p.name for p in chosen)}")


def make_certificates(args: argparse.Namespace) -> None:
    made = tls.ensure_certificates(Path(args.dir))
    say(f"certificates {'made' if made else 'current'} in {args.dir}")


def check_compose(args: argparse.Namespace) -> None:
    """docker-compose.test.yml must parse and cover every profile and template variable."""
    if shutil.which("docker-compose") is None:
        raise StackError("docker-compose is not installed (apt-get install docker-compose): cannot validate docker-compose.test.yml")
    command = ["docker-compose", "-f", str(COMPOSE_FILE), "--project-directory", str(COMPOSE_FILE.parent)]
    result = subprocess.run([*command, "config"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise StackError(f"docker-compose config rejects {COMPOSE_FILE}:\n{result.stderr}")
    resolved = result.stdout
    services = compose_services(resolved)
    problems = []
    for profile in load_profiles(data_dir_for(DEFAULT_WAGTAIL_VERSION)):
        service = f"app-{profile.name}"
        if service not in services:
            problems.append(f"no service {service}")
        elif not any(line.strip() == f"DJANGO_SETTINGS_MODULE: {profile.settings_module}" for line in services[service]):
            problems.append(f"{service} does not run {profile.settings_module}")
        elif profile.pinned_wagtail and not any(
            line.strip() == f"WAGTAIL_VERSION: {profile.pinned_wagtail}" for line in services[service]
        ):
            problems.append(f"{service} is not built for Wagtail {profile.pinned_wagtail}")
    # Each web server's service renders its own templates: it must set every variable they use.
    for name, server in fronts.MODULES.items():
        if name not in services:
            problems.append(f"no service {name} (renders {server.TEMPLATES_DIR.relative_to(STACK_DIR)})")
            continue
        for variable in sorted(server.template_variables_used()):
            if not any(line.strip().startswith(f"{variable}:") for line in services[name]):
                problems.append(f"the {name} templates use ${{{variable}}}, which its service does not set")
    if problems:
        raise StackError(f"{COMPOSE_FILE} is out of step with test/stack:\n  " + "\n  ".join(problems))
    say(f"{COMPOSE_FILE.name} is valid and covers every profile and template variable")


def compose_services(resolved: str) -> dict[str, list[str]]:
    """The lines of each service in `docker-compose config` output (two-space indented names)."""
    services: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_services = False
    for line in resolved.splitlines():
        if not line.startswith(" "):
            in_services, current = line.rstrip() == "services:", None
        elif in_services and line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"):
            current = services.setdefault(line.strip().rstrip(":"), [])
        elif current is not None:
            current.append(line)
    return services


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="stackctl", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up_parser = commands.add_parser("up", help="build what is missing, start what is not running, write profiles.json")
    up_parser.add_argument("--python", required=True, help="the virtualenv's python")
    up_parser.add_argument("--wagtail-version", default=DEFAULT_WAGTAIL_VERSION)
    up_parser.add_argument(
        "--python-for", action="append", default=[], metavar="VERSION=PYTHON",
        help="the virtualenv's python for a Wagtail release a profile pins (one per release)",
    )  # fmt: skip
    up_parser.add_argument("--port-base", type=int, help="default: the first free block of " + str(DEFAULT_PORT_BASES))
    up_parser.add_argument("--storage-python", help="the storage server's virtualenv's python (requirements/storage.txt)")
    up_parser.set_defaults(run=up)
    commands.add_parser("down", help="stop exactly what up started").set_defaults(run=down)
    commands.add_parser("status", help="which recorded processes are alive").set_defaults(run=status)
    build_parser = commands.add_parser("build-data", help="build a data directory (Docker init)")
    build_parser.add_argument("--python", default=sys.executable)
    build_parser.add_argument("--data-dir", required=True)
    build_parser.add_argument("--wagtail-version", default=DEFAULT_WAGTAIL_VERSION)
    build_parser.add_argument("--profile", action="append", default=[], help="only these profiles' static roots")
    build_parser.add_argument("--storage-endpoint", help="the running storage server's http listener, for storage profiles (seeded into its buckets)")
    build_parser.add_argument("--storage-tls-endpoint", help="its https listener (profiles with STACK_STORAGE_TLS)")
    build_parser.add_argument("--ca-file", help="the CA of the https listener's certificate")
    build_parser.set_defaults(run=build_data)
    versions_parser = commands.add_parser("pinned-versions", help="the Wagtail releases profiles pin besides the stack's")
    versions_parser.add_argument("--wagtail-version", default=DEFAULT_WAGTAIL_VERSION)
    versions_parser.set_defaults(run=pinned_versions)
    storage_parser = commands.add_parser("needs-storage", help="whether a profile needs the storage server (yes/no)")
    storage_parser.add_argument("--wagtail-version", default=DEFAULT_WAGTAIL_VERSION)
    storage_parser.set_defaults(run=needs_storage)
    certs_parser = commands.add_parser("make-certificates", help="make the CA and server certificate (Docker init)")
    certs_parser.add_argument("--dir", required=True)
    certs_parser.set_defaults(run=make_certificates)
    commands.add_parser("check-compose", help="validate docker-compose.test.yml").set_defaults(run=check_compose)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except StackError as error:
        print(f"stack: ERROR: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
