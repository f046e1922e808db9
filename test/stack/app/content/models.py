"""Page models of the test stack: a home page and content pages whose rich
text and StreamField link documents and show images in several renditions."""
from django.db import models
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class StackPage(Page):
    """Full URLs follow the request's origin.

    One database serves every profile, each on its own 127.0.0.1 port and
    scheme, so a single Site record cannot name them all (and Site.root_url
    says http:// for any port but 443). Sitemaps and og:image then point back
    at the profile that was asked.
    """

    class Meta:
        abstract = True

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or request is None or parts[1] is None:
            return parts
        site_id, _site_root_url, page_path = parts
        return site_id, f"{request.scheme}://{request.get_host()}", page_path


class HomePage(StackPage):
    body = RichTextField(blank=True)
    hero = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    subpage_types = ["content.ContentPage"]


class ContentPage(StackPage):
    intro = RichTextField(blank=True)
    hero = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageChooserBlock()),
            ("document", DocumentChooserBlock()),
            ("gallery", blocks.ListBlock(ImageChooserBlock())),
        ],
        blank=True,
    )

    parent_page_types = ["content.HomePage"]
    subpage_types = []
