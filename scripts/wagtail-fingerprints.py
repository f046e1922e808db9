#!/usr/bin/env python3
"""Compiles src/wagtail/data/fingerprints.json: which Wagtail release a site's
admin static files come from.

ManifestStaticFilesStorage names a file `name.<first 12 hex of MD5 of its
content>.ext`, and Wagtail's admin files ship as-is in the wheel, so the hashed
names the admin login page references point at a release. Developers run this
script (the probe never does): it lists Wagtail's final releases since 4.1 from
PyPI's JSON API, downloads each wheel with pip into a cache outside the repo,
hashes the static files the admin login page references, and keeps only what
tells releases apart.

    python3 scripts/wagtail-fingerprints.py                  # every release, writes the data file
    python3 scripts/wagtail-fingerprints.py --releases 7.0.10,8.0.1 --offline \\
        --check src/wagtail/data/fingerprints.json            # verify committed entries from wheels on disk
    python3 scripts/wagtail-fingerprints.py --site-packages .../site-packages --check ...

Where the login page leaves several releases, the data also names a few
"confirming files": admin files whose content differs between those releases
and whose collected name is the MD5 of the file as shipped (no CSS url() or JS
sourceMappingURL for Django to rewrite), so the probe can ask for
`<name>.<hash>.<ext>` under STATIC_URL (or the plain name, where the storage
does not hash) and tell them apart with at most MAX_CONFIRMING_REQUESTS
requests. Releases no such file separates are listed as `inseparable`, with the
static files (if any) that do differ between them.

Network: pypi.org (the release list) and pip's own index, nothing else; with
--offline or --site-packages, none at all.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import posixpath
import re
import subprocess
import sys
import urllib.request
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urldefrag

PYPI_JSON = "https://pypi.org/pypi/wagtail/json"
FIRST_RELEASE = (4, 1)
DEFAULT_WHEEL_DIR = Path.home() / ".cache" / "wagtail-probe" / "wheels"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "wagtail" / "data" / "fingerprints.json"

# The templates the admin login page renders (login.html extends admin_base.html,
# which extends skeleton.html): the static files they name are what a crawl of
# /admin/login/ sees.
LOGIN_TEMPLATES = ("login.html", "admin_base.html", "skeleton.html")
STATIC_TAG = re.compile(r"""\{%\s*(?:versioned_static|static)\s+['"]([^'"]+)['"]""")
# Files under <app>/static/<app dir>/... inside the wagtail package.
STATIC_FILE = re.compile(r"^wagtail/(?:[a-z_]+/)*static/(wagtail[a-z_]*/.+)$")
# CSS that Django's HashedFilesMixin rewrites before hashing: its hashed name is
# not the MD5 of the wheel's file (only its unhashed body is). Wagtail's JS has
# no sourceMappingURL comments, the one thing Django rewrites in *.js.
REWRITTEN_CSS = re.compile(rb"(?i)url\(|@import|sourceMappingURL")
JS_SOURCE_MAP = re.compile(rb"(?m)^//# (?-i:sourceMappingURL)=")
# Every static file of Wagtail's apps as collectstatic finds it: <app>/static/<path>,
# the project template's (copied by `wagtail start`, never collected) left out.
ANY_STATIC_FILE = re.compile(r"^wagtail/(?!project_template/)(?:[a-z_]+/)*static/(.+)$")
# Confirming files come from the admin app only: a site with an admin login page
# has it installed, so a 404 for one of its files means "not this release", never
# "app not installed" (wagtail.contrib.table_block's files are collected only where it is).
CONFIRMING_APP = "wagtailadmin/"
# The most confirming requests the probe sends (probes/wagtail-version: meta.maxRequests).
MAX_CONFIRMING_REQUESTS = 6


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def is_final(version: str) -> bool:
    return re.fullmatch(r"\d+(\.\d+)*", version) is not None


@dataclass
class Release:
    version: str
    # static path (as under STATIC_URL) -> first 12 hex of MD5 of the file as in the wheel
    hashes: dict[str, str]
    # the same for files ManifestStaticFilesStorage rewrites before hashing: the hash in their collected name
    manifest_hashes: dict[str, str]
    login_references: set[str]
    installed_apps: list[str] | None
    # JS files with a sourceMappingURL comment, which Django would rewrite too
    source_mapped: set[str]
    # admin files whose collected name this script can predict (all but JS with a sourceMappingURL): the hash in that name
    confirmable: dict[str, str]
    # MD5 of every static file of every Wagtail app: equal trees mean no static file can tell the releases apart
    all_static: dict[str, str]

    def named_hash(self, path: str) -> str | None:
        """The 12 hex in the name collectstatic gives the file (ManifestStaticFilesStorage)."""
        return self.manifest_hashes.get(path, self.hashes.get(path))


class Tree:
    """A wheel or an installed package, read the same way: names relative to the wheel root."""

    def names(self) -> Iterable[str]:
        raise NotImplementedError

    def read(self, name: str) -> bytes | None:
        raise NotImplementedError


class WheelTree(Tree):
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)

    def names(self) -> Iterable[str]:
        return (n for n in self.zip.namelist() if not n.endswith("/"))

    def read(self, name: str) -> bytes | None:
        try:
            return self.zip.read(name)
        except KeyError:
            return None


class SitePackagesTree(Tree):
    def __init__(self, root: Path):
        self.root = root

    def names(self) -> Iterable[str]:
        base = self.root / "wagtail"
        for path in base.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path.relative_to(self.root).as_posix()

    def read(self, name: str) -> bytes | None:
        path = self.root / name
        return path.read_bytes() if path.is_file() else None


def read_release(version: str, tree: Tree) -> Release:
    hashes: dict[str, str] = {}
    rewritable: dict[str, bytes] = {}
    source_mapped: set[str] = set()
    all_static: dict[str, str] = {}
    for name in tree.names():
        anywhere = ANY_STATIC_FILE.match(name)
        if anywhere and not collectstatic_ignores(anywhere.group(1)):
            content = tree.read(name) or b""
            all_static[anywhere.group(1)] = hashlib.md5(content).hexdigest()
        match = STATIC_FILE.match(name)
        if not match:
            continue
        content = tree.read(name) or b""
        path = match.group(1)
        hashes[path] = md5_12(content)
        if path.endswith(".css") and REWRITTEN_CSS.search(content):
            rewritable[path] = content
        elif path.endswith(".js") and JS_SOURCE_MAP.search(content):
            source_mapped.add(path)
    manifest_hashes: dict[str, str] = {}
    for path in rewritable:
        manifest_hashes[path] = manifest_hash(path, rewritable, hashes, manifest_hashes)
    confirmable = {
        path: manifest_hashes.get(path, digest)
        for path, digest in hashes.items()
        if path.startswith(CONFIRMING_APP) and path not in source_mapped and not collectstatic_ignores(path)
    }
    references: set[str] = set()
    for template in LOGIN_TEMPLATES:
        text = tree.read(f"wagtail/admin/templates/wagtailadmin/{template}")
        if text is not None:
            references.update(STATIC_TAG.findall(text.decode("utf-8")))
    return Release(version, hashes, manifest_hashes, references, project_template_apps(tree), source_mapped, confirmable, all_static)


def collectstatic_ignores(path: str) -> bool:
    """collectstatic's default ignore_patterns (CVS, .*, *~) on any part of the path."""
    return any(part == "CVS" or part.startswith(".") or part.endswith("~") for part in path.split("/"))


def md5_12(content: bytes) -> str:
    return hashlib.md5(content).hexdigest()[:12]


# Django's HashedFilesMixin.patterns for *.css and its url_converter
# (django/contrib/staticfiles/storage.py, unchanged in this respect from 3.2 to
# 5.2; compiled with re.IGNORECASE, so `URL(` counts too): each relative
# url()/@import/sourceMappingURL is replaced by the target's hashed name, always
# in double quotes, and the file is hashed after that. Its *.js pattern rewrites
# only `//# sourceMappingURL=` lines (JS_SOURCE_MAP; the import/export patterns
# need support_js_module_import_aggregation, False by default).
# Checked against the stack's 8.0.1 manifest: core.css -> core.baabf7d35649.css.
CSS_PATTERNS = (
    (re.compile(r"""(?P<matched>url\(['"]{0,1}\s*(?P<url>.*?)["']{0,1}\))""", re.IGNORECASE), 'url("%(url)s")'),
    (re.compile(r"""(?P<matched>@import\s*["']\s*(?P<url>.*?)["'])""", re.IGNORECASE), '@import url("%(url)s")'),
    (re.compile(r"(?m)^(?P<matched>/\*#[ \t](?-i:sourceMappingURL)=(?P<url>.*)[ \t]*\*/)$", re.IGNORECASE), "/*# sourceMappingURL=%(url)s */"),
)


def manifest_hash(path: str, rewritable: dict[str, bytes], hashes: dict[str, str], done: dict[str, str], depth: int = 0) -> str:
    """The hash ManifestStaticFilesStorage puts in a CSS file's name: the MD5 after rewriting its url()s."""
    if path in done:
        return done[path]
    if depth > 5:
        raise SystemExit(f"{path}: CSS imports nest too deep")
    text = rewritable[path].decode("utf-8")

    def hashed_basename(target: str) -> str:
        digest = manifest_hash(target, rewritable, hashes, done, depth + 1) if target in rewritable else hashes.get(target)
        if digest is None:
            raise SystemExit(f"{path} refers to {target}, which the release does not ship")
        stem, ext = posixpath.splitext(posixpath.basename(target))
        return f"{stem}.{digest}{ext}"

    for pattern, template in CSS_PATTERNS:

        def convert(match: re.Match[str]) -> str:
            groups = match.groupdict()
            url = groups["url"]
            # Django leaves absolute, protocol-relative, data: and root-relative (outside STATIC_URL) URLs alone.
            if re.match(r"^[a-z]+:", url) or url.startswith("/"):
                return groups["matched"]
            url_path, fragment = urldefrag(url)
            if not url_path:
                return groups["matched"]
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(url_path)))
            transformed = "/".join(url_path.split("/")[:-1] + [hashed_basename(target)])
            if fragment:
                transformed += ("?#" if "?#" in url else "#") + fragment
            return template % {**groups, "url": unquote(transformed)}

        text = pattern.sub(convert, text)
    return md5_12(text.encode("utf-8"))


