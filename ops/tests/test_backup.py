"""manage.py backup and restore: a round trip through an empty database and media folder keeps
every row and every file, and the restored site serves the same pages."""

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from contact.models import ContactPage
from newsletter.models import ConsentEvent, ConsentNotice, Subscriber
from resources.models import FieldNotePage, WhitepaperDocument
from resources.models.documents import DocumentDownload
from search.models import NoResultsDailyHits

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/resources/", "/resources/lora-vs-full-sft-vs-rlhf/", "/book-a-call/"]
# Rows Django rebuilds by itself and that say nothing about the site.
NOT_COMPARED = ["contenttypes", "auth.permission", "sessions"]


def media_checksums(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def all_rows():
    output = io.StringIO()
    call_command("dumpdata", exclude=NOT_COMPARED, stdout=output)
    return sorted(json.loads(output.getvalue()), key=lambda r: (r["model"], str(r["pk"])))


def served_pages(client):
    return {path: without_csrf_token(client.get(path).content.decode()) for path in PAGES}


def without_csrf_token(html):
    """A form's CSRF token is new for every response; the rest of the page is compared."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


@pytest.fixture
def site_with_everything(transactional_db, demo_content, client):
    """The demo content plus one of each kind of row a backup must keep."""
    note = FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf")
    note.title = "A draft title, not yet published"
    note.save_revision()
    image = wagtail_factories.ImageFactory(title="Diagram")
    image.get_rendition("width-400|format-webp")
    subscriber = Subscriber.objects.create(email="reader@example.com", requested_at=timezone.now())
    ConsentEvent.objects.create(
        subscriber=subscriber,
        kind=ConsentEvent.Kind.GRANTED,
        method=ConsentEvent.Method.WEB_FORM,
        notice=ConsentNotice.for_text("Yes, send me the newsletter.", "en"),
        source_page=note,
        source_url="/resources/",
    )
    contact = ContactPage.objects.get()
    FormSubmission.objects.create(page=contact, form_data={"name": "Ada", "email": "a@b.co"})
    document = WhitepaperDocument.objects.first()
    assert client.get(document.url).status_code == 200  # counted as a download
    query = Query.get("lora")
    query.add_hit()
    SearchPromotion.objects.create(query=query, page=note, sort_order=0)
    NoResultsDailyHits.objects.create(query=Query.get("zebra"), date="2026-01-02", hits=3)
    return {"document": document}


def restore_settings(tmp_path, media_root, extra=""):
    """A settings module for the restored site: the test settings with its own media folder;
    returns the folder to put on the Python path."""
    folder = tmp_path / "restored_settings"
    folder.mkdir(exist_ok=True)
    (folder / "restored_settings.py").write_text(
        f"from andor_site.settings.test import *  # noqa\nMEDIA_ROOT = {str(media_root)!r}\n{extra}"
    )
    return folder


@pytest.fixture
def empty_database(tmp_path):
    """An empty database of the kind the suite runs on: its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restored"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as admin_connection:
        admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin_connection.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as admin_connection:
        admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def in_restored_site(tmp_path, database_url, media_root, *command, extra_settings=""):
    """Runs a management command of the site restored into database_url and media_root."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="restored_settings",
        PYTHONPATH=f"{restore_settings(tmp_path, media_root, extra_settings)}:{ROOT}",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


SHOW_PAGES = """
import json
from django.test import Client
from ops.tests.test_backup import served_pages
print(json.dumps(served_pages(Client())))
"""


def test_backup_and_restore_keep_every_row_and_file(
    site_with_everything, tmp_path, empty_database, client
):
    document = site_with_everything["document"]
    # Pages first: serving them makes the renditions they show (the social image), which the
    # backup then holds like every other row.
    pages = served_pages(client)
    rows = all_rows()
    files = media_checksums(settings.MEDIA_ROOT)
    counted = {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": WhitepaperDocument.objects.count(),
        "images": get_image_model().objects.count(),
        "subscribers": Subscriber.objects.count(),
        "consent events": ConsentEvent.objects.count(),
        "enquiries": FormSubmission.objects.count(),
        "downloads": DocumentDownload.objects.count(),
        "search promotions": SearchPromotion.objects.count(),
        "search counts": Query.objects.count(),
    }
    assert all(counted.values()), counted
    assert any(name.startswith("images/") for name in files)
    assert any(name.startswith("documents/") for name in files)

    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    media = tmp_path / "restored-media"
    restored = in_restored_site(tmp_path, empty_database, media, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "every checksum matched" in restored.stdout
    assert "SECRET_KEY" not in restored.stderr  # the same key: no warning

    dumped = in_restored_site(
        tmp_path, empty_database, media, "dumpdata", *[f"--exclude={x}" for x in NOT_COMPARED]
    )
    assert dumped.returncode == 0, dumped.stderr
    restored_rows = sorted(json.loads(dumped.stdout), key=lambda r: (r["model"], str(r["pk"])))
    assert restored_rows == rows
    assert media_checksums(media) == files

    shown = in_restored_site(tmp_path, empty_database, media, "shell", "-c", SHOW_PAGES)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == pages
    assert "Twelve questions we hear most often." in pages["/resources/"]
    served = in_restored_site(
        tmp_path,
        empty_database,
        media,
        "shell",
        "-c",
        "from django.test import Client;"
        f"r = Client().get({document.url!r});"
        "import hashlib; print(r.status_code, hashlib.sha256(b''.join(r.streaming_content))"
        ".hexdigest())",
    )
    with document.file.open("rb") as handle:
        expected = hashlib.sha256(handle.read()).hexdigest()
    assert served.stdout.strip().splitlines()[-1].split() == ["200", expected]


def test_restore_refuses_a_database_that_is_not_empty(site_with_everything, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Page.objects.count() == pages


def test_restore_refuses_a_damaged_archive_before_touching_anything(
    site_with_everything, tmp_path, empty_database
):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for info in source:
            data = source.extractfile(info).read()
            if info.name.startswith("media/documents/"):
                data = data.replace(b"%PDF", b"%PDX", 1)
            target.addfile(info, io.BytesIO(data))

    media = tmp_path / "restored-media"
    restored = in_restored_site(tmp_path, empty_database, media, "restore", str(damaged))

    assert restored.returncode != 0
    assert "Checksum mismatch for media/documents/" in restored.stderr
    assert not media.exists() or not any(media.rglob("*"))
    tables = in_restored_site(tmp_path, empty_database, media, "showmigrations", "wagtailcore")
    assert "[X]" not in tables.stdout


def test_restore_warns_when_the_secret_key_is_not_the_backed_up_one(
    site_with_everything, tmp_path, empty_database
):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    media = tmp_path / "restored-media"
    restored = in_restored_site(
        tmp_path,
        empty_database,
        media,
        "restore",
        str(archive),
        extra_settings="SECRET_KEY = 'another-key'\n",
    )
    assert restored.returncode == 0, restored.stderr
    assert "SECRET_KEY differs from the key of the backed-up site" in restored.stderr
