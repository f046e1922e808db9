"""Wrong: WAGTAILDOCS_SERVE_METHOD = "direct": pages link the files under /media/documents/ themselves, no privacy check at all."""
from .production import *  # noqa: F401,F403

WAGTAILDOCS_SERVE_METHOD = "direct"
STACK_DOCUMENTS_API = True
