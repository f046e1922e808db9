"""profiles.json: what each running profile serves, for the tests and the
probe's integration tests (schema in test/stack/README.md and profiles.ts)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

from .layout import (
    LISTEN_ADDR,
    PROFILES_JSON,
    STORAGE_ACCESS_KEY,
    STORAGE_REGION,
    STORAGE_SECRET_KEY,
    Profile,
    base_url,
    http_url,
    port_plan,
    storage_endpoint,
)
from .tls import CA_FILE


@dataclass(frozen=True)
class Release:
    """A Wagtail release the stack runs, and what its data directory's seed made."""

    wagtail: str
    django: str
    seed: dict  # the release's shared seed (a storage profile has its own: write_profiles_json's seeds)


def describe_document(document: dict, origin: str, serve_method: str) -> dict:
    serve_url = urljoin(origin, document["serveUrl"])
    direct_url = urljoin(origin, document["directUrl"])
    entry = {
        "id": document["id"],
        "title": document["title"],
        "url": serve_url,
        "filename": document["filename"],
        "directUrl": direct_url,
        # What the site's pages link: with "direct", the file itself.
        "linkUrl": direct_url if serve_method == "direct" else serve_url,
        "contentType": document["contentType"],
        "size": document["size"],
        "sha1": document["sha1"],
    }
    if document["restriction"] is not None:
        entry["restriction"] = document["restriction"]
        entry["restrictionId"] = document["restrictionId"]
        if "password" in document:
            entry["password"] = document["password"]
    return entry


def shared_name(seed: dict) -> dict:
    """The public and the private document uploaded under one file name (the seed's report.pdf pair)."""
    by_name: dict[str, list[dict]] = {}
    for document in seed["documents"]:
        by_name.setdefault(document["uploadedAs"], []).append(document)
    for filename, documents in by_name.items():
        public = [d for d in documents if d["restriction"] is None]
        private = [d for d in documents if d["restriction"] is not None]
        if public and private:
            return {"filename": filename, "publicDocumentId": public[0]["id"], "privateDocumentId": private[0]["id"]}
    raise ValueError("the seed uploads no public and private document under one name")


def describe_storage(profile: Profile, port_base: int, seed: dict) -> dict | None:
    if profile.storage is None:
        return None
    endpoint = storage_endpoint(port_base, profile.storage.tls) + "/"
    bucket = profile.storage.bucket
    return {
        "endpoint": endpoint,
        "bucket": bucket,
        "addressing": "path",
        "bucketUrl": f"{endpoint}{bucket}/",
        "signed": profile.storage.signed,
        "signedUrlExpires": profile.storage.expire_seconds,
        "publicRead": profile.storage.public,
        "publicList": profile.storage.public,
        "overwrite": profile.storage.overwrite,
        "sharedName": shared_name(seed),
        # The stack's one key (a fixed test credential): for the specs' own signed requests.
        "region": STORAGE_REGION,
        "accessKeyId": STORAGE_ACCESS_KEY,
        "secretAccessKey": STORAGE_SECRET_KEY,
    }


def describe_profile(profile: Profile, port_base: int, release: Release, seed: dict, ca_file: Path) -> dict:
    """`seed`: the profile's own (storage profiles) or its release's."""
    origin = base_url(profile, port_base)
    documents = [describe_document(d, origin, profile.serve_method) for d in seed["documents"]]
    pages = seed["pages"]
    return {
        "description": profile.description,
        "wagtailVersion": release.wagtail,
        "djangoVersion": release.django,
        "baseUrl": origin,
        "httpUrl": http_url(profile, port_base),
        "caFile": str(ca_file) if profile.tls else None,
        "gunicornUrl": f"http://{LISTEN_ADDR}:{port_plan(profile, port_base).gunicorn}/",
        "settingsModule": profile.settings_module,
        "adminPath": "/admin/",
        "staticUrl": "/static/",
        "mediaUrl": "/media/",
        "serveMethod": profile.serve_method,
        "documentsApi": profile.documents_api,
        "imagesApi": profile.images_api,
        "front": profile.front,
        "private": {
            "documents": [d for d in documents if "restriction" in d],
            "pages": [
                {"url": urljoin(origin, p["path"]), "restriction": p["restriction"]}
                | ({"password": p["password"]} if "password" in p else {})
                for p in pages
                if p["restriction"] is not None
            ],
        },
        "public": {
            "documents": [d for d in documents if "restriction" not in d],
            "images": [
                {
                    "title": image["title"],
                    "original": urljoin(origin, image["original"]),
                    "renditions": [urljoin(origin, r) for r in image["renditions"]],
                }
                for image in seed["images"]
            ],
            "pages": [urljoin(origin, p["path"]) for p in pages if p["restriction"] is None],
        },
        "monitor": seed["monitor"],
        "storage": describe_storage(profile, port_base, seed),
    }


def write_profiles_json(
    profiles: list[Profile], port_base: int, releases: dict[str, Release], seeds: dict[str, dict], stack_version: str,
    tls_dir: Path,
) -> dict:
    """The top-level versions are the stack's; each profile names the release it runs."""
    stack = {
        "wagtailVersion": stack_version,
        "djangoVersion": releases[stack_version].django,
        "generatedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "portBase": port_base,
        "profiles": {
            p.name: describe_profile(p, port_base, releases[p.wagtail_version(stack_version)], seeds[p.name], tls_dir / CA_FILE)
            for p in profiles
        },
    }
    temporary = PROFILES_JSON.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(stack, indent=2) + "\n")
    temporary.replace(PROFILES_JSON)
    return stack
