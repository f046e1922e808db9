"""Wrong: media served by Django (django.views.static.serve in urls.py, nginx proxies /media/images/ to gunicorn); static is fine."""
from .production import *  # noqa: F401,F403

STACK_SERVE_MEDIA_WITH_DJANGO = True
