"""Settings shared by every profile: apps, database, paths, Wagtail."""
import os
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent.parent

# One data directory per Wagtail version holds the SQLite database, MEDIA_ROOT
# and every STATIC_ROOT: the profiles share one seeded database and one media
# folder (test/stack/up.sh sets it; the Docker image sets it too).
DATA_DIR = Path(os.environ.get("STACK_DATA_DIR", APP_DIR.parent / ".state" / "data"))

# A test-only key: this stack never holds anything secret.
SECRET_KEY = "wagtail-probe-test-stack-not-a-secret-0123456789abcdef"

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "content",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

# The project template's middleware: its headers are how a probe tells a
# response that went through Django from one the web server sent itself.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "stackapp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [APP_DIR / "stackapp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stackapp.context.stack_pages",
            ],
        },
    },
]

WSGI_APPLICATION = "stackapp.wsgi.application"

# Eighteen gunicorn workers share this file: a busy timeout instead of
# "database is locked" when two of them write a session at once.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "db.sqlite3",
        "OPTIONS": {"timeout": 20},
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [APP_DIR / "stackapp" / "static"]
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static-manifest"

MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "wagtail-probe test stack"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Absolute URLs Wagtail builds outside a request (API download_url, admin
# e-mails): up.sh passes each profile its own public origin.
STACK_BASE_URL = os.environ.get("STACK_BASE_URL", "http://localhost").rstrip("/")
WAGTAILADMIN_BASE_URL = STACK_BASE_URL
WAGTAILAPI_BASE_URL = STACK_BASE_URL

WAGTAILDOCS_EXTENSIONS = ["csv", "html", "pdf", "svg", "txt"]

# Serve documents through Django's privacy check: the right choice on local
# storage (the explicit value of the default there).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}

# --- Facts about the profile, read by test/stack/stackctl and urls.py ---
STACK_FRONT = "nginx"  # the web server in front: nginx, apache, caddy or varnish (before an nginx origin)
STACK_TLS = False  # the front terminates TLS for this profile
STACK_DOCUMENTS_API = False  # /api/v2/documents/ is mounted
STACK_IMAGES_API = False  # /api/v2/images/ is mounted
STACK_SERVE_MEDIA_WITH_DJANGO = False  # urls.py mounts django.views.static.serve at MEDIA_URL
STACK_MISSING_MANIFEST_ENTRY = None  # removed from this profile's staticfiles.json after collectstatic
STACK_MISSING_STATIC_FILE = None  # deleted from this profile's STATIC_ROOT after collectstatic (the manifest keeps it)
STACK_WAGTAIL_VERSION = None  # a pinned Wagtail release for this profile; None: the stack's WAGTAIL_VERSION
STACK_BEHIND_CACHING_PROXY = False  # a caching proxy in front of an nginx origin (cdn-cache, varnish)
STACK_GUNICORN_WORKERS = 2  # gunicorn --workers for this profile (stackctl and the compose file read it)
# How the page templates show images (performance profiles, stackapp/context.py):
# "mixed" the seed's mix ({% picture %} webp+jpeg, fill/srcset JPEG, body webp),
# "modern" WebP everywhere a template picks the rendition, "legacy" JPEG/PNG only, hand-written <img> without width/height.
STACK_RENDITION_FORMATS = "mixed"
STACK_USERBAR = True  # {% wagtailuserbar %} in base.html (it reads request.user: Vary: Cookie on every page)
STACK_PAGE_CACHE_CONTROL = None  # stackapp.middleware.PageCacheControl: Cache-Control for anonymous public pages
STACK_PAGE_DELAY_MS = 0  # stackapp.middleware.PageDelay: a slow site, deterministically
# Media (images, renditions, documents) in a bucket of the stack's S3-compatible storage
# server instead of MEDIA_ROOT: True in object_storage.py, with STACK_BUCKET_PUBLIC saying
# whether the bucket is public-read and publicly listable.
STACK_OBJECT_STORAGE = False
STACK_BUCKET_PUBLIC = False
