"""Right (the plain-http setup of production.py) on Wagtail 6.3.8, the last 6.3 LTS release, which never got the document ETag fix (GHSA-92hv-j533-69wc)."""
from .production import *  # noqa: F401,F403

# Its own virtualenv (requirements/wagtail-6.3.8.txt: Django 5.1, the newest
# Django 6.3 supports) and data directory.
STACK_WAGTAIL_VERSION = "6.3.8"
