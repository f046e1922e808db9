"""Wrong: WAGTAILDOCS_SERVE_METHOD = "redirect" and nginx serves /media/documents/, so every private document is fetchable at its direct URL."""
from .production import *  # noqa: F401,F403

WAGTAILDOCS_SERVE_METHOD = "redirect"