def project_template_apps(tree: Tree) -> list[str] | None:
    """INSTALLED_APPS of `wagtail start`'s settings/base.py, read as a Python literal."""
    for name in ("wagtail/project_template/project_name/settings/base.py", "wagtail/project_template/project_name/settings/base.py-tpl"):
        text = tree.read(name)
        if text is None:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "INSTALLED_APPS" for t in node.targets):
                value = ast.literal_eval(node.value)
                return [str(app) for app in value]
    return None


def version_query(version: str, installed_apps: list[str]) -> str | None:
    """
    Wagtail's versioned_static `?v=` (wagtail/admin/staticfiles.py). Since 6.3:
    sha1(__version__ + "".join(INSTALLED_APPS))[:8]; before, SHA-1 of the version
    and SECRET_KEY, which no one outside can compute. So only a 6.3+ project that
    kept `wagtail start`'s INSTALLED_APPS unchanged can be matched.
    """
    if version_key(version) < (6, 3):
        return None
    return hashlib.sha1("".join([version, *installed_apps]).encode()).hexdigest()[:8]


def pypi_releases() -> list[str]:
    with urllib.request.urlopen(PYPI_JSON, timeout=60) as answer:
        data = json.load(answer)
    versions = []
    for version, files in data["releases"].items():
        if not is_final(version) or version_key(version) < FIRST_RELEASE:
            continue
        if any(f.get("packagetype") == "bdist_wheel" and not f.get("yanked") for f in files):
            versions.append(version)
    return sorted(versions, key=version_key)


