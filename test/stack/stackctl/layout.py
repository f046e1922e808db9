"""Where everything lives, which profiles exist, and which ports they use."""
from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

STACK_DIR = Path(__file__).resolve().parent.parent  # test/stack
APP_DIR = STACK_DIR / "app"
# Everything a run makes; another directory (and port base) runs a second stack beside it.
STATE_DIR = Path(os.environ.get("WAGTAIL_STACK_STATE", STACK_DIR / ".state")).resolve()
RUN_DIR = STATE_DIR / "run"
LOG_DIR = STATE_DIR / "logs"
TLS_DIR = STATE_DIR / "tls"
NGINX_STATE_DIR = STATE_DIR / "nginx"
APACHE_STATE_DIR = STATE_DIR / "apache"
CADDY_STATE_DIR = STATE_DIR / "caddy"
VARNISH_STATE_DIR = STATE_DIR / "varnish"
PROFILES_JSON = STATE_DIR / "profiles.json"
# Each web server's configuration templates, rendered with the same ${STACK_...} variables.
NGINX_TEMPLATES_DIR = STACK_DIR / "nginx" / "templates"
APACHE_TEMPLATES_DIR = STACK_DIR / "apache" / "templates"
CADDY_TEMPLATES_DIR = STACK_DIR / "caddy" / "templates"
VARNISH_TEMPLATES_DIR = STACK_DIR / "varnish" / "templates"
TEMPLATE_DIRS = (NGINX_TEMPLATES_DIR, APACHE_TEMPLATES_DIR, CADDY_TEMPLATES_DIR, VARNISH_TEMPLATES_DIR)
APACHE_ERRORS_DIR = STACK_DIR / "apache" / "errors"
REQUIREMENTS_DIR = STACK_DIR / "requirements"
STORAGE_DIR = STACK_DIR / "storage"  # the storage server: moto behind our enforcing front
STORAGE_REQUIREMENTS = REQUIREMENTS_DIR / "storage.txt"
COMPOSE_FILE = STACK_DIR.parent.parent / "docker-compose.test.yml"

DEFAULT_WAGTAIL_VERSION = "8.0.1"
# Without WAGTAIL_STACK_PORT_BASE the stack takes the first of these blocks
# whose ports are all free (another checkout's stack may hold the first).
DEFAULT_PORT_BASES = (18080, 18280, 18480, 18680, 18880)
LISTEN_ADDR = "127.0.0.1"

# The order fixes the ports (see port_plan): append new profiles, never reorder.
PROFILE_NAMES = [
    "hardened",
    "whitenoise",
    "redirect-leak",
    "direct",
    "django-media",
    "unhashed-static",
    "missing-manifest",
    "debug",
    "cdn-cache",
    "apache",
    "caddy",
    "caddy-media",
    "varnish",
    "wagtail-7.0",
    "wagtail-6.3",
    "broken-editor",
    "fast",
    "slow",
    "locmem-cache",
    "s3-public",
    "s3-private",
]

# The web server that answers a profile's public ports (settings STACK_FRONT).
FRONTS = ("nginx", "apache", "caddy", "varnish")

# Offsets from the port base; each range leaves room for 40 profiles (a block is
# 162 ports, the default bases are 200 apart).
PROFILE_ROOM = 40
HTTP_OFFSET = 0  # the profile's front (nginx, Apache, Caddy, Varnish), plain http, every profile
TLS_OFFSET = 40  # the front, https, profiles with STACK_TLS
ORIGIN_OFFSET = 80  # nginx, the origin behind a caching proxy (nginx cdn-cache, Varnish)
GUNICORN_OFFSET = 120  # gunicorn, every profile
STORAGE_OFFSET = 160  # the storage server, plain http (one for every storage profile, a bucket each)
STORAGE_TLS_OFFSET = 161  # the same process, https with the stack's certificate (profiles with STACK_STORAGE_TLS)
LAST_OFFSET = STORAGE_TLS_OFFSET

