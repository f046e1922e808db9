"""Django's per-site cache middleware on LocMemCache behind three gunicorn workers: each worker keeps its own copy of every page (Wagtail and Django advise a shared cache such as Redis); otherwise the right plain-http setup."""
from .production import *  # noqa: F401,F403

STACK_GUNICORN_WORKERS = 3
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stack-locmem"}}
# Django's order: UpdateCacheMiddleware first, FetchFromCacheMiddleware last.
MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,  # noqa: F405
    "django.middleware.cache.FetchFromCacheMiddleware",
]
CACHE_MIDDLEWARE_SECONDS = 600
CACHE_MIDDLEWARE_KEY_PREFIX = "stack"
