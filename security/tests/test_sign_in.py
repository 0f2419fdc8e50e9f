"""Signing in to the admin: lockout after repeated failures, where it lands, sessions that end,
and signing out only by POST."""

import io
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from security import sessions

from .conftest import PASSWORD, sign_in


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3


def test_signing_in_lands_on_the_admin_dashboard(client, editor):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert django_settings.LOGIN_REDIRECT_URL == "wagtailadmin_home"


def test_the_account_locks_after_the_failure_limit_and_says_when_to_retry(client, editor, limits):
    statuses = [sign_in(client, password="wrong").status_code for _ in range(3)]
    # The failure that reaches the limit is answered with the lockout already.
    assert statuses == [200, 200, 429]
    response = sign_in(client)  # the right password, too late

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-in attempts" in html
    assert "Try again after" in html and "UTC (in about 15 minutes)" in html
    assert int(response["Retry-After"]) > 14 * 60
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_lock_is_per_account_whatever_the_address(editor, limits):
    for n in range(3):
        sign_in(Client(), password="wrong", REMOTE_ADDR=f"203.0.113.{n}")
    assert sign_in(Client(), REMOTE_ADDR="198.51.100.1").status_code == 429


def test_the_lock_is_per_client_whatever_the_account(editor, limits, django_user_model):
    for n in range(3):
        sign_in(Client(), username=f"guess{n}", password="wrong", REMOTE_ADDR="203.0.113.9")
    assert sign_in(Client(), REMOTE_ADDR="203.0.113.9").status_code == 429
    # The editor signs in from elsewhere.
    assert sign_in(Client(), REMOTE_ADDR="198.51.100.1").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, editor, limits):
    for _ in range(3):
        sign_in(client, password="wrong")
    assert sign_in(client).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time.replace(year=2000)
    )
    assert sign_in(client).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, editor, limits):
    sign_in(client, password="wrong")
    sign_in(client, password="wrong")
    assert sign_in(client).status_code == 302
    client.post("/admin/logout/")
    sign_in(client, password="wrong")
    sign_in(client, password="wrong")
    assert sign_in(client).status_code == 302


def test_an_administrator_unlocks_from_the_admin(editor, limits, django_user_model):
    for _ in range(3):
        sign_in(Client(), password="wrong", REMOTE_ADDR="203.0.113.9")
    admin = django_user_model.objects.create_superuser("chief", "chief@example.com", PASSWORD)
    chief = Client()
    chief.force_login(admin)

    listing = chief.get("/admin/sign-in-lockouts/")
    html = listing.content.decode()
    assert "editor" in html and "203.0.113.9" in html and "Locked until" in html
    assert "Sign-in lockouts" in chief.get("/admin/").content.decode()

    attempt = AccessAttempt.objects.get(username="editor")
    response = chief.post(f"/admin/sign-in-lockouts/{attempt.pk}/unlock/", follow=True)
    assert "can sign in again" in response.content.decode()
    assert sign_in(Client(), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_only_superusers_see_lockouts(client, django_user_model, db):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("writer", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/sign-in-lockouts/").status_code in (302, 403)


def test_an_administrator_unlocks_with_a_command(client, editor, limits):
    for _ in range(3):
        sign_in(client, password="wrong")
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    assert sign_in(client).status_code == 302


# --- Signing out ---------------------------------------------------------------------------------


def test_signing_out_by_get_changes_nothing(client, editor):
    sign_in(client)
    session_key = client.cookies["sessionid"].value

    response = client.get("/admin/logout/")

    assert response.status_code == 405
    assert "sessionid" not in response.cookies
    assert client.cookies["sessionid"].value == session_key
    assert client.get("/admin/").status_code == 200


def test_signing_out_by_post_ends_the_session_on_the_server(client, editor):
    sign_in(client)
    session_key = client.cookies["sessionid"].value

    response = client.post("/admin/logout/")

    assert response.status_code == 302
    stolen = Client()
    stolen.cookies["sessionid"] = session_key
    assert stolen.get("/admin/").status_code == 302


# --- Session limits ------------------------------------------------------------------------------


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[getattr(sessions, key)] = now - ago
    session.save()


def test_a_session_idle_too_long_ends_with_a_message(client, editor, settings):
    settings.ADMIN_SESSION_IDLE_MINUTES = 30
    sign_in(client)
    _age_session(client, LAST_SEEN_AT=29 * 60)
    assert client.get("/admin/").status_code == 200

    _age_session(client, LAST_SEEN_AT=31 * 60)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_a_session_ends_after_its_lifetime_however_active(client, editor, settings):
    settings.ADMIN_SESSION_MAX_HOURS = 8
    sign_in(client)
    _age_session(client, SIGNED_IN_AT=8 * 3600 - 60, LAST_SEEN_AT=10)
    assert client.get("/admin/").status_code == 200

    _age_session(client, SIGNED_IN_AT=8 * 3600 + 60, LAST_SEEN_AT=10)
    response = client.get("/admin/", follow=True)
    assert "a session lasts at most 8 hours" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_lasts_the_session_lifetime_not_two_weeks(client, editor):
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD, "remember": "on", "next": "/admin/"},
    )
    assert (
        response.cookies["sessionid"]["max-age"] == django_settings.ADMIN_SESSION_MAX_HOURS * 3600
    )
    assert django_settings.SESSION_COOKIE_AGE < 14 * 24 * 3600
