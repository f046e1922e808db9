"""Wrong: media in a public-read, publicly listable bucket with unsigned permanent URLs and file overwrite on, so the private report uploaded under the public one's name replaced its object."""
from .object_storage import *  # noqa: F401,F403
from .object_storage import own_database, profile_data_dir

STACK_PROFILE_DATA_DIR = profile_data_dir("s3-public")
DATABASES = own_database(STACK_PROFILE_DATA_DIR)
# What the seed uploaded, in order: fill_storage replays it into the in-memory bucket at each start.
STACK_UPLOAD_JOURNAL = STACK_PROFILE_DATA_DIR / "journal"
AWS_STORAGE_BUCKET_NAME = "stack-s3-public"
STACK_BUCKET_PUBLIC = True  # public-read bucket ACL and a bucket policy granting everyone GetObject and ListBucket
AWS_DEFAULT_ACL = "public-read"
AWS_QUERYSTRING_AUTH = False
AWS_S3_FILE_OVERWRITE = True
# Long-lived objects, as a right site has them (the probe should see only this profile's storage faults).
AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "max-age=2592000"}
