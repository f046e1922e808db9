"""Right on performance: nginx compresses text (gzip, precompressed static), pages ask for WebP renditions with dimensions, and a front-end cache that honours Cache-Control holds the public pages; plain http."""
from .production import *  # noqa: F401,F403

# WebP wherever the templates pick the rendition ({% picture %}, format-webp); no user bar
# (it reads request.user, so every page would vary on Cookie).
STACK_RENDITION_FORMATS = "modern"
STACK_USERBAR = False

# Anonymous public pages may be shared for a minute (nginx's proxy_cache honours it);
# nothing here reads the session, so no Vary: Cookie.
STACK_PAGE_CACHE_CONTROL = "public, max-age=60"
MIDDLEWARE = [*MIDDLEWARE, "stackapp.middleware.PageCacheControl"]  # noqa: F405

# The WhiteNoise profile's precompressed STATIC_ROOT (a .gz beside each file), sent by nginx's gzip_static.
STATIC_ROOT = DATA_DIR / "static-whitenoise"  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
