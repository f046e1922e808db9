"""Wrong: plain StaticFilesStorage (unhashed names) while nginx caches all of /static/ for a year, immutable."""
from .production import *  # noqa: F401,F403

STATIC_ROOT = DATA_DIR / "static-plain"  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
