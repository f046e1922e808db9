"""The test stack's S3-compatible storage server: moto's S3 (in memory) behind
the enforcing front (front.py), on 127.0.0.1 only, one process with two
listeners on the same buckets: plain http (--port) and https with the stack's
certificate (--tls-port, --tls-cert, --tls-key).

    <storage venv>/bin/python test/stack/storage/server.py --port P --tls-port Q \
        --tls-cert C --tls-key K --pid-file F --lock-file L --watch-pid-file G ... \
        --access-key K --secret-key S --region R

It writes its pid file once it listens, and stops by itself when the stack no
longer wants it: its pid file removed or naming another process (stack:down),
or, given --watch-pid-file and while no stack:up or stack:down holds the
stack's lock, none of those gunicorns alive for IDLE_SECONDS.
"""
from __future__ import annotations

import argparse
import fcntl
import os
import signal
import sys
import threading
import time
from pathlib import Path

# moto answers every request with Access-Control-Allow-Origin: * unless told
# not to; S3 sends CORS headers only for a bucket with a CORS configuration.
os.environ.setdefault("MOTO_DISABLE_GLOBAL_CORS", "true")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from moto.moto_server.werkzeug_app import MotoRequestHandler, create_backend_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

import sigv4  # noqa: E402
from front import StorageFront  # noqa: E402

LISTEN_ADDR = "127.0.0.1"  # natively never another interface (the Docker image passes --host 0.0.0.0)
CHECK_EVERY = 2.0
IDLE_SECONDS = 120


def alive(pid_file: Path, word: str) -> bool:
    try:
        pid = int(pid_file.read_text().strip())
        return word in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return False


def stack_busy(lock_file: Path) -> bool:
    """Whether a stack:up or stack:down holds the lock (a data build may run a while without gunicorns)."""
    try:
        with lock_file.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    except FileNotFoundError:
        return False


def watchdog(servers: list, pid_file: Path, lock_file: Path, watched: list[Path]) -> None:
    idle_since = time.monotonic()
    while True:
        time.sleep(CHECK_EVERY)
        try:
            mine = int(pid_file.read_text().strip()) == os.getpid()
        except (FileNotFoundError, ValueError):
            mine = False
        if not mine:
            print("storage: my pid file is gone or names another process: stopping", flush=True)
            break
        if not watched or stack_busy(lock_file) or any(alive(path, "gunicorn") for path in watched):
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > IDLE_SECONDS:
            print(f"storage: no storage profile's gunicorn for {IDLE_SECONDS} s: stopping", flush=True)
            break
    stop(servers)


def stop(servers: list) -> None:
    for server in servers:
        server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=LISTEN_ADDR, help="natively always 127.0.0.1; 0.0.0.0 inside its container")
    parser.add_argument("--port", type=int, required=True, help="the plain http listener")
    parser.add_argument("--tls-port", type=int, required=True, help="the https listener")
    parser.add_argument("--tls-cert", type=Path, required=True, help="its certificate (PEM), for 127.0.0.1")
    parser.add_argument("--tls-key", type=Path, required=True, help="its private key (PEM)")
    parser.add_argument("--pid-file", type=Path, required=True)
    parser.add_argument("--lock-file", type=Path, required=True, help="the stack's stack.lock")
    parser.add_argument("--watch-pid-file", type=Path, action="append", default=[], help="a storage profile's gunicorn pid file")
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--region", required=True)
    args = parser.parse_args()

    credentials = sigv4.Credentials(args.access_key, args.secret_key, args.region)
    app = StorageFront(create_backend_app("s3"), credentials)
    # One app, so both listeners see the same (in-memory) buckets.
    plain = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    secure = make_server(
        args.host, args.tls_port, app, threaded=True, request_handler=MotoRequestHandler,
        ssl_context=(str(args.tls_cert), str(args.tls_key)),
    )  # fmt: skip
    servers = [plain, secure]
    args.pid_file.write_text(f"{os.getpid()}\n")
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=stop, args=(servers,), daemon=True).start())
    threading.Thread(target=watchdog, args=(servers, args.pid_file, args.lock_file, args.watch_pid_file), daemon=True).start()
    threading.Thread(target=secure.serve_forever, daemon=True).start()
    print(
        f"storage: moto S3 behind the enforcing front on http://{args.host}:{args.port}/ and https://{args.host}:{args.tls_port}/",
        flush=True,
    )
    plain.serve_forever()
    secure.shutdown()  # returns once its loop has stopped (stop() asked it already, or does now)
    print("storage: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
