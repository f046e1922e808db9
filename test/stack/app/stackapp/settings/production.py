"""The right plain-http deployment: DEBUG off, hashed static, documents through serve_view, nginx serves /media/images/ only."""
from .base import *  # noqa: F401,F403
