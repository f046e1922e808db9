"""The stack's processes: gunicorn per profile and one nginx master, each
known by the pid file it wrote under .state/run/. Only those pids are ever
signalled."""
from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from .layout import APP_DIR, LISTEN_ADDR, LOG_DIR, RUN_DIR
from .nginx import CONF_FILE, NGINX_PID, NGINX_STATE_DIR


class StackError(Exception):
    """A failure to report in one clear message (with a log tail when useful)."""


def log_tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return f"(no log at {path})"
    text = path.read_text(errors="replace").splitlines()[-lines:]
    return f"--- last {len(text)} lines of {path} ---\n" + "\n".join(text)


def running_pid(pid_file: Path, command_word: str) -> int | None:
    """The pid in `pid_file` if that process is alive and is what we started."""
    try:
        pid = int(pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    # A recycled pid belongs to someone else: never signal it.
    return pid if command_word in cmdline else None


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LISTEN_ADDR, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def require_free_ports(ports: dict[int, str]) -> None:
    for port, what in sorted(ports.items()):
        if not port_is_free(port):
            raise StackError(
                f"port {port} ({what}) on {LISTEN_ADDR} is in use: free it, or run with another "
                f"WAGTAIL_STACK_PORT_BASE (the stack uses base+0 to base+79)"
            )


def wait_for_pid_file(pid_file: Path, command_word: str, log: Path, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = running_pid(pid_file, command_word)
        if pid is not None:
            return pid
        time.sleep(0.1)
    raise StackError(f"{command_word} did not start within {timeout:.0f} s (no live pid in {pid_file})\n{log_tail(log)}")


def any_running() -> bool:
    """Whether any process this state directory recorded is still alive."""
    return any(
        running_pid(pid_file, "nginx" if pid_file.stem == "nginx" else "gunicorn") is not None
        for pid_file in RUN_DIR.glob("*.pid")
    )


# --- gunicorn ---


def gunicorn_pid_file(profile_name: str) -> Path:
    return RUN_DIR / f"gunicorn-{profile_name}.pid"


def gunicorn_log(profile_name: str) -> Path:
    return LOG_DIR / f"gunicorn-{profile_name}.log"


def start_gunicorn(python: Path, profile_name: str, settings_module: str, port: int, env: dict[str, str]) -> int:
    pid_file = gunicorn_pid_file(profile_name)
    log = gunicorn_log(profile_name)
    pid_file.unlink(missing_ok=True)
    command = [
        str(python), "-m", "gunicorn", "stackapp.wsgi:application",
        "--chdir", str(APP_DIR),
        "--bind", f"{LISTEN_ADDR}:{port}",
        "--workers", "2",
        "--name", f"wagtail-stack-{profile_name}",
        "--daemon",
        "--pid", str(pid_file),
        "--error-logfile", str(log),
        "--access-logfile", str(LOG_DIR / f"gunicorn-{profile_name}-access.log"),
        "--capture-output",
    ]  # fmt: skip
    process_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONUNBUFFERED": "1"}
    result = subprocess.run(command, env=process_env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise StackError(f"gunicorn for {profile_name} failed to start:\n{result.stderr}\n{log_tail(log)}")
    return wait_for_pid_file(pid_file, "gunicorn", log)


# --- nginx ---


def nginx_command(*args: str) -> list[str]:
    # Debian installs it in /usr/sbin, which is not on every user's PATH.
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    return [binary, "-p", str(NGINX_STATE_DIR), "-c", str(CONF_FILE), *args]


def check_nginx_configuration() -> None:
    result = subprocess.run(nginx_command("-t"), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise StackError(f"nginx rejects the generated configuration {CONF_FILE}:\n{result.stderr}")


def start_nginx() -> int:
    check_nginx_configuration()
    result = subprocess.run(nginx_command(), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise StackError(f"nginx failed to start:\n{result.stderr}\n{log_tail(LOG_DIR / 'nginx-error.log')}")
    return wait_for_pid_file(NGINX_PID, "nginx", LOG_DIR / "nginx-error.log")


def reload_nginx(pid: int) -> None:
    check_nginx_configuration()
    os.kill(pid, signal.SIGHUP)


# --- stopping ---


def stop(pid_file: Path, command_word: str, graceful: signal.Signals, timeout: float = 15) -> str:
    """Stop the process recorded in `pid_file` (graceful signal, then SIGKILL)."""
    pid = running_pid(pid_file, command_word)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        return "not running"
    os.kill(pid, graceful)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running_pid(pid_file, command_word) != pid or not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    return f"stopped pid {pid}"


def stop_everything() -> list[str]:
    stopped = []
    for pid_file in sorted(RUN_DIR.glob("gunicorn-*.pid")):
        stopped.append(f"{pid_file.stem}: {stop(pid_file, 'gunicorn', signal.SIGTERM)}")
    stopped.append(f"nginx: {stop(NGINX_PID, 'nginx', signal.SIGQUIT)}")
    return stopped
