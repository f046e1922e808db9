"""Settings for building a storage profile's data (migrate, seed into its bucket), never served: the profile's own settings (STACK_PROFILE_SETTINGS) with build.py's changes and the upload journal."""
import importlib
import os

_profile = importlib.import_module(os.environ["STACK_PROFILE_SETTINGS"])
globals().update({name: value for name, value in vars(_profile).items() if name.isupper()})

# As build.py: the seed renders every page with Django's test client before any STATIC_ROOT exists.
ALLOWED_HOSTS = ["*"]
# The test client asks over plain http: an https profile (s3-private) would answer its 301.
SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,  # noqa: F821
    # Every upload is also written to STACK_UPLOAD_JOURNAL, which fill_storage replays
    # into the (in-memory) bucket at each start of the storage server.
    "default": {"BACKEND": "stackapp.storage.JournaledS3Storage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
