"""The storage server (test/stack/storage/: moto's S3 behind our enforcing
front), in its own virtualenv, on 127.0.0.1 at base+160 (http) and base+161
(https, the stack's certificate), started only when a storage profile runs;
and filling its buckets, which it keeps in memory: the seed's uploads replayed
through django-storages at each start of it."""
from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .layout import (
    APP_DIR,
    LOG_DIR,
    RUN_DIR,
    STATE_DIR,
    STORAGE_ACCESS_KEY,
    STORAGE_DIR,
    STORAGE_REGION,
    STORAGE_SECRET_KEY,
    TLS_DIR,
    Profile,
    storage_endpoint,
    storage_port,
    storage_profiles,
)
from .processes import Server, StackError, gunicorn_pid_file, log_tail, start_detached, wait_for_pid_file
from .tls import CA_FILE, SERVER_CERT, SERVER_KEY

# Its command line names its script: a recycled pid is never taken for it.
SERVER = Server(name="storage", command_word="storage/server.py", stop_signal=signal.SIGTERM, log=LOG_DIR / "storage.log")
FILL_TIMEOUT = 120


@dataclass(frozen=True)
class Endpoints:
    """Where the storage profiles reach the storage server: its two listeners, and the CA of the https one."""

    http: str
    https: str
    ca_file: Path

    def env_for(self, profile: Profile) -> dict[str, str]:
        """What the profile's Django processes need (object_storage.py reads it): its listener, per its settings."""
        if profile.storage is not None and profile.storage.tls:
            return {"STACK_STORAGE_ENDPOINT": self.https, "STACK_STORAGE_CA_FILE": str(self.ca_file)}
        return {"STACK_STORAGE_ENDPOINT": self.http}


def endpoints(port_base: int) -> Endpoints:
    return Endpoints(storage_endpoint(port_base), storage_endpoint(port_base, tls=True), TLS_DIR / CA_FILE)


def ports(profiles: list[Profile], port_base: int) -> dict[int, str]:
    if not storage_profiles(profiles):
        return {}
    return {storage_port(port_base): "storage server, http", storage_port(port_base, tls=True): "storage server, https"}


def start(python: Path, profiles: list[Profile], port_base: int) -> None:
    """Needs the stack's certificates (tls.ensure_certificates) for its https listener."""
    command = [
        str(python), str(STORAGE_DIR / "server.py"),
        "--port", str(storage_port(port_base)),
        "--tls-port", str(storage_port(port_base, tls=True)),
        "--tls-cert", str(TLS_DIR / SERVER_CERT), "--tls-key", str(TLS_DIR / SERVER_KEY),
        "--pid-file", str(SERVER.pid_file),
        "--lock-file", str(STATE_DIR / "stack.lock"),
        "--access-key", STORAGE_ACCESS_KEY, "--secret-key", STORAGE_SECRET_KEY, "--region", STORAGE_REGION,
    ]  # fmt: skip
    for profile in storage_profiles(profiles):
        command += ["--watch-pid-file", str(gunicorn_pid_file(profile.name))]
    SERVER.pid_file.unlink(missing_ok=True)
    start_detached(command, SERVER.log)


def wait_started() -> int:
    # The server writes its pid file once it listens.
    return wait_for_pid_file(SERVER.pid_file, SERVER.command_word, SERVER.log)


def fill_log(profile: Profile) -> Path:
    return LOG_DIR / f"storage-fill-{profile.name}.log"


def start_fill(python: Path, data_dir: Path, profile: Profile, port_base: int) -> subprocess.Popen:
    """Replay the profile's upload journal into its (empty) bucket; finish_fill waits for it."""
    env = {
        **os.environ, "STACK_DATA_DIR": str(data_dir), **endpoints(port_base).env_for(profile),
        "DJANGO_SETTINGS_MODULE": profile.settings_module,
    }  # fmt: skip
    log = fill_log(profile).open("w")
    try:
        return subprocess.Popen(
            [str(python), "manage.py", "fill_storage", "--replay"], cwd=APP_DIR, env=env,
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    finally:
        log.close()


def finish_fill(profile: Profile, filling: subprocess.Popen) -> None:
    try:
        filling.wait(timeout=FILL_TIMEOUT)
    except subprocess.TimeoutExpired:
        filling.kill()
        raise StackError(f"filling {profile.name}'s bucket took over {FILL_TIMEOUT} s\n{log_tail(fill_log(profile))}")
    if filling.returncode != 0:
        raise StackError(f"filling {profile.name}'s bucket failed\n{log_tail(fill_log(profile))}\n{log_tail(SERVER.log, 10)}")
