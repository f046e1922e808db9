"""Settings for building the data (migrate, seed, render renditions), never served."""
from .base import *  # noqa: F401,F403

# The seed command renders every page with Django's test client to create the
# renditions ahead of time, before any STATIC_ROOT exists.
ALLOWED_HOSTS = ["*"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
