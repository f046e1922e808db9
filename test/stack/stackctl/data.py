"""The data directory of one Wagtail version: SQLite database, MEDIA_ROOT,
seed.json and one STATIC_ROOT per static storage, and storage/<profile>/ for
each storage profile (its own database and seed.json, seeded into its bucket on
the running storage server, and the journal of those uploads). Built in a
temporary directory and renamed into place, so an interrupted build is never
taken for a good one."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .layout import APP_DIR, Profile, storage_data_dir, storage_profiles
from .processes import StackError, log_tail
from .storage import Endpoints

BUILD_SETTINGS = "stackapp.settings.build"
STORAGE_BUILD_SETTINGS = "stackapp.settings.build_storage"  # a storage profile's settings (STACK_PROFILE_SETTINGS) + build's
MARKER = "build.json"  # written last: its presence means the build completed


def manage(python: Path, data_dir: Path, settings_module: str, *args: str, log: Path, env: dict[str, str] | None = None) -> None:
    env = {**os.environ, **(env or {}), "STACK_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": settings_module}
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}  [{settings_module}]\n")
        out.flush()
        result = subprocess.run(
            [str(python), "manage.py", *args], cwd=APP_DIR, env=env, stdin=subprocess.DEVNULL,
            stdout=out, stderr=subprocess.STDOUT, timeout=300,
        )  # fmt: skip
    if result.returncode != 0:
        raise StackError(f"manage.py {' '.join(args)} ({settings_module}) failed\n{log_tail(log)}")


def built_fingerprint(data_dir: Path) -> str | None:
    try:
        return json.loads((data_dir / MARKER).read_text())["fingerprint"]
    except (FileNotFoundError, ValueError, KeyError):
        return None


def break_manifest(static_root: Path, entry: str) -> None:
    """The missing-manifest mistake: a partial deploy whose staticfiles.json lacks `entry`."""
    manifest_path = static_root / "staticfiles.json"
    manifest = json.loads(manifest_path.read_text())
    if manifest["paths"].pop(entry, None) is None:
        raise StackError(f"{entry} is not in {manifest_path}: pick an entry the admin login uses")
    # The copy is hard-linked to the right profile's files: replace, never edit in place.
    manifest_path.unlink()
    manifest_path.write_text(json.dumps(manifest))


def remove_static_file(static_root: Path, entry: str) -> None:
    """The broken-editor mistake: a partial deploy whose manifest names `entry` but whose disk lacks it."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"].get(entry)
    if hashed is None:
        raise StackError(f"{entry} is not in {static_root / 'staticfiles.json'}: pick a file the page editor loads")
    # Both names go (unlink only: the copy is hard-linked to the right profile's files).
    for name in {hashed, entry}:
        (static_root / name).unlink()


def build_storage_profile(python: Path, building: Path, profile: Profile, endpoints: Endpoints, log: Path) -> None:
    """A storage profile's own database, seeded through django-storages into its emptied bucket (and journaled)."""
    own = storage_data_dir(building, profile)
    own.mkdir(parents=True)
    env = {"STACK_PROFILE_SETTINGS": profile.settings_module, **endpoints.env_for(profile)}
    manage(python, building, STORAGE_BUILD_SETTINGS, "fill_storage", log=log, env=env)
    manage(python, building, STORAGE_BUILD_SETTINGS, "migrate", "--noinput", "-v0", log=log, env=env)
    manage(python, building, STORAGE_BUILD_SETTINGS, "seed_stack", "--output", str(own / "seed.json"), log=log, env=env)


def build(python: Path, data_dir: Path, profiles: list[Profile], fingerprint: str, log: Path, storage_endpoints: Endpoints | None = None) -> None:
    """Build the data directory of the `profiles` that use it from nothing, then atomically put it in place.
    Storage profiles need the storage server running at `storage_endpoints`."""
    started = time.monotonic()
    building = data_dir.with_name(data_dir.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)

    with_storage = storage_profiles(profiles)
    if with_storage and storage_endpoints is None:
        raise StackError(f"{', '.join(p.name for p in with_storage)} need the storage server to build their data")
    # The storage profiles' seeds (own databases, own buckets) run beside the shared one.
    with ThreadPoolExecutor(max_workers=len(with_storage) or 1) as pool:
        storage_builds = [
            pool.submit(build_storage_profile, python, building, p, storage_endpoints, log.with_name(f"{log.stem}-{p.name}.log"))
            for p in with_storage
        ]
        manage(python, building, BUILD_SETTINGS, "migrate", "--noinput", "-v0", log=log)
        manage(python, building, BUILD_SETTINGS, "seed_stack", "--output", str(building / "seed.json"), log=log)
        for storage_build in storage_builds:
            storage_build.result()

    collected: dict[str, Profile] = {}
    for profile in profiles:
        if broken_copy(profile) or profile.static_dir in collected:
            continue
        manage(python, building, profile.settings_module, "collectstatic", "--noinput", "-v0", log=log)
        collected[profile.static_dir] = profile
    for profile in profiles:
        if not broken_copy(profile):
            continue
        # Same storage as a right profile, then one manifest entry or one file removed.
        source = next(p for p in collected.values() if p.static_storage == profile.static_storage)
        shutil.copytree(building / source.static_dir, building / profile.static_dir, copy_function=os.link)
        if profile.missing_manifest_entry is not None:
            break_manifest(building / profile.static_dir, profile.missing_manifest_entry)
        if profile.missing_static_file is not None:
            remove_static_file(building / profile.static_dir, profile.missing_static_file)

    marker = {"fingerprint": fingerprint, "seconds": round(time.monotonic() - started, 1)}
    (building / MARKER).write_text(json.dumps(marker) + "\n")
    shutil.rmtree(data_dir, ignore_errors=True)
    building.rename(data_dir)


def broken_copy(profile: Profile) -> bool:
    """Whether the profile's STATIC_ROOT is a right one with a piece taken out (not collected itself)."""
    return profile.missing_manifest_entry is not None or profile.missing_static_file is not None


def read_seed(data_dir: Path) -> dict:
    return json.loads((data_dir / "seed.json").read_text())


def read_profile_seed(data_dir: Path, profile: Profile) -> dict:
    """What a profile's pages and files are: its own seed for a storage profile, else its release's."""
    return read_seed(storage_data_dir(data_dir, profile) if profile.storage is not None else data_dir)
