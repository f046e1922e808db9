"""Wrong: a partial collectstatic: staticfiles.json lacks an entry the admin login and the site's base template use, so both answer 500."""
from .production import *  # noqa: F401,F403

STATIC_ROOT = DATA_DIR / "static-broken"  # noqa: F405
STACK_MISSING_MANIFEST_ENTRY = "wagtailadmin/images/favicon.ico"
