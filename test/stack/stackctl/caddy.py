"""Caddy: the stack's own `caddy run` (Debian's /usr/bin/caddy, admin endpoint
off, no ACME, its storage under .state/caddy) for the profiles whose
STACK_FRONT is "caddy", rendered from caddy/templates/."""
from __future__ import annotations

import shutil
import signal

from .layout import CADDY_STATE_DIR, CADDY_TEMPLATES_DIR, LOG_DIR, Profile, port_plan
from .processes import Server, StackError, log_tail, start_detached, stop_server, wait_for_pid_file
from .templates import render_tree, variables_used, write_files

SERVER = Server(name="caddy", command_word="caddy", stop_signal=signal.SIGTERM, log=LOG_DIR / "caddy.log")
TEMPLATES_DIR = CADDY_TEMPLATES_DIR
CADDYFILE = CADDY_STATE_DIR / "Caddyfile"  # from templates/Caddyfile.template
SITES_DIR = CADDY_STATE_DIR / "sites"  # from templates/sites/<profile>.caddy.template
# Caddy keeps its autosaved configuration and certificate storage under XDG
# directories: ours, never $HOME's.
ENVIRONMENT = {
    "XDG_CONFIG_HOME": str(CADDY_STATE_DIR / "config"),
    "XDG_DATA_HOME": str(CADDY_STATE_DIR / "data"),
}


def ports(profiles: list[Profile], port_base: int) -> dict[int, str]:
    wanted = {}
    for profile in profiles:
        if profile.front == "caddy":
            plan = port_plan(profile, port_base)
            wanted[plan.http] = f"caddy {profile.name} http"
            if plan.https is not None:
                wanted[plan.https] = f"caddy {profile.name} https"
    return wanted


def template_variables_used() -> set[str]:
    return variables_used(TEMPLATES_DIR)


def write_configuration(values: dict[str, str], run_as_root: bool) -> bool:
    return write_files(render_tree(TEMPLATES_DIR, CADDY_STATE_DIR, values), [SITES_DIR / "*.caddy"])


def binary() -> str:
    return shutil.which("caddy") or "/usr/bin/caddy"


def start(profiles: list[Profile], port_base: int) -> None:
    # `caddy validate` would load the certificates a second time: `run` fails just as clearly.
    start_detached(
        [binary(), "run", "--config", str(CADDYFILE), "--adapter", "caddyfile", "--pidfile", str(SERVER.pid_file)],
        SERVER.log,
        ENVIRONMENT,
    )


def wait_started() -> int:
    try:
        return wait_for_pid_file(SERVER.pid_file, SERVER.command_word, SERVER.log)
    except StackError:
        raise StackError(f"caddy did not start (no live pid in {SERVER.pid_file})\n{log_tail(SERVER.log)}") from None


def apply_changes(pid: int, profiles: list[Profile], port_base: int) -> str:
    # Without the admin endpoint Caddy cannot reload: restart it.
    stop_server(SERVER)
    start(profiles, port_base)
    wait_started()
    return "restarted with the new configuration"
