"""Two-factor sign-in: an editor enrols an authenticator from their account page, then signs
in with password and code; recovery codes work once; a lost device is reset by a command."""

import io
import re
import time
from base64 import b32decode

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import sign_in


def code_for(secret, offset=0):
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def enrol(client):
    """What an editor does on the set-up page: read the key, type the app's code."""
    html = client.get("/admin/two-factor/setup/").content.decode()
    secret = re.search(r"Key: <code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    response = client.post("/admin/two-factor/setup/", {"code": code_for(secret)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    return secret, codes, response


@pytest.fixture
def enrolled(client, editor):
    sign_in(client)
    secret, codes, _ = enrol(client)
    client.post("/admin/logout/")
    return secret, codes


def test_the_account_page_leads_to_enrolment(client, editor):
    sign_in(client)
    account = client.get("/admin/account/").content.decode()
    assert "Two-factor sign-in" in account and "/admin/two-factor/" in account
    page = client.get("/admin/two-factor/").content.decode()
    assert "Two-factor sign-in is <strong>off</strong>" in page

    html = client.get("/admin/two-factor/setup/").content.decode()
    assert "<svg" in html  # the QR code, inline: no image request, no inline script
    assert "<script" not in html.split('<main class="content-wrapper"')[1]

    secret, codes, response = enrol(client)
    assert "Your recovery codes" in response.content.decode()
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert "<strong>on</strong>" in client.get("/admin/two-factor/").content.decode()


def test_a_wrong_code_does_not_enrol(client, editor):
    sign_in(client)
    client.get("/admin/two-factor/setup/")
    response = client.post("/admin/two-factor/setup/", {"code": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_after_the_password_an_enrolled_editor_needs_the_code(client, enrolled):
    secret, _ = enrolled
    response = sign_in(client)
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith("/admin/two-factor/verify/")
    # Nothing of the admin opens before the code, and the rest of the site sees no one.
    assert client.get("/admin/pages/").status_code == 302
    assert client.get("/admin/api/main/pages/").status_code == 302

    wrong = client.post("/admin/two-factor/verify/", {"code": "000000", "next": "/admin/"})
    assert "That code is not right" in wrong.content.decode()
    time.sleep(1.1)  # django-otp makes each wrong code wait longer: 1 s after the first
    # The code of the next 30-second step: the current one was used to enrol, and is spent.
    right = client.post(
        "/admin/two-factor/verify/", {"code": code_for(secret, 30), "next": "/admin/"}
    )
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(client, enrolled):
    _, codes = enrolled
    sign_in(client)
    response = client.post("/admin/two-factor/verify/", {"code": codes[0]}, follow=True)
    assert "You signed in with a recovery code; 9 left" in response.content.decode()
    assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    sign_in(client)
    again = client.post("/admin/two-factor/verify/", {"code": codes[0]})
    assert "That code is not right, or was already used" in again.content.decode()
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, editor):
    sign_in(client)
    _, old, _ = enrol(client)
    response = client.post("/admin/two-factor/recovery-codes/")
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=editor).count() == 10


def test_with_2fa_required_an_editor_without_it_must_enrol_first(client, editor, settings):
    settings.ADMIN_REQUIRE_2FA = True
    sign_in(client)
    response = client.get("/admin/pages/")
    assert response["Location"].startswith("/admin/two-factor/setup/")
    page = client.get(response["Location"]).content.decode()
    assert "asks every editor for a code" in page
    enrol(client)
    assert client.get("/admin/pages/").status_code == 200
    # It cannot be turned off while required.
    client.post("/admin/two-factor/remove/")
    assert TOTPDevice.objects.filter(user=editor).exists()


def test_without_the_requirement_an_editor_may_turn_it_off(client, editor):
    sign_in(client)
    enrol(client)
    client.post("/admin/two-factor/remove/")
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_the_requirement_is_on_in_production_and_off_in_development():
    import subprocess
    import sys

    def value(module):
        code = f"import {module} as s; print(s.ADMIN_REQUIRE_2FA)"
        env = {"SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert value("andor_site.settings.production") == "True"
    assert value("andor_site.settings.dev") == "False"


def test_a_lost_device_is_reset_with_a_command(client, enrolled, settings):
    settings.ADMIN_REQUIRE_2FA = True
    out = io.StringIO()
    call_command("reset_two_factor", "editor", stdout=out)
    assert "Removed 2 two-factor device(s) of “editor”" in out.getvalue()
    sign_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")


def test_an_unverified_session_counts_as_signed_out_on_the_site(client, enrolled, home_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=home_page, restriction_type="login")
    sign_in(client)
    response = client.get("/")
    assert response.status_code == 302 and "/_util/login/" in response["Location"]
    assert Client().get("/").status_code == 302
