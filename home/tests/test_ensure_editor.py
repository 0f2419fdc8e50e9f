"""ensure_editor: the development editor account, made without asking anything."""

import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command


def run():
    out = io.StringIO()
    call_command("ensure_editor", stdout=out)
    return out.getvalue()


@pytest.fixture
def development(settings, monkeypatch):
    settings.DEBUG = True
    for name in ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD", "PORT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_creates_admin_with_a_generated_password_it_prints_once(db, development):
    output = run()

    password = re.search(r"Its password \(shown once\): (\S+)", output).group(1)
    assert authenticate(username="admin", password=password).is_superuser
    assert "Sign in at http://127.0.0.1:8000/admin/" in output

    again = run()
    assert password not in again
    assert "exists (password unchanged" in again
    assert get_user_model().objects.count() == 1
    assert authenticate(username="admin", password=password) is not None


def test_follows_createsuperuser_environment_variables(db, development):
    development.setenv("DJANGO_SUPERUSER_USERNAME", "editor")
    development.setenv("DJANGO_SUPERUSER_PASSWORD", "a-chosen-password")
    development.setenv("PORT", "8001")

    output = run()

    assert authenticate(username="editor", password="a-chosen-password").is_superuser
    assert "a-chosen-password" not in output
    assert "Sign in at http://127.0.0.1:8001/admin/" in output


def test_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="development only"):
        run()
    assert not get_user_model().objects.exists()
