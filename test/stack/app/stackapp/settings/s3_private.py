"""Right: https like hardened, media in a private bucket on the storage server's https listener, signed URLs that expire after 300 s, and no file overwrite (a same-named upload gets Django's random suffix)."""
from .object_storage import *  # noqa: F401,F403
from .object_storage import own_database, profile_data_dir
from .https_front import *  # noqa: F401,F403  (https as in hardened)

STACK_PROFILE_DATA_DIR = profile_data_dir("s3-private")
DATABASES = own_database(STACK_PROFILE_DATA_DIR)
# What the seed uploaded, in order: fill_storage replays it into the in-memory bucket at each start.
STACK_UPLOAD_JOURNAL = STACK_PROFILE_DATA_DIR / "journal"
AWS_STORAGE_BUCKET_NAME = "stack-s3-private"
STACK_BUCKET_PUBLIC = False  # no bucket policy, private ACLs
AWS_DEFAULT_ACL = None  # the bucket's default: private
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = 300
AWS_S3_FILE_OVERWRITE = False
# Signed URLs only: private caches may keep an object a month, shared ones never.
AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "private, max-age=2592000"}

# The bucket is https too: an https page never sends its visitors to an http bucket.
STACK_STORAGE_TLS = True
