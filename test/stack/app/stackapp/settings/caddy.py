"""Right, on Caddy: TLS (the stack's certificate, no ACME) with HSTS and secure cookies, reverse_proxy to gunicorn, file_server for static and renditions, originals and documents/ denied."""
from .production import *  # noqa: F401,F403
from .https_front import *  # noqa: F401,F403

STACK_FRONT = "caddy"
# Caddy terminates TLS and sets X-Forwarded-Proto itself.
