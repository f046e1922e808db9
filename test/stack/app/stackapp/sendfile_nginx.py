"""A SENDFILE_BACKEND for Wagtail's document serve_view: Django checks the
privacy, nginx sends the bytes from an `internal` location (X-Accel-Redirect).

Wagtail ships only the streaming backend; django-sendfile's nginx backend does
the same as these few lines.
"""
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse


def sendfile(request, filename, **kwargs):
    relative = Path(filename).resolve().relative_to(Path(settings.SENDFILE_ROOT).resolve())
    response = HttpResponse()
    response["X-Accel-Redirect"] = settings.SENDFILE_URL + quote(relative.as_posix())
    return response
