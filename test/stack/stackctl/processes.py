"""The stack's processes: gunicorn per profile and one master per web server
(nginx, Apache, Caddy, Varnish), each known by the pid file it wrote under
.state/run/. Only those pids are ever signalled."""
from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .layout import APP_DIR, LISTEN_ADDR, LOG_DIR, RUN_DIR


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
                f"WAGTAIL_STACK_PORT_BASE (the stack uses base+0 to base+161)"
            )


def wait_for_pid_file(pid_file: Path, command_word: str, log: Path, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = running_pid(pid_file, command_word)
        if pid is not None:
            return pid
        time.sleep(0.1)
    raise StackError(f"{command_word} did not start within {timeout:.0f} s (no live pid in {pid_file})\n{log_tail(log)}")


@dataclass(frozen=True)
class Server:
    """A web server master the stack runs (never the system service)."""

    name: str  # also the stem of its pid file
    command_word: str  # in its /proc/<pid>/cmdline: a recycled pid is never taken for it
    stop_signal: signal.Signals  # its graceful stop
    log: Path

    @property
    def pid_file(self) -> Path:
        return RUN_DIR / f"{self.name}.pid"

    def running_pid(self) -> int | None:
        return running_pid(self.pid_file, self.command_word)


def command_word_of(pid_file: Path, servers: list[Server]) -> str:
    return next((s.command_word for s in servers if s.pid_file == pid_file), "gunicorn")


def any_running(servers: list[Server]) -> bool:
    """Whether any process this state directory recorded is still alive."""
    return any(
        running_pid(pid_file, command_word_of(pid_file, servers)) is not None for pid_file in RUN_DIR.glob("*.pid")
    )


def start_detached(command: list[str], log: Path, env: dict[str, str] | None = None) -> None:
    """Start a server that stays in the foreground (it writes its own pid file), detached from us."""
    with log.open("a") as out:
        subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})}, start_new_session=True, close_fds=True,
        )  # fmt: skip


def run_checked(command: list[str], what: str, log: Path | None = None, timeout: float = 30) -> None:
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        tail = f"\n{log_tail(log)}" if log is not None else ""
        raise StackError(f"{what}:\n{result.stdout}{result.stderr}{tail}")


# --- gunicorn ---


def gunicorn_pid_file(profile_name: str) -> Path:
    return RUN_DIR / f"gunicorn-{profile_name}.pid"


def gunicorn_log(profile_name: str) -> Path:
    return LOG_DIR / f"gunicorn-{profile_name}.log"


def start_gunicorn(python: Path, profile_name: str, settings_module: str, port: int, env: dict[str, str], workers: int) -> subprocess.Popen:
    """Launch a daemonizing gunicorn; finish_gunicorn waits for it (so many start at once)."""
    pid_file = gunicorn_pid_file(profile_name)
    log = gunicorn_log(profile_name)
    pid_file.unlink(missing_ok=True)
    command = [
        str(python), "-m", "gunicorn", "stackapp.wsgi:application",
        "--chdir", str(APP_DIR),
        "--bind", f"{LISTEN_ADDR}:{port}",
        "--workers", str(workers),
        # Django and Wagtail imported once per profile, then forked: half the CPU at start.
        "--preload",
        "--name", f"wagtail-stack-{profile_name}",
        "--daemon",
        "--pid", str(pid_file),
        "--error-logfile", str(log),
        "--access-logfile", str(LOG_DIR / f"gunicorn-{profile_name}-access.log"),
        "--capture-output",
    ]  # fmt: skip
    process_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, env=process_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_gunicorn(profile_name: str, launched: subprocess.Popen) -> int:
    log = gunicorn_log(profile_name)
    try:
        _, stderr = launched.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        launched.kill()
        raise StackError(f"gunicorn for {profile_name} did not daemonize within 60 s\n{log_tail(log)}")
    if launched.returncode != 0:
        raise StackError(f"gunicorn for {profile_name} failed to start:\n{stderr}\n{log_tail(log)}")
    # With --preload the pid file appears once the app is imported: all profiles at once on few cores.
    return wait_for_pid_file(gunicorn_pid_file(profile_name), "gunicorn", log, timeout=90)


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


def stop_server(server: Server) -> str:
    return stop(server.pid_file, server.command_word, server.stop_signal)


def stop_everything(servers: list[Server]) -> list[str]:
    """Signal everything first, then wait: the processes stop in parallel."""
    # SIGINT: gunicorn's quick shutdown (SIGTERM's graceful one takes about 10 s even when idle).
    recorded = [(f.stem, f, "gunicorn", signal.SIGINT) for f in sorted(RUN_DIR.glob("gunicorn-*.pid"))]
    recorded += [(s.name, s.pid_file, s.command_word, s.stop_signal) for s in servers]
    signalled = []
    for name, pid_file, word, graceful in recorded:
        pid = running_pid(pid_file, word)
        if pid is None:
            pid_file.unlink(missing_ok=True)
            signalled.append((name, pid_file, word, None))
            continue
        os.kill(pid, graceful)
        signalled.append((name, pid_file, word, pid))
    deadline = time.monotonic() + 15
    stopped = []
    for name, pid_file, word, pid in signalled:
        if pid is None:
            stopped.append(f"{name}: not running")
            continue
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists() and running_pid(pid_file, word) == pid:
            time.sleep(0.1)
        if Path(f"/proc/{pid}").exists() and running_pid(pid_file, word) == pid:
            os.kill(pid, signal.SIGKILL)
        pid_file.unlink(missing_ok=True)
        stopped.append(f"{name}: stopped pid {pid}")
    return stopped
