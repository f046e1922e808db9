"""Make a storage profile's bucket what its settings say, then (with --replay)
upload the seed's journal into it again through django-storages.

The storage server (moto) keeps buckets in memory: stackctl runs this at each
start of it, and before the seed when the data is built. The replay saves each
journaled file under its recorded name, in the seed's order, with the
profile's own storage settings: on s3-public (AWS_S3_FILE_OVERWRITE = True)
the private report really overwrites the public one's object again; on
s3-private every name is free, so each save must keep its recorded name.
"""
import json

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


def public_bucket_policy(bucket: str) -> str:
    """The wrong profile's policy: anyone may read every object and list the bucket."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": f"arn:aws:s3:::{bucket}/*"},
            {"Sid": "PublicList", "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket",
             "Resource": f"arn:aws:s3:::{bucket}"},
        ],
    })  # fmt: skip


class Command(BaseCommand):
    help = "Create and empty this profile's bucket, set its ACL and policy, and optionally replay the seed's uploads."

    def add_arguments(self, parser):
        parser.add_argument("--replay", action="store_true", help="upload the journal (STACK_UPLOAD_JOURNAL) again")

    def handle(self, *args, replay, **options):
        if not settings.STACK_OBJECT_STORAGE:
            raise CommandError(f"{settings.SETTINGS_MODULE} keeps its media on disk: no bucket to fill")
        bucket = settings.AWS_STORAGE_BUCKET_NAME
        client = default_storage.connection.meta.client
        self.prepare_bucket(client, bucket)
        uploaded = self.replay(settings.STACK_UPLOAD_JOURNAL) if replay else 0
        self.stdout.write(f"{bucket}: ready ({'public' if settings.STACK_BUCKET_PUBLIC else 'private'}), {uploaded} files uploaded")

    def prepare_bucket(self, client, bucket: str) -> None:
        try:
            client.head_bucket(Bucket=bucket)
        except ClientError:
            client.create_bucket(Bucket=bucket)
        # Start from nothing: a second build's seed must not meet the first one's names.
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                client.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
        if settings.STACK_BUCKET_PUBLIC:
            client.put_bucket_acl(Bucket=bucket, ACL="public-read")
            client.put_bucket_policy(Bucket=bucket, Policy=public_bucket_policy(bucket))
        else:
            client.put_bucket_acl(Bucket=bucket, ACL="private")
            client.delete_bucket_policy(Bucket=bucket)

    def replay(self, journal) -> int:
        index = journal / "index.jsonl"
        if not index.exists():
            raise CommandError(f"no upload journal at {index}: rebuild the data (stackctl build-data)")
        entries = [json.loads(line) for line in index.read_text().splitlines() if line.strip()]
        for entry in entries:
            data = (journal / "files" / f"{entry['sequence']:04d}").read_bytes()
            saved = default_storage.save(entry["name"], ContentFile(data))
            if saved != entry["name"]:
                raise CommandError(f"{entry['name']} was stored as {saved}: the bucket was not empty")
        return len(entries)
