"""Apache httpd: the stack's own master (Debian's /usr/sbin/apache2 with a
generated configuration, never the system service) for the profiles whose
STACK_FRONT is "apache", rendered from apache/templates/."""
from __future__ import annotations

import os
import shutil
import signal

from .layout import APACHE_STATE_DIR, APACHE_TEMPLATES_DIR, LOG_DIR, Profile, port_plan
from .processes import Server, run_checked, wait_for_pid_file
from .templates import render_tree, variables_used, write_files

# SIGWINCH is Apache's graceful stop: finish the requests in flight, then exit.
SERVER = Server(name="apache", command_word="apache2", stop_signal=signal.SIGWINCH, log=LOG_DIR / "apache-error.log")
TEMPLATES_DIR = APACHE_TEMPLATES_DIR
CONF_FILE = APACHE_STATE_DIR / "httpd.conf"  # from templates/httpd.conf.template
SITES_DIR = APACHE_STATE_DIR / "sites"  # from templates/sites/<profile>.conf.template


def ports(profiles: list[Profile], port_base: int) -> dict[int, str]:
    wanted = {}
    for profile in profiles:
        if profile.front == "apache":
            plan = port_plan(profile, port_base)
            wanted[plan.http] = f"apache {profile.name} http"
            if plan.https is not None:
                wanted[plan.https] = f"apache {profile.name} https"
    return wanted


def template_variables_used() -> set[str]:
    return variables_used(TEMPLATES_DIR)


def write_configuration(values: dict[str, str], run_as_root: bool) -> bool:
    (APACHE_STATE_DIR / "run").mkdir(parents=True, exist_ok=True)
    return write_files(render_tree(TEMPLATES_DIR, APACHE_STATE_DIR, values), [SITES_DIR / "*.conf"])


def command(*args: str) -> list[str]:
    binary = shutil.which("apache2") or "/usr/sbin/apache2"
    return [binary, "-f", str(CONF_FILE), *args]


def check_configuration() -> None:
    run_checked(command("-t"), f"Apache rejects the generated configuration {CONF_FILE}")


def start(profiles: list[Profile], port_base: int) -> None:
    check_configuration()
    run_checked(command("-k", "start"), "Apache failed to start", SERVER.log)


def wait_started() -> int:
    return wait_for_pid_file(SERVER.pid_file, SERVER.command_word, SERVER.log)


def apply_changes(pid: int, profiles: list[Profile], port_base: int) -> str:
    check_configuration()
    os.kill(pid, signal.SIGUSR1)  # graceful restart: rereads the configuration
    return "configuration reloaded (graceful restart)"
