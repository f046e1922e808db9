"""The seed's uploads, kept: moto holds its buckets in memory, so what the seed
uploaded through django-storages is journaled (name and bytes, in order) and
replayed through django-storages at each start (content/management/commands/fill_storage.py)."""
import json

from django.conf import settings
from storages.backends.s3 import S3Storage


class JournaledS3Storage(S3Storage):
    """S3Storage that also appends every saved file to settings.STACK_UPLOAD_JOURNAL (build only)."""

    def _save(self, name, content):
        content.seek(0)
        data = content.read()
        content.seek(0)
        saved = super()._save(name, content)
        journal = settings.STACK_UPLOAD_JOURNAL
        (journal / "files").mkdir(parents=True, exist_ok=True)
        index = journal / "index.jsonl"
        sequence = sum(1 for _ in index.open()) if index.exists() else 0
        (journal / "files" / f"{sequence:04d}").write_bytes(data)
        with index.open("a") as out:
            out.write(json.dumps({"sequence": sequence, "name": saved}) + "\n")
        return saved
