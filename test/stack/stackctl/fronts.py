"""The web servers in front of the profiles' gunicorns, each a module with the
same functions (nginx, apache, caddy, varnish): which ports it takes, writing
its configuration under .state/, starting it, applying a changed
configuration. Which one fronts a profile is its settings' STACK_FRONT."""
from __future__ import annotations

from types import ModuleType

from . import apache, caddy, nginx, varnish
from .layout import Profile
from .processes import Server

MODULES: dict[str, ModuleType] = {"nginx": nginx, "apache": apache, "caddy": caddy, "varnish": varnish}


def servers() -> list[Server]:
    return [module.SERVER for module in MODULES.values()]


def needed(profiles: list[Profile]) -> dict[str, ModuleType]:
    """The servers these profiles use (nginx also as the origin behind a caching proxy)."""
    names = {p.front for p in profiles} | ({"nginx"} if any(p.behind_cache for p in profiles) else set())
    return {name: module for name, module in MODULES.items() if name in names}


def ports(profiles: list[Profile], port_base: int) -> dict[int, str]:
    wanted: dict[int, str] = {}
    for module in MODULES.values():
        wanted |= module.ports(profiles, port_base)
    return wanted
