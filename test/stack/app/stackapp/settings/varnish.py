"""Wrong: Varnish in front of the right plain-http setup "caches documents": the Cookie is ignored for /documents/, so after one authorised fetch every visitor gets the private file from the cache."""
from .production import *  # noqa: F401,F403

# The Django side is the right production setup; the mistake lives in the VCL
# (test/stack/varnish/templates/varnish.vcl.template), in front of an nginx origin.
STACK_FRONT = "varnish"
STACK_BEHIND_CACHING_PROXY = True
