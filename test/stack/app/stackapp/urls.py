"""URLs of the test stack: the project template's, plus sitemap, robots.txt,
the documents and images APIs where the profile mounts them, and Django serving media where
the profile does that (the django-media mistake)."""
from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from content.views import robots_txt

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("robots.txt", robots_txt),
]

if settings.STACK_DOCUMENTS_API or settings.STACK_IMAGES_API:
    from wagtail.api.v2.router import WagtailAPIRouter

    api_router = WagtailAPIRouter("wagtailapi")
    if settings.STACK_DOCUMENTS_API:
        from wagtail.documents.api.v2.views import DocumentsAPIViewSet

        api_router.register_endpoint("documents", DocumentsAPIViewSet)
    if settings.STACK_IMAGES_API:
        # Its meta.download_url names each original under /media/original_images/.
        from wagtail.images.api.v2.views import ImagesAPIViewSet

        api_router.register_endpoint("images", ImagesAPIViewSet)
    urlpatterns.append(path("api/v2/", api_router.urls))

if settings.STACK_SERVE_MEDIA_WITH_DJANGO:
    # What people wire in by hand when media "does not show up" in production.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve_file, {"document_root": settings.MEDIA_ROOT})
    )

if settings.DEBUG:
    # As in Wagtail's project template.
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