def wheel_path(version: str, wheel_dir: Path) -> Path | None:
    found = sorted(wheel_dir.glob(f"wagtail-{version}-*.whl"))
    return found[0] if found else None


def download_wheel(version: str, wheel_dir: Path) -> Path:
    wheel_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"wagtail=={version}", "--no-deps", "--only-binary", ":all:", "--quiet", "-d", str(wheel_dir)],
        check=True,
    )
    path = wheel_path(version, wheel_dir)
    if path is None:
        raise SystemExit(f"pip downloaded no wheel for wagtail {version} into {wheel_dir}")
    return path


def site_packages_version(root: Path) -> str:
    infos = sorted(root.glob("wagtail-*.dist-info"))
    if not infos:
        raise SystemExit(f"{root} has no wagtail-*.dist-info: not a site-packages with Wagtail installed")
    return infos[0].name[len("wagtail-") : -len(".dist-info")]


def hash_classes(releases: list[Release], path: str, digest_of) -> dict[str, list[str]]:
    classes: dict[str, list[str]] = {}
    for release in releases:
        digest = digest_of(release, path)
        if digest is not None:
            classes.setdefault(digest, []).append(release.version)
    return classes


def login_ranges(releases: list[Release], files: dict[str, dict[str, list[str]]]) -> list[list[Release]]:
    """The releases the login page's files cannot tell apart: same content in every tracked file."""
    groups: dict[tuple, list[Release]] = {}
    for release in releases:
        signature = tuple((path, release.named_hash(path)) for path in sorted(files))
        groups.setdefault(signature, []).append(release)
    return [group for group in groups.values() if len(group) > 1]


