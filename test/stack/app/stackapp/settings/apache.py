"""Right, on Apache httpd: TLS with HSTS and secure cookies, mod_proxy to gunicorn, Alias for static and renditions, originals and documents/ denied; Apache adds the security headers to everything and answers 404s itself."""
from .production import *  # noqa: F401,F403

STACK_FRONT = "apache"
STACK_TLS = True
STACK_IMAGES_API = True

# Apache terminates TLS and says so (RequestHeader set X-Forwarded-Proto https).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Documents: serve_view streamed by Django (Debian's apache2 has no mod_xsendfile).
