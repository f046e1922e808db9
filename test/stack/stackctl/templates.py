"""The ${STACK_...} variables every web server's templates share, and
rendering them into .state/. One syntax for all: the official nginx image's
envsubst and Apache's own ${VAR} expansion render the same templates in
docker-compose.test.yml; the Caddy and Varnish services there run
test/stack/docker/render-templates.sh."""
from __future__ import annotations

import os
import pwd
import re
from pathlib import Path

from .layout import (
    APACHE_ERRORS_DIR,
    APACHE_STATE_DIR,
    CADDY_STATE_DIR,
    LISTEN_ADDR,
    LOG_DIR,
    NGINX_STATE_DIR,
    RUN_DIR,
    TLS_DIR,
    Profile,
    port_plan,
)

VARIABLE = re.compile(r"\$\{(STACK_[A-Z0-9_]+)\}")

NGINX_CACHE_DIR = NGINX_STATE_DIR / "cache"


def apache_user() -> str:
    # As root Apache must switch to another user (Debian's www-data, who can
    # read the data directory); as anyone else it keeps running as them.
    return "www-data" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name


def template_variables(profiles: list[Profile], port_base: int, data_dir: Path, data_dirs: dict[str, Path]) -> dict[str, str]:
    """`data_dir`: the stack's version's; `data_dirs`: each profile's (its pinned release's, or that one)."""
    user = apache_user()
    values = {
        "STACK_LISTEN_ADDR": LISTEN_ADDR,
        "STACK_DATA_DIR": str(data_dir),
        "STACK_TLS_DIR": str(TLS_DIR),
        "STACK_CACHE_DIR": str(NGINX_CACHE_DIR),
        "STACK_LOG_DIR": str(LOG_DIR),
        "STACK_RUN_DIR": str(RUN_DIR),
        # Where a caching proxy finds its nginx origin (the nginx service in Docker).
        "STACK_ORIGIN_HOST": LISTEN_ADDR,
        # Debian's apache2 layout; the httpd image's in docker-compose.test.yml.
        "STACK_APACHE_MODULES": "/usr/lib/apache2/modules",
        "STACK_APACHE_MIME_TYPES": "/etc/mime.types",
        "STACK_APACHE_USER": user,
        "STACK_APACHE_GROUP": user,
        "STACK_APACHE_RUNTIME_DIR": str(APACHE_STATE_DIR / "run"),
        "STACK_APACHE_SITES": str(APACHE_STATE_DIR / "sites" / "*.conf"),
        "STACK_APACHE_ERRORS_DIR": str(APACHE_ERRORS_DIR),
        "STACK_CADDY_DATA_DIR": str(CADDY_STATE_DIR / "data"),
        "STACK_CADDY_SITES": str(CADDY_STATE_DIR / "sites" / "*.caddy"),
    }
    for profile in profiles:
        ports = port_plan(profile, port_base)
        values[f"STACK_PORT_{profile.env_name}"] = str(ports.http)
        values[f"STACK_UPSTREAM_{profile.env_name}"] = f"127.0.0.1:{ports.gunicorn}"
        values[f"STACK_DATA_DIR_{profile.env_name}"] = str(data_dirs[profile.name])
        if ports.https is not None:
            values[f"STACK_TLS_PORT_{profile.env_name}"] = str(ports.https)
        if ports.origin is not None:
            values[f"STACK_ORIGIN_PORT_{profile.env_name}"] = str(ports.origin)
    return values


def template_files(templates_dir: Path) -> list[Path]:
    return sorted(templates_dir.rglob("*.template"))


def variables_used(templates_dir: Path) -> set[str]:
    return {name for path in template_files(templates_dir) for name in VARIABLE.findall(path.read_text())}


def render(text: str, values: dict[str, str], source: str) -> str:
    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{source}: no value for ${{{name}}}")
        return values[name]

    return VARIABLE.sub(substitute, text)


def render_tree(templates_dir: Path, target_dir: Path, values: dict[str, str], rename=lambda name: name) -> dict[Path, str]:
    """Every template under `templates_dir`, rendered, at the same relative path under `target_dir`."""
    wanted = {}
    for template in template_files(templates_dir):
        relative = template.relative_to(templates_dir)
        target = target_dir / relative.parent / rename(template.name.removesuffix(".template"))
        wanted[target] = render(template.read_text(), values, str(relative))
    return wanted


def write_files(wanted: dict[Path, str], managed: list[Path]) -> bool:
    """Write what differs, delete stale files matching the `managed` globs; True if anything changed."""
    changed = False
    for pattern in managed:
        for path in pattern.parent.glob(pattern.name):
            if path not in wanted:
                path.unlink()
                changed = True
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            changed = True
    return changed
