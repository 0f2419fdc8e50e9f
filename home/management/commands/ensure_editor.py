"""Make sure an editor (superuser) account exists, without asking anything.

Development only. Follows ``createsuperuser --noinput``: DJANGO_SUPERUSER_USERNAME,
DJANGO_SUPERUSER_PASSWORD and DJANGO_SUPERUSER_EMAIL; without a password, one is generated and
printed once.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the development editor account if it does not exist (never in production)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_editor is for development only (DEBUG is off). In production, run "
                "'manage.py createsuperuser'."
            )
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL") or "admin@example.com"
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Editor account '{username}' exists (password unchanged; "
                f"'manage.py changepassword {username}' resets it)."
            )
            self._sign_in()
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(f"Created the editor account '{username}'."))
        if generated:
            self.stdout.write(f"Its password (shown once): {password}")
        self._sign_in()

    def _sign_in(self):
        port = os.environ.get("PORT") or "8000"
        self.stdout.write(f"Sign in at http://127.0.0.1:{port}/admin/")
