"""Right, Heroku-style: static through WhiteNoise (CompressedManifestStaticFilesStorage) behind nginx, media via nginx; plain http."""
from .production import *  # noqa: F401,F403

MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405 (SecurityMiddleware stays first, as WhiteNoise's docs say)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]
STATIC_ROOT = DATA_DIR / "static-whitenoise"  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
