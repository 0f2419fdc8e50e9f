"""Many sign-ups of one address at the same moment end in one subscriber (PostgreSQL).

Each sign-up runs in its own thread with its own database connection, so the writes really
compete; the test's own transaction stays out of their way and cleans up after them.
"""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from home.models import SiteSettings
from newsletter.models import ConsentEvent, ConsentNotice, Subscriber, notice_digest

SIGNUPS = 50


@pytest.fixture
def committed_rows_removed(in_own_connection):
    """Rows committed by the threads survive the test's rollback: delete them afterwards."""
    had_settings = in_own_connection(lambda: SiteSettings.objects.exists())
    yield

    def clean():
        Subscriber.objects.all().delete()
        ConsentNotice.objects.all().delete()
        if not had_settings:
            SiteSettings.objects.all().delete()

    in_own_connection(clean)


@pytest.mark.postgres
def test_50_concurrent_signups_in_different_cases_make_one_subscriber(db, settings, request):
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrent writers need PostgreSQL; SQLite has one writer at a time.")
    request.getfixturevalue("committed_rows_removed")
    settings.NEWSLETTER_RATE_LIMIT = "1000/m"
    label = SiteSettings._meta.get_field("newsletter_consent_label").default
    notice = notice_digest(label, "en")
    cases = ["ada@example.com", "ADA@EXAMPLE.COM", "Ada@Example.com", "aDa@eXample.CoM"]
    start = threading.Barrier(SIGNUPS)
    statuses, errors = [], []

    def sign_up(number):
        try:
            client = Client(REMOTE_ADDR=f"10.0.0.{number}")
            data = {"email": cases[number % len(cases)], "consent": "yes", "notice": notice}
            start.wait()
            statuses.append(client.post("/newsletter/subscribe/", data).status_code)
        except Exception as error:  # Reported below: the test is that there are none.
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(SIGNUPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [302] * SIGNUPS
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ada@example.com"]
    assert ConsentNotice.objects.count() == 1
    assert ConsentEvent.objects.filter(kind="granted").count() == 1
    assert len(mail.outbox) == 1
