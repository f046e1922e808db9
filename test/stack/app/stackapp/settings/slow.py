"""Wrong on performance: nothing compressed, JPEG/PNG renditions only and <img> without dimensions, public pages sent private and no-cache with Vary: Cookie (a middleware reads the session), slow pages (0.9 s) and no cache in front; plain http."""
from .production import *  # noqa: F401,F403

STACK_RENDITION_FORMATS = "legacy"
STACK_PAGE_CACHE_CONTROL = "private, no-cache"
# 0.9 s: past the probe's 0.8 s "slow" line on any machine, so its timing rules are certain here.
STACK_PAGE_DELAY_MS = 900
MIDDLEWARE = [
    *MIDDLEWARE,  # noqa: F405
    "stackapp.middleware.TouchSession",
    "stackapp.middleware.PageCacheControl",
    "stackapp.middleware.PageDelay",
]
