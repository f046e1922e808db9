"""Wrong: Caddy's file_server serves the whole MEDIA_ROOT at /media/: originals public, and private documents readable at their direct URL though the serve method is serve_view; plain http."""
from .production import *  # noqa: F401,F403

# The Django side is the right plain-http setup; the mistake lives in Caddy
# (test/stack/caddy/templates/sites/caddy-media.caddy.template).
STACK_FRONT = "caddy"
