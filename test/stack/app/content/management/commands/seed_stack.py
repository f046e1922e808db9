"""Seed the deterministic content of the test stack, then write seed.json.

Idempotent: every object is looked up by a natural key (collection name,
document or image title, page slug) and created only when missing, so a second
run creates nothing and every id stays the same. Files are generated here
(PDF, CSV, HTML, SVG, PNG, JPEG), small and byte-for-byte reproducible.

seed.json (in the data directory) lists what the profiles describe: documents
with their serve and direct URLs, pages with their restrictions, images with
their original and rendition URLs, all as root-relative paths.
"""
import io
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.rich_text import RichText

from content.models import ContentPage, HomePage

Document = get_document_model()
Image = get_image_model()

# Known passwords: the probe's canaries and the tests need them.
COLLECTION_PASSWORD = "board-stack-password"
PAGE_PASSWORD = "page-stack-password"

# The least-privilege monitor account of every profile (test/stack/README.md):
# it may open the admin and choose the canaries' documents, and edit (never
# publish) the one page whose edit view the probe reads: Wagtail's edit view
# needs "change" (PagePermissionTester.can_edit), there is no read-only grant.
MONITOR_USERNAME = "wagtail-probe-monitor"
MONITOR_PASSWORD = "monitor-stack-password"
MONITOR_GROUP = "wagtail-probe monitors"
MONITOR_COLLECTIONS = ["Members", "Board"]
MONITOR_EDIT_PAGE = "members-area"

ARTICLE_COUNT = 28  # plus the two private pages: 30 content pages


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    filename: str
    collection: str  # "Public", "Members" (login) or "Board" (password)


DOCUMENTS = [
    DocumentSpec("Annual report", "report.pdf", "Public"),
    DocumentSpec("Open data", "data.csv", "Public"),
    DocumentSpec("Brochure", "brochure.html", "Public"),
    DocumentSpec("Logo", "logo.svg", "Public"),
    DocumentSpec("Members minutes", "members-minutes.pdf", "Members"),
    DocumentSpec("Salaries", "salaries.csv", "Members"),
    # Same name as the public report: Django stores it as report_<7 random chars>.pdf.
    DocumentSpec("Members report", "report.pdf", "Members"),
    DocumentSpec("Board plan", "board-plan.pdf", "Board"),
    DocumentSpec("Board budget", "board-budget.csv", "Board"),
]

RESTRICTION_OF_COLLECTION = {"Public": None, "Members": "login", "Board": "password"}

IMAGES = [
    ("Photo 01", "photo-01.jpg"),
    ("Photo 02", "photo-02.jpg"),
    ("Photo 03", "photo-03.jpg"),
    ("Photo 04", "photo-04.jpg"),
    ("Diagram 01", "diagram-01.png"),
    ("Diagram 02", "diagram-02.png"),
]

# Shown on article-02 only (the pages above rotate through IMAGES). Its 50-char
# stem is longer than Wagtail keeps in a rendition's name (59 chars minus the
# "<key>.<spec>.<ext>" part: 37 for width-400), while "original_images/<name>"
# stays under the 95 chars at which Wagtail trims originals: the renditions'
# names are cut, the original keeps its full name.
LONG_NAME_IMAGE = ("Harbour panorama", "harbour-at-dawn-from-the-old-lighthouse-panorama-1.jpg")
LONG_NAME_ARTICLE = 2

# Every filter spec the templates and rich text use, generated ahead of time
# so that no gunicorn worker ever writes a rendition (rendering the pages below
# creates the same ones; this list also covers images only private pages show).
RENDITION_SPECS = [
    "fill-300x200",
    "fill-1200x630",
    "width-400",
    "width-500",
    "width-800",
    "width-400|format-webp",
    "format-webp|width-600",
    "format-jpeg|width-600",
]


def unsigned(url: str) -> str:
    """A storage URL without its signature (seed.json outlives any signed URL); other URLs as they are."""
    parts = urlsplit(url)
    if "X-Amz-Signature=" not in parts.query:
        return url
    return urlunsplit(parts._replace(query=""))


