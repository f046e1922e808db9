"""Right, on Apache httpd: TLS with HSTS and secure cookies, mod_proxy to gunicorn, Alias for static and renditions, originals and documents/ denied; Apache adds the security headers to everything and answers 404s itself."""
from .production import *  # noqa: F401,F403
from .https_front import *  # noqa: F401,F403

STACK_FRONT = "apache"
STACK_IMAGES_API = True

# Apache says it terminated TLS with RequestHeader set X-Forwarded-Proto https.

# Documents: serve_view streamed by Django (Debian's apache2 has no mod_xsendfile).
