"""Set the default Wagtail Site's hostname and port from the site's public address.

Every absolute address the site prints (canonical links, Open Graph tags, the sitemap,
robots.txt, feeds, structured data, links in emails) is built from the Site's hostname and port,
so deployment runs this on every deploy; it changes nothing when the address is already right.
The address comes from the argument, else ``SITE_URL``, else ``WAGTAILADMIN_BASE_URL``.
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from wagtail.models import Site


def parse_site_url(url):
    """(hostname, port) for an address such as ``https://andor.in`` or
    ``http://127.0.0.1:8000``. Wagtail builds ``https://`` addresses for port 443 and
    ``http://`` ones for any other port."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise CommandError(f"Not a web address: {url!r} (e.g. https://andor.in)") from error
    parts = urlsplit(url)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise CommandError(f"Give the site's address without a path: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https" and port != 443:
        raise CommandError("Wagtail serves https addresses on port 443 only.")
    if parts.scheme == "http" and port == 443:
        raise CommandError("Port 443 means https.")
    return parts.hostname, port


class Command(BaseCommand):
    help = "Set the default site's hostname and port from SITE_URL (safe on every deploy)."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="e.g. https://andor.in (default: SITE_URL)")

    def handle(self, *args, url=None, **options):
        url = url or os.environ.get("SITE_URL") or settings.WAGTAILADMIN_BASE_URL
        hostname, port = parse_site_url(url)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet (create one in Settings → Sites).")
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"The site's address is already {site.root_url}.")
            return
        clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
        if clash is not None:
            raise CommandError(f"Another site already has {hostname}:{port} ({clash}).")
        site.hostname, site.port = hostname, port
        site.save()
        self.stdout.write(f"The site's address is now {site.root_url}.")