def pdf_bytes(text: str) -> bytes:
    """A minimal valid one-page PDF showing `text`."""
    safe = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def document_bytes(spec: DocumentSpec) -> bytes:
    """Small files whose bytes name the document, so a leak is recognisable."""
    marker = f"wagtail-probe stack document: {spec.title} ({spec.collection})"
    extension = spec.filename.rsplit(".", 1)[-1]
    if extension == "pdf":
        return pdf_bytes(marker)
    if extension == "csv":
        rows = ["id,label,amount"] + [f"{n},{spec.title} row {n},{n * 125}" for n in range(1, 6)]
        return ("\n".join([f"# {marker}", *rows]) + "\n").encode()
    if extension == "html":
        return (
            "<!DOCTYPE html>\n<html><head><title>" + spec.title + "</title></head>\n"
            f"<body><h1>{spec.title}</h1><p>{marker}</p>\n"
            # An inline script: served inline from the site's origin this would run.
            "<script>window.stackDocument = 'brochure';</script></body></html>\n"
        ).encode()
    if extension == "svg":
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">\n'
            f"<title>{marker}</title>\n"
            '<circle cx="60" cy="60" r="50" fill="#43b1b0"/></svg>\n'
        ).encode()
    raise CommandError(f"no generator for {spec.filename}")


