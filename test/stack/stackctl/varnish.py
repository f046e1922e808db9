"""Varnish: the stack's own varnishd (Debian's /usr/sbin/varnishd, never the
system service) for the profiles whose STACK_FRONT is "varnish", in front of
their nginx origin, with the VCL rendered from varnish/templates/. Cache in
memory (malloc): empty at every start."""
from __future__ import annotations

import os
import shutil
import signal

from .layout import LISTEN_ADDR, LOG_DIR, VARNISH_STATE_DIR, VARNISH_TEMPLATES_DIR, Profile, port_plan
from .processes import Server, run_checked, stop_server, wait_for_pid_file
from .templates import render_tree, variables_used, write_files

SERVER = Server(name="varnish", command_word="varnishd", stop_signal=signal.SIGTERM, log=LOG_DIR / "varnish.log")
TEMPLATES_DIR = VARNISH_TEMPLATES_DIR
WORK_DIR = VARNISH_STATE_DIR / "work"  # varnishd -n: its shared memory and compiled VCL


def fronted(profiles: list[Profile]) -> list[Profile]:
    return [p for p in profiles if p.front == "varnish"]


def ports(profiles: list[Profile], port_base: int) -> dict[int, str]:
    return {port_plan(p, port_base).http: f"varnish {p.name} http" for p in fronted(profiles)}


def template_variables_used() -> set[str]:
    return variables_used(TEMPLATES_DIR)


def vcl_file(profile: Profile) -> str:
    return str(VARNISH_STATE_DIR / f"{profile.name}.vcl")


def write_configuration(values: dict[str, str], run_as_root: bool) -> bool:
    return write_files(render_tree(TEMPLATES_DIR, VARNISH_STATE_DIR, values), [VARNISH_STATE_DIR / "*.vcl"])


def command(profiles: list[Profile], port_base: int) -> list[str]:
    # One varnishd runs one VCL: a second Varnish profile would need a SERVER of its own.
    (profile,) = fronted(profiles)
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    return [
        binary,
        "-n", str(WORK_DIR),
        "-a", f"{LISTEN_ADDR}:{port_plan(profile, port_base).http}",
        "-f", vcl_file(profile),
        "-s", "malloc,32m",
        "-P", str(SERVER.pid_file),
        # No management port: nothing here talks to it, and it would listen on a random port.
        "-T", "none",
    ]  # fmt: skip


def start(profiles: list[Profile], port_base: int) -> None:
    # Without -F varnishd daemonizes once the VCL compiled and the listen address is bound.
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    with SERVER.log.open("a") as log:
        log.write(f"$ {' '.join(command(profiles, port_base))}\n")
    run_checked(command(profiles, port_base), "varnishd failed to start", SERVER.log, timeout=60)


def wait_started() -> int:
    return wait_for_pid_file(SERVER.pid_file, SERVER.command_word, SERVER.log)


def apply_changes(pid: int, profiles: list[Profile], port_base: int) -> str:
    stop_server(SERVER)
    start(profiles, port_base)
    wait_started()
    return "restarted with the new VCL (cache emptied)"
