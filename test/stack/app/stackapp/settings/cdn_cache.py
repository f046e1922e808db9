"""Wrong: a caching proxy in front of the right plain-http setup caches everything (admin login, private pages and documents), keyed on the URL only."""
from .production import *  # noqa: F401,F403

# The Django side is the right production setup; the mistake lives in nginx
# (test/stack/nginx/templates/cdn-cache.conf.template).

STACK_BEHIND_CACHING_PROXY = True