def image_bytes(index: int, filename: str) -> bytes:
    """A deterministic gradient with a few shapes; JPEG or PNG by extension."""
    is_jpeg = filename.endswith(".jpg")
    width, height = (1200, 800) if is_jpeg else (600, 400)
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        shade = y * 255 // height
        draw.line([(0, y), (width, y)], fill=((shade + 40 * index) % 256, (90 + 25 * index) % 256, 255 - shade))
    for k in range(3):
        left = (k + 1) * width // 5 + 13 * index
        top = height // 4 + 17 * k
        draw.ellipse([left, top, left + width // 6, top + height // 4], fill=(255, 255 - 60 * k, 40 * index % 256))
    draw.rectangle([20, height - 80, 20 + 30 * (index + 1), height - 20], fill=(20, 20, 20))
    buffer = io.BytesIO()
    if is_jpeg:
        picture.save(buffer, format="JPEG", quality=85)
    else:
        picture.save(buffer, format="PNG")
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Seed the deterministic content of the wagtail-probe test stack and write seed.json."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="where to write seed.json")

    def handle(self, *args, output, **options):
        collections = self.seed_collections()
        documents = self.seed_documents(collections)
        images = self.seed_images()
        long_name_image = self.seed_image(len(IMAGES), *LONG_NAME_IMAGE)
        home = self.seed_home(images, documents)
        pages = self.seed_pages(home, images, long_name_image, documents)
        every_image = [*images, long_name_image]
        self.render_every_rendition(every_image)
        self.render_public_pages(pages)
        self.seed_monitor(collections)
        facts = self.describe(collections, documents, every_image, [home, *pages])
        Path(output).write_text(json.dumps(facts, indent=2) + "\n")
        self.stdout.write(
            f"seeded {len(documents)} documents, {len(every_image)} images, {len(pages) + 1} pages -> {output}"
        )

    # --- collections and documents ---

    def seed_collections(self) -> dict[str, Collection]:
        root = Collection.get_first_root_node()
        collections = {}
        for name in ["Public", "Members", "Board"]:
            collection = root.get_children().filter(name=name).first()
            if collection is None:
                collection = root.add_child(name=name)
            collections[name] = collection
        CollectionViewRestriction.objects.get_or_create(
            collection=collections["Members"], restriction_type=CollectionViewRestriction.LOGIN
        )
        CollectionViewRestriction.objects.get_or_create(
            collection=collections["Board"],
            restriction_type=CollectionViewRestriction.PASSWORD,
            defaults={"password": COLLECTION_PASSWORD},
        )
        return collections

    def seed_documents(self, collections) -> dict[str, Document]:
        documents = {}
        for spec in DOCUMENTS:
            document = Document.objects.filter(title=spec.title).first()
            if document is None:
                document = Document(title=spec.title, collection=collections[spec.collection])
                document.file.save(spec.filename, ContentFile(document_bytes(spec)), save=False)
                document.save()
                document.get_file_size()  # both store what they compute
                document.get_file_hash()
            documents[spec.title] = document
        return documents

    # --- images ---

    def seed_images(self) -> list:
        return [self.seed_image(index, title, filename) for index, (title, filename) in enumerate(IMAGES)]

    def seed_image(self, index: int, title: str, filename: str):
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(image_bytes(index, filename)), name=filename)
            if index == 0:
                # A focal point: fill renditions then carry its key in their names.
                image.focal_point_x, image.focal_point_y = 420, 300
                image.focal_point_width, image.focal_point_height = 200, 160
            image.save()
            image.get_file_size()  # both store what they compute
            image.get_file_hash()
        return image

    def render_every_rendition(self, images):
        for image in images:
            image.get_renditions(*RENDITION_SPECS)

    # --- pages ---

    def seed_home(self, images, documents) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            public = [d for d in documents.values() if d.collection.name == "Public"]
            links = "".join(f'<li><a linktype="document" id="{d.id}">{d.title}</a></li>' for d in public)
            home = root.add_child(
                instance=HomePage(
                    title="Home",
                    slug="stack-home",
                    hero=images[0],
                    body=f"<p>The wagtail-probe test stack.</p><ul>{links}</ul>",
                )
            )
            # Wagtail's migrations create a welcome page and a site on it: replace both.
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Stack"},
            )
            Page.objects.filter(depth=2).exclude(id=home.id).delete()
        return home

    def seed_pages(self, home, images, long_name_image, documents) -> list[ContentPage]:
        public_docs = [d for d in documents.values() if d.collection.name == "Public"]
        private_docs = [d for d in documents.values() if d.collection.name != "Public"]
        pages = []
        for n in range(1, ARTICLE_COUNT + 1):
            slug = f"article-{n:02d}"
            page = ContentPage.objects.filter(slug=slug).first()
            if page is None:
                extra = [("image", long_name_image)] if n == LONG_NAME_ARTICLE else []
                page = home.add_child(instance=self.article(n, slug, images, public_docs, private_docs, extra))
            pages.append(page)
        members = self.private_page(home, "members-area", "Members area", images, private_docs)
        PageViewRestriction.objects.get_or_create(page=members, restriction_type=PageViewRestriction.LOGIN)
        board = self.private_page(home, "board-room", "Board room", images, private_docs)
        PageViewRestriction.objects.get_or_create(
            page=board, restriction_type=PageViewRestriction.PASSWORD, defaults={"password": PAGE_PASSWORD}
        )
        return [*pages, members, board]

    def article(self, n, slug, images, public_docs, private_docs, extra_blocks=()) -> ContentPage:
        hero = images[n % len(images)]
        inline = images[(n + 1) % len(images)]
        public_doc = public_docs[n % len(public_docs)]
        paragraph = (
            f"<p>Article {n} body text.</p>"
            f'<embed embedtype="image" id="{inline.id}" format="{"fullwidth" if n % 2 else "left"}" alt="{inline.title}"/>'
        )
        if n % 3 == 0:
            # Public pages link private documents too: that is how a crawler finds them.
            private = private_docs[(n // 3) % len(private_docs)]
            paragraph += f'<p>Members read <a linktype="document" id="{private.id}">{private.title}</a>.</p>'
        return ContentPage(
            title=f"Article {n:02d}",
            slug=slug,
            hero=hero,
            intro=f'<p>Article {n} links <a linktype="document" id="{public_doc.id}">{public_doc.title}</a>.</p>',
            body=[
                ("paragraph", RichText(paragraph)),
                ("image", images[(n + 2) % len(images)]),
                ("document", public_docs[(n + 1) % len(public_docs)]),
                ("gallery", [images[(n + k) % len(images)] for k in range(3)]),
                *extra_blocks,
            ],
        )

    def private_page(self, home, slug, title, images, private_docs) -> ContentPage:
        page = ContentPage.objects.filter(slug=slug).first()
        if page is None:
            links = "".join(f'<li><a linktype="document" id="{d.id}">{d.title}</a></li>' for d in private_docs)
            page = home.add_child(
                instance=ContentPage(
                    title=title, slug=slug, hero=images[1], intro=f"<p>{title}: private.</p><ul>{links}</ul>"
                )
            )
        return page

    def render_public_pages(self, pages):
        """Render every public page once: proves the templates work, and makes any rendition they use."""
        client = Client()
        restricted = set(PageViewRestriction.objects.values_list("page_id", flat=True))
        home = HomePage.objects.get()
        for page in [home, *pages]:
            if page.id in restricted:
                continue
            response = client.get(page.url)
            if response.status_code != 200:
                raise CommandError(f"{page.url} answered {response.status_code} while seeding")

    # --- the monitor account ---

    def seed_monitor(self, collections):
        group, _ = Group.objects.get_or_create(name=MONITOR_GROUP)
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        choose = Permission.objects.get(content_type__app_label="wagtaildocs", codename="choose_document")
        for name in MONITOR_COLLECTIONS:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collections[name], permission=choose)
        # "permission" is a Permission since Wagtail 5.1 (6.3, 7.0 and 8.0 alike).
        change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
        page = ContentPage.objects.get(slug=MONITOR_EDIT_PAGE)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=change)
        User = get_user_model()
        user = User.objects.filter(username=MONITOR_USERNAME).first()
        if user is None:
            user = User.objects.create_user(MONITOR_USERNAME, password=MONITOR_PASSWORD)
        user.groups.add(group)

    def describe_monitor(self) -> dict:
        """What the monitor may do, read back from the database (not from the constants above)."""
        user = get_user_model().objects.get(username=MONITOR_USERNAME)
        groups = list(user.groups.order_by("name"))
        permissions = [
            {"permission": f"{p.content_type.app_label}.{p.codename}", "scope": "global"}
            for group in groups
            for p in group.permissions.order_by("codename")
        ]
        permissions += [
            {"permission": f"{gcp.permission.content_type.app_label}.{gcp.permission.codename}", "scope": "collection",
             "collection": gcp.collection.name}
            for gcp in GroupCollectionPermission.objects.filter(group__in=groups).order_by("collection__name")
        ]  # fmt: skip
        permissions += [
            {"permission": f"{gpp.permission.content_type.app_label}.{gpp.permission.codename}", "scope": "page",
             "page": gpp.page.url, "pageId": gpp.page.id}
            for gpp in GroupPagePermission.objects.filter(group__in=groups).order_by("page__path")
        ]  # fmt: skip
        if user.is_superuser or user.is_staff or user.user_permissions.exists():
            raise CommandError(f"{MONITOR_USERNAME} must hold no rights besides its group's")
        return {
            "username": user.username,
            "password": MONITOR_PASSWORD,
            "groups": [group.name for group in groups],
            "permissions": permissions,
        }

    # --- seed.json ---

    def describe(self, collections, documents, images, pages) -> dict:
        restrictions = {r.collection_id: r for r in CollectionViewRestriction.objects.all()}
        page_restrictions = {r.page_id: r for r in PageViewRestriction.objects.all()}
        return {
            "documents": [self.describe_document(d, restrictions.get(d.collection_id)) for d in documents.values()],
            "images": [
                {
                    "id": image.id,
                    "title": image.title,
                    "original": unsigned(image.file.url),
                    "renditions": sorted(unsigned(r.url) for r in image.renditions.all()),
                }
                for image in images
            ],
            "pages": [self.describe_page(page, page_restrictions.get(page.id)) for page in pages],
            "monitor": self.describe_monitor(),
        }

    def describe_document(self, document, restriction) -> dict:
        # What was uploaded (Wagtail's file_size and file_hash, computed right after the upload),
        # not what the stored object holds now: on s3-public a later upload replaced it.
        spec = next(spec for spec in DOCUMENTS if spec.title == document.title)
        fact = {
            "id": document.id,
            "title": document.title,
            "filename": document.filename,
            "uploadedAs": spec.filename,
            "serveUrl": reverse("wagtaildocs_serve", args=[document.id, document.filename]),
            "directUrl": unsigned(document.file.url),
            "contentType": document.content_type,
            "size": document.get_file_size(),
            "sha1": document.get_file_hash(),
            "collection": document.collection.name,
            "restriction": None,
        }
        if restriction is not None:
            fact["restriction"] = restriction.restriction_type
            fact["restrictionId"] = restriction.id
            if restriction.restriction_type == CollectionViewRestriction.PASSWORD:
                fact["password"] = restriction.password
        return fact

    def describe_page(self, page, restriction) -> dict:
        fact = {"id": page.id, "title": page.title, "path": page.url, "restriction": None}
        if restriction is not None:
            fact["restriction"] = restriction.restriction_type
            if restriction.restriction_type == PageViewRestriction.PASSWORD:
                fact["password"] = restriction.password
        return fact
