"""Wrong: a partial static deploy: the page editor's commenting bundle (wagtailadmin/js/comments.js) is missing on disk while the manifest still names it, so the login page is whole and the page edit view's script 404s."""
from .production import *  # noqa: F401,F403

STATIC_ROOT = DATA_DIR / "static-broken-editor"  # noqa: F405
# The page edit view loads it (comments are on by default), /admin/login/ does
# not: only a logged-in check sees the fault.
STACK_MISSING_STATIC_FILE = "wagtailadmin/js/comments.js"