def confirmable_paths(releases: list[Release]) -> set[str]:
    """Admin files collected unchanged by every release that ships them (so one hash per content, named or served)."""
    shipped = {path for r in releases for path in r.all_static if path.startswith(CONFIRMING_APP)}
    return {path for path in shipped if all(path in r.confirmable for r in releases if path in r.all_static)}


# The probe's choice of the next confirming file, mirrored by nextConfirmingRequest
# in src/wagtail/version-fingerprint.ts (the same order, the same ties): the
# question whose worse answer leaves the fewest candidates.
#  - hashed names: "is <path> with content <hash> there?". A 200 is taken as
#    proof only for content no release older than the other candidates ships,
#    because collectstatic without --clear leaves earlier deploys' hashed files
#    in STATIC_ROOT; a 404 rules out every candidate that ships that content.
#  - unhashed names: "what is <path>'s content?": one answer picks one class.
def next_confirming(candidates: list[str], table: dict[str, dict[str, list[str]]], mode: str, order: dict[str, int]) -> tuple[str, str | None] | None:
    best: tuple[int, str, str | None] | None = None
    for path in sorted(table):
        if mode == "hashed":
            for digest in sorted(table[path]):
                shippers = table[path][digest]
                present = [c for c in candidates if c in shippers]
                absent = [c for c in candidates if c not in shippers]
                if not present or not absent or min(order[r] for r in shippers) <= max(order[r] for r in absent):
                    continue
                score = max(len(present), len(absent))
                if best is None or score < best[0]:
                    best = (score, path, digest)
        else:
            classes: dict[str | None, int] = {}
            for c in candidates:
                digest = next((d for d, shippers in table[path].items() if c in shippers), None)
                classes[digest] = classes.get(digest, 0) + 1
            if len(classes) < 2:
                continue
            score = max(classes.values())
            if best is None or score < best[0]:
                best = (score, path, None)
    return None if best is None else (best[1], best[2])


def served_hash(release: Release, path: str, mode: str) -> str | None:
    """What a confirming file's content hash is on a site of this release: in its collected name, or of the unhashed file's body (as shipped)."""
    if path not in release.confirmable:
        return None
    return release.confirmable[path] if mode == "hashed" else release.hashes[path]


def confirm(truth: Release, candidates: list[str], table: dict[str, dict[str, list[str]]], mode: str, order: dict[str, int]) -> tuple[list[str], list[str]]:
    """What the probe ends with on a site of release `truth` (table: the hashes of `mode`): the candidates left and the paths asked."""
    asked: list[str] = []
    while len(candidates) > 1 and len(asked) < MAX_CONFIRMING_REQUESTS:
        question = next_confirming(candidates, table, mode, order)
        if question is None:
            break
        path, digest = question
        asked.append(path)
        served = served_hash(truth, path, mode)
        if mode == "hashed":
            shippers = table[path][digest]
            candidates = [c for c in candidates if (c in shippers) == (served == digest)]
        else:
            candidates = [c for c in candidates if next((d for d, s in table[path].items() if c in s), None) == served]
    return candidates, asked


def differing_static(group: list[Release]) -> list[str]:
    paths = set().union(*(r.all_static for r in group))
    return sorted(p for p in paths if len({r.all_static.get(p) for r in group}) > 1)


def compile_confirming(releases: list[Release], files: dict[str, dict[str, list[str]]]) -> tuple[dict, dict, list[dict], dict[str, int]]:
    """
    The confirming files for the login page's ranges (only those the probe's
    choice uses on some site): the hashes in their collected names, and the
    MD5s of the files as shipped where those differ (CSS Django rewrites); the
    groups no confirming file separates; and the releases named exactly with
    them, per naming scheme. Fails when a range needs more than
    MAX_CONFIRMING_REQUESTS.
    """
    order = {r.version: i for i, r in enumerate(releases)}
    eligible = sorted(confirmable_paths(releases))
    full = {mode: {path: hash_classes(releases, path, lambda r, p: served_hash(r, p, mode)) for path in eligible} for mode in ("hashed", "unhashed")}
    ranges = login_ranges(releases, files)
    used: set[str] = set()
    for group in ranges:
        for truth in group:
            for mode in full:
                used.update(confirm(truth, [r.version for r in group], full[mode], mode, order)[1])
    tables = {mode: {path: full[mode][path] for path in sorted(used)} for mode in full}
    inseparable: list[dict] = []
    exact = {"hashed": 0, "unhashed": 0}
    for group in ranges:
        by_content: dict[tuple, list[Release]] = {}
        for release in group:
            by_content.setdefault(tuple(release.confirmable.get(p) for p in eligible), []).append(release)
        for same in by_content.values():
            if len(same) > 1:
                inseparable.append({"releases": [r.version for r in same], "differingFiles": differing_static(same)})
        for truth in group:
            for mode in exact:
                left, _ = confirm(truth, [r.version for r in group], tables[mode], mode, order)
                expected = next(same for same in by_content.values() if truth in same)
                if left != [r.version for r in expected]:
                    raise SystemExit(f"{truth.version} ({mode}): the confirming files leave {left}, not {[r.version for r in expected]}: raise MAX_CONFIRMING_REQUESTS?")
                exact[mode] += len(left) == 1
    unhashed = {path: classes for path, classes in tables["unhashed"].items() if classes != tables["hashed"][path]}
    return tables["hashed"], unhashed, inseparable, exact


