"""Media in a bucket of the stack's S3-compatible storage server (moto behind our enforcing front, test/stack/storage/): what s3-public and s3-private share."""
import os

from .production import *  # noqa: F401,F403

# django-storages and boto3 are pinned in requirements/wagtail-8.0.1.txt only: these
# profiles run 8.0.1 whatever WAGTAIL_VERSION the rest of the stack runs.
STACK_WAGTAIL_VERSION = "8.0.1"
STACK_OBJECT_STORAGE = True


def profile_data_dir(name: str):
    """A storage profile's own database, seed.json and upload journal (stackctl/layout.py: storage_data_dir)."""
    return DATA_DIR / "storage" / name  # noqa: F405


def own_database(profile_dir) -> dict:
    # Its own seeded database: the documents' rows point at its bucket's keys.
    return {"default": {**DATABASES["default"], "NAME": profile_dir / "db.sqlite3"}}  # noqa: F405


STORAGES = {
    **STORAGES,  # noqa: F405  (static files stay as in hardened: nginx, ManifestStaticFilesStorage)
    "default": {"BACKEND": "storages.backends.s3.S3Storage"},
}

# The stack's one key (a fixed test credential, like the canaries' passwords).
AWS_ACCESS_KEY_ID = "WAGTAILPROBESTACK"
AWS_SECRET_ACCESS_KEY = "wagtail-probe-stack-storage-secret-not-a-secret"
AWS_S3_REGION_NAME = "us-east-1"
AWS_S3_SIGNATURE_VERSION = "s3v4"
# Path-style on 127.0.0.1 (stackctl passes the storage server's port): no cloud host name anywhere.
AWS_S3_ENDPOINT_URL = os.environ.get("STACK_STORAGE_ENDPOINT", "http://127.0.0.1:9")
AWS_S3_ADDRESSING_STYLE = "path"
# Which of the storage server's listeners stackctl gives the profile: its https one
# (B+161) with STACK_STORAGE_TLS, else plain http (B+160).
STACK_STORAGE_TLS = False
# The stack's CA for the https listener (stackctl passes it with that endpoint); unset,
# boto3 verifies against its own bundle and fails: never an unverified connection.
AWS_S3_VERIFY = os.environ.get("STACK_STORAGE_CA_FILE")

# Documents are checked by Wagtail, then the browser is sent to the bucket.
WAGTAILDOCS_SERVE_METHOD = "redirect"
