"""Right (the plain-http setup of production.py) on Wagtail 7.0.10, the 7.0 LTS, beside the stack's main release."""
from .production import *  # noqa: F401,F403

# Its own virtualenv (requirements/wagtail-7.0.10.txt) and data directory.
STACK_WAGTAIL_VERSION = "7.0.10"
