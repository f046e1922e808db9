"""Right, on Caddy: TLS (the stack's certificate, no ACME) with HSTS and secure cookies, reverse_proxy to gunicorn, file_server for static and renditions, originals and documents/ denied."""
from .production import *  # noqa: F401,F403

STACK_FRONT = "caddy"
STACK_TLS = True

# Caddy terminates TLS and sets X-Forwarded-Proto itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