# The stack's one storage key (object_storage.py has the same): a fixed test credential.
STORAGE_ACCESS_KEY = "WAGTAILPROBESTACK"
STORAGE_SECRET_KEY = "wagtail-probe-stack-storage-secret-not-a-secret"
STORAGE_REGION = "us-east-1"


@dataclass(frozen=True)
class Ports:
    http: int
    https: int | None
    origin: int | None
    gunicorn: int


@dataclass(frozen=True)
class Storage:
    """A storage profile's bucket, as its settings make it (object_storage.py)."""

    bucket: str
    signed: bool  # AWS_QUERYSTRING_AUTH: presigned URLs
    expire_seconds: int | None  # AWS_QUERYSTRING_EXPIRE when signed
    public: bool  # STACK_BUCKET_PUBLIC: public-read bucket ACL and a policy letting everyone read and list
    overwrite: bool  # AWS_S3_FILE_OVERWRITE
    default_acl: str | None  # AWS_DEFAULT_ACL: each uploaded object's canned ACL
    tls: bool  # STACK_STORAGE_TLS: AWS_S3_ENDPOINT_URL is the storage server's https listener


@dataclass(frozen=True)
class Profile:
    """What a profile's settings module says about it."""

    name: str
    index: int
    settings_module: str
    description: str
    front: str  # one of FRONTS
    tls: bool
    behind_cache: bool
    serve_method: str
    documents_api: bool
    images_api: bool
    static_dir: str  # the STATIC_ROOT folder name inside the data directory
    static_storage: str
    missing_manifest_entry: str | None
    missing_static_file: str | None
    # The Wagtail release this profile always runs (its own virtualenv and data
    # directory); None: the stack's version (WAGTAIL_VERSION, 8.0.1 by default).
    pinned_wagtail: str | None
    # gunicorn --workers (settings STACK_GUNICORN_WORKERS): locmem-cache needs several caches side by side.
    gunicorn_workers: int
    # Media in a bucket of the stack's storage server (settings STACK_OBJECT_STORAGE); None: on disk.
    storage: Storage | None

    @property
    def env_name(self) -> str:
        """The profile's name in template variables: redirect-leak -> REDIRECT_LEAK, wagtail-7.0 -> WAGTAIL_7_0."""
        return self.name.upper().replace("-", "_").replace(".", "_")

    def wagtail_version(self, stack_version: str) -> str:
        return self.pinned_wagtail or stack_version


def settings_module_of(name: str) -> str:
    return "stackapp.settings." + name.replace("-", "_").replace(".", "_")


def load_profiles(data_dir: Path) -> list[Profile]:
    """Import every profile's settings module (plain Python, Django not set up).
    Only the settings' own facts are read: STATIC_ROOT's folder name, never its parent."""
    if len(PROFILE_NAMES) > PROFILE_ROOM:
        raise ValueError(f"{len(PROFILE_NAMES)} profiles: the port plan has room for {PROFILE_ROOM} (widen it)")
    os.environ["STACK_DATA_DIR"] = str(data_dir)
    if str(APP_DIR) not in sys.path:
        sys.path.insert(0, str(APP_DIR))
    profiles = []
    for index, name in enumerate(PROFILE_NAMES):
        module_name = settings_module_of(name)
        settings = importlib.import_module(module_name)
        if settings.STACK_FRONT not in FRONTS:
            raise ValueError(f"{module_name}: STACK_FRONT {settings.STACK_FRONT!r} is none of {FRONTS}")
        profiles.append(
            Profile(
                name=name,
                index=index,
                settings_module=module_name,
                description=(settings.__doc__ or "").strip().splitlines()[0],
                front=settings.STACK_FRONT,
                tls=settings.STACK_TLS,
                behind_cache=getattr(settings, "STACK_BEHIND_CACHING_PROXY", False),
                serve_method=settings.WAGTAILDOCS_SERVE_METHOD,
                documents_api=settings.STACK_DOCUMENTS_API,
                images_api=settings.STACK_IMAGES_API,
                static_dir=Path(settings.STATIC_ROOT).name,
                static_storage=settings.STORAGES["staticfiles"]["BACKEND"],
                missing_manifest_entry=settings.STACK_MISSING_MANIFEST_ENTRY,
                missing_static_file=settings.STACK_MISSING_STATIC_FILE,
                pinned_wagtail=settings.STACK_WAGTAIL_VERSION,
                gunicorn_workers=settings.STACK_GUNICORN_WORKERS,
                storage=storage_of(settings),
            )
        )
    return profiles


