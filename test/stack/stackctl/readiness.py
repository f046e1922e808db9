"""Waiting, bounded in time, until every profile answers through nginx."""
from __future__ import annotations

import ssl
import time
import urllib.error
import urllib.request
from pathlib import Path

from .layout import Profile, base_url
from .processes import StackError, gunicorn_log, log_tail
from .tls import CA_FILE


def answers(url: str, context: ssl.SSLContext) -> str | None:
    """None when the URL answers 200, else what went wrong."""
    try:
        with urllib.request.urlopen(url, timeout=5, context=context) as response:
            return None if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return str(getattr(error, "reason", error))


def wait_until_ready(profiles: list[Profile], port_base: int, tls_dir: Path, timeout: float = 60) -> float:
    """robots.txt is a Django view that needs no static files: every profile,
    even the broken ones, answers it with 200 once gunicorn is up behind nginx."""
    context = ssl.create_default_context(cafile=str(tls_dir / CA_FILE))
    started = time.monotonic()
    waiting = {p.name: p for p in profiles}
    last_error: dict[str, str] = {}
    while waiting and time.monotonic() - started < timeout:
        for name, profile in list(waiting.items()):
            error = answers(base_url(profile, port_base) + "robots.txt", context)
            if error is None:
                del waiting[name]
            else:
                last_error[name] = error
        if waiting:
            time.sleep(0.25)
    if waiting:
        details = "\n".join(
            f"{name}: {last_error.get(name)} at {base_url(p, port_base)}robots.txt\n{log_tail(gunicorn_log(name), 15)}"
            for name, p in waiting.items()
        )
        raise StackError(f"not ready after {timeout:.0f} s: {', '.join(waiting)}\n{details}")
    return time.monotonic() - started
