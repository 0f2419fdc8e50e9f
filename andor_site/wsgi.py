"""WSGI entry point. Production runs ``gunicorn andor_site.wsgi`` with production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "andor_site.settings.production")

application = get_wsgi_application()