def storage_of(settings) -> Storage | None:
    if not settings.STACK_OBJECT_STORAGE:
        return None
    signed = settings.AWS_QUERYSTRING_AUTH
    return Storage(
        bucket=settings.AWS_STORAGE_BUCKET_NAME,
        signed=signed,
        expire_seconds=settings.AWS_QUERYSTRING_EXPIRE if signed else None,
        public=settings.STACK_BUCKET_PUBLIC,
        overwrite=settings.AWS_S3_FILE_OVERWRITE,
        default_acl=settings.AWS_DEFAULT_ACL,
        tls=settings.STACK_STORAGE_TLS,
    )


def port_plan(profile: Profile, base: int) -> Ports:
    return Ports(
        http=base + HTTP_OFFSET + profile.index,
        https=base + TLS_OFFSET + profile.index if profile.tls else None,
        origin=base + ORIGIN_OFFSET + profile.index if profile.behind_cache else None,
        gunicorn=base + GUNICORN_OFFSET + profile.index,
    )


def storage_port(base: int, tls: bool = False) -> int:
    return base + (STORAGE_TLS_OFFSET if tls else STORAGE_OFFSET)


def storage_endpoint(base: int, tls: bool = False) -> str:
    """AWS_S3_ENDPOINT_URL of a storage profile: path-style, on 127.0.0.1, http or https."""
    return f"{'https' if tls else 'http'}://{LISTEN_ADDR}:{storage_port(base, tls)}"


def storage_profiles(profiles: list[Profile]) -> list[Profile]:
    return [p for p in profiles if p.storage is not None]


def storage_data_dir(data_dir: Path, profile: Profile) -> Path:
    """A storage profile's own database, seed.json and journal, inside its release's data directory
    (object_storage.py's profile_data_dir says the same)."""
    return data_dir / "storage" / profile.name


def base_url(profile: Profile, base: int) -> str:
    ports = port_plan(profile, base)
    if ports.https is not None:
        return f"https://{LISTEN_ADDR}:{ports.https}/"
    return f"http://{LISTEN_ADDR}:{ports.http}/"


def http_url(profile: Profile, base: int) -> str:
    return f"http://{LISTEN_ADDR}:{port_plan(profile, base).http}/"


def requirements_file(wagtail_version: str) -> Path:
    return REQUIREMENTS_DIR / f"wagtail-{wagtail_version}.txt"


def data_dir_for(wagtail_version: str) -> Path:
    return STATE_DIR / "data" / f"wagtail-{wagtail_version}"


def versions_in_use(profiles: list[Profile], stack_version: str) -> list[str]:
    """Every Wagtail release the profiles run, the stack's first (one virtualenv and data directory each)."""
    pinned = sorted({p.pinned_wagtail for p in profiles if p.pinned_wagtail} - {stack_version})
    return [stack_version, *pinned]


def pinned_version(wagtail_version: str, package: str) -> str:
    """The version of `package` pinned in the requirements of this Wagtail."""
    for line in requirements_file(wagtail_version).read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package.lower():
            return version.strip()
    raise LookupError(f"{package} is not pinned in {requirements_file(wagtail_version)}")
