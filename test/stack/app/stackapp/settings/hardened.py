"""Everything right: TLS with HSTS and secure cookies, hashed static cached a year, documents through serve_view and X-Accel-Redirect, originals and documents/ denied."""
from .production import *  # noqa: F401,F403
from .https_front import *  # noqa: F401,F403

STACK_DOCUMENTS_API = True

# Django checks privacy, nginx sends the bytes from an internal location.
SENDFILE_BACKEND = "stackapp.sendfile_nginx"
SENDFILE_ROOT = MEDIA_ROOT / "documents"  # noqa: F405
SENDFILE_URL = "/_protected/documents/"
