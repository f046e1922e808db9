"""Everything right: TLS with HSTS and secure cookies, hashed static cached a year, documents through serve_view and X-Accel-Redirect, originals and documents/ denied."""
from .production import *  # noqa: F401,F403

STACK_TLS = True
STACK_DOCUMENTS_API = True

# nginx terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Django checks privacy, nginx sends the bytes from an internal location.
SENDFILE_BACKEND = "stackapp.sendfile_nginx"
SENDFILE_ROOT = MEDIA_ROOT / "documents"  # noqa: F405
SENDFILE_URL = "/_protected/documents/"
