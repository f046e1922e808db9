"""Middleware of the performance profiles (fast, slow), each switched on by
a profile's settings and doing nothing otherwise."""
import time

from django.conf import settings


def _is_anonymous_page(request, response) -> bool:
    """A 200 HTML answer to a GET without cookies: what a CDN could share. Never reads the session."""
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
    )


class PageCacheControl:
    """STACK_PAGE_CACHE_CONTROL on anonymous public pages that say nothing of
    caching themselves (Wagtail's password forms send never-cache: left alone),
    and never on an answer that sets a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = settings.STACK_PAGE_CACHE_CONTROL
        if value and _is_anonymous_page(request, response) and not response.has_header("Cache-Control") and not response.cookies:
            response["Cache-Control"] = value
        return response


class TouchSession:
    """Reads the session on every request, as a visit counter or a "recently
    viewed" list does: SessionMiddleware then adds Vary: Cookie everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.session.get("stack_last_seen")  # accessed: SessionMiddleware adds Vary: Cookie
        return self.get_response(request)


class PageDelay:
    """STACK_PAGE_DELAY_MS before every page (not static or media: nginx sends
    those): a slow site whatever the machine's load."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STACK_PAGE_DELAY_MS and not request.path.startswith(("/admin/", "/documents/")):
            time.sleep(settings.STACK_PAGE_DELAY_MS / 1000)
        return self.get_response(request)
