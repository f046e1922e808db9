"""WSGI entry point; gunicorn is started with DJANGO_SETTINGS_MODULE set to one profile."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stackapp.settings.production")

application = get_wsgi_application()