def compile_data(releases: list[Release]) -> dict:
    """
    Keeps the login page's files whose content differs between releases: for
    each such path, content hash -> the releases that ship it. A path missing
    from a release is absent from all of its hash lists (seeing it rules that
    release out). Paths equal in every release tell nothing and are dropped.
    `files` holds the hashes in the names collectstatic gives (and so the MD5
    of what a hashing storage serves); `unhashedFiles`, for the CSS Django
    rewrites, the MD5 of the file as shipped, which a storage that does not
    hash serves.
    """
    versions = [r.version for r in releases]
    referenced = sorted(set().union(*(r.login_references for r in releases)))
    for release in releases:
        mapped = sorted(p for p in release.login_references if p.endswith(".js") and p in release.source_mapped)
        if mapped:
            raise SystemExit(f"{release.version}: {mapped} carry sourceMappingURL, which Django rewrites: teach this script that rewrite first")
    files: dict[str, dict[str, list[str]]] = {}
    unhashed: dict[str, dict[str, list[str]]] = {}
    for path in referenced:
        classes = hash_classes(releases, path, Release.named_hash)
        if not classes:
            continue  # referenced, but shipped by no release (another app's file)
        if len(classes) == 1 and len(next(iter(classes.values()))) == len(versions):
            continue
        files[path] = classes
        if any(path in r.manifest_hashes for r in releases):
            unhashed[path] = hash_classes(releases, path, lambda r, p: r.hashes.get(p))
    confirming, confirming_unhashed, inseparable, exact = compile_confirming(releases, files)
    named_by_login_page = len(versions) - sum(len(group) for group in login_ranges(releases, files))
    queries = {}
    for release in releases:
        value = version_query(release.version, release.installed_apps) if release.installed_apps is not None else None
        if value is not None:
            queries[value] = release.version
    return {
        "compiledAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source": "the wheel of every final Wagtail release on PyPI since 4.1 (https://pypi.org/pypi/wagtail/json), hashed by scripts/wagtail-fingerprints.py",
        "hash": "first 12 hex digits of the MD5 of the file as collected: the hash ManifestStaticFilesStorage puts in its name",
        "releases": versions,
        "files": files,
        "unhashedFiles": unhashed,
        "confirmingScheme": f"admin files the probe may request (at most {MAX_CONFIRMING_REQUESTS}) where the login page leaves several releases, as files and unhashedFiles: the hash in the collected name, and where it differs the MD5 of the file as shipped",
        "maxConfirmingRequests": MAX_CONFIRMING_REQUESTS,
        "confirmingFiles": confirming,
        "confirmingUnhashedFiles": confirming_unhashed,
        "inseparable": inseparable,
        "exactReleases": {
            "loginPage": named_by_login_page,
            "withConfirmingHashed": named_by_login_page + exact["hashed"],
            "withConfirmingUnhashed": named_by_login_page + exact["unhashed"],
        },
        "versionQueryScheme": "since 6.3: sha1(version + ''.join(INSTALLED_APPS)).hexdigest()[:8]; before: SHA-1 of the version and SECRET_KEY. Listed: the value for the INSTALLED_APPS of `wagtail start`'s project template",
        "versionQueryOfProjectTemplate": queries,
    }


