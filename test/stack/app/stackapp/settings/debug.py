"""Wrong: DEBUG = True in production (technical 404 and 500 pages, unhashed static URLs with ?v=); otherwise the right plain-http setup."""
from .production import *  # noqa: F401,F403

DEBUG = True
