"""What the page templates need to know of the profile: which renditions to
ask for and whether to show Wagtail's user bar (the performance profiles)."""
from django.conf import settings


def stack_pages(request):
    return {
        "stack_images": settings.STACK_RENDITION_FORMATS,
        "stack_userbar": settings.STACK_USERBAR,
    }