def check(data: dict, releases: list[Release]) -> list[str]:
    """Every committed entry, for the releases given, as the wheels say: membership in both directions."""
    problems = []
    for release in releases:
        if release.version not in data["releases"]:
            problems.append(f"{release.version}: not in the data's release list")
            continue
        tables = (("files", Release.named_hash), ("unhashedFiles", lambda r, p: r.hashes.get(p)), ("confirmingFiles", lambda r, p: served_hash(r, p, "hashed")), ("confirmingUnhashedFiles", lambda r, p: served_hash(r, p, "unhashed")))
        for table, digest_of in tables:
            for path, classes in data[table].items():
                listed = [digest for digest, versions in classes.items() if release.version in versions]
                actual = digest_of(release, path)
                if len(listed) > 1:
                    problems.append(f"{release.version} {table} {path}: listed under {len(listed)} hashes")
                elif actual != (listed[0] if listed else None):
                    problems.append(f"{release.version} {table} {path}: data says {listed[0] if listed else '(absent)'}, the wheel has {actual or '(absent)'}")
        query = version_query(release.version, release.installed_apps) if release.installed_apps else None
        committed = [value for value, version in data["versionQueryOfProjectTemplate"].items() if version == release.version]
        if committed != ([query] if query else []):
            problems.append(f"{release.version} ?v=: data says {committed}, the wheel gives {query}")
    problems.extend(check_inseparable(data, releases))
    return problems


def check_inseparable(data: dict, releases: list[Release]) -> list[str]:
    """Two releases read are in one inseparable group exactly when no confirming-eligible file differs between them and the login page cannot tell them apart; the group's differing files are those that differ between its members read."""
    problems = []
    group_of = {version: i for i, group in enumerate(data["inseparable"]) for version in group["releases"]}
    eligible = confirmable_paths(releases)
    for i, a in enumerate(releases):
        for b in releases[i + 1 :]:
            alike = all(a.named_hash(p) == b.named_hash(p) for p in data["files"]) and all(a.confirmable.get(p) == b.confirmable.get(p) for p in eligible)
            together = a.version in group_of and group_of.get(a.version) == group_of.get(b.version)
            if alike != together:
                problems.append(f"{a.version} and {b.version}: data says {'inseparable' if together else 'separable'}, the wheels say {'inseparable' if alike else 'separable'}")
    for group in data["inseparable"]:
        read = [r for r in releases if r.version in group["releases"]]
        if len(read) < 2:
            continue
        differing = set(differing_static(read))
        listed = set(group["differingFiles"])
        complete = len(read) == len(group["releases"])
        if not differing <= listed or (complete and differing != listed):
            problems.append(f"{', '.join(group['releases'])}: data says their static files differ in {sorted(listed)}, the wheels read say {sorted(differing)}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", help="comma-separated versions (default: every final release since 4.1, from PyPI)")
    parser.add_argument("--wheel-dir", type=Path, default=DEFAULT_WHEEL_DIR, help=f"wheel cache (default {DEFAULT_WHEEL_DIR})")
    parser.add_argument("--site-packages", type=Path, action="append", default=[], help="a site-packages with Wagtail installed: read instead of a wheel (repeatable)")
    parser.add_argument("--offline", action="store_true", help="use only wheels already in --wheel-dir; never download")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the data (default src/wagtail/data/fingerprints.json)")
    parser.add_argument("--check", type=Path, help="compare this data file's entries with the releases read; write nothing")
    args = parser.parse_args(argv)

    trees: dict[str, Tree] = {}
    for root in args.site_packages:
        trees[site_packages_version(root)] = SitePackagesTree(root)
    if args.releases:
        versions = [v.strip() for v in args.releases.split(",") if v.strip()]
    elif args.site_packages and (args.offline or args.check):
        versions = sorted(trees, key=version_key)
    else:
        versions = pypi_releases()
    for version in versions:
        if version in trees:
            continue
        path = wheel_path(version, args.wheel_dir)
        if path is None:
            if args.offline:
                print(f"no wheel for wagtail {version} in {args.wheel_dir} (--offline)", file=sys.stderr)
                return 2
            path = download_wheel(version, args.wheel_dir)
        trees[version] = WheelTree(path)

    releases = [read_release(v, trees[v]) for v in sorted(versions, key=version_key)]
    if args.check:
        data = json.loads(args.check.read_text())
        problems = check(data, releases)
        for problem in problems:
            print(problem)
        print(f"checked {len(data['files'])} paths for {', '.join(r.version for r in releases)}: {len(problems)} problem(s)")
        return 1 if problems else 0

    data = compile_data(releases)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
    print(f"wrote {args.out}: {len(data['releases'])} releases, {len(data['files'])} paths, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
