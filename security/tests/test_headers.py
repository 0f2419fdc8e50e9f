"""Security headers: a strict Content-Security-Policy on public pages, the narrowest one that
works in the admin, Permissions-Policy and the cross-origin policies."""

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from resources.demo.pdf import build_pdf
from resources.models import WhitepaperDocument


def directives(header):
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


@pytest.fixture
def pages(demo_content):
    from resources.models import FieldNotePage

    note = FieldNotePage.objects.live().first()
    return ["/", "/resources/", note.url, "/search/?q=x", "/book-a-call/"]


def test_public_pages_have_a_strict_policy(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "unsafe" not in response["Content-Security-Policy"]
        assert "Content-Security-Policy-Report-Only" not in response


def test_error_pages_have_it_too(client, db):
    assert "default-src 'self'" in client.get("/no-such-page/")["Content-Security-Policy"]


def test_the_admin_sign_in_pages_are_as_strict_as_the_public_site(client, db):
    for url in ("/admin/login/", "/admin/password_reset/"):
        header = client.get(url)["Content-Security-Policy"]
        policy = directives(header)
        assert "unsafe" not in header, url
        assert policy["script-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_the_rest_of_the_admin_has_the_narrowest_policy_it_works_under(editor_client, db):
    header = editor_client.get("/admin/")["Content-Security-Policy"]
    policy = directives(header)
    # Wagtail's widgets start themselves with inline scripts; nothing else is loosened.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "unsafe-eval" not in header
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_a_preview_gets_the_admin_policy_not_the_public_one(editor_client, demo_content):
    response = editor_client.get(f"/admin/pages/{demo_content.pk}/edit/preview/")
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


def test_report_only_and_a_report_address_come_from_settings(client, db):
    public = {"default-src": ["'self'"], "report-uri": "https://reports.example/csp"}
    with override_settings(
        CONTENT_SECURITY_POLICY=None,
        CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": public},
    ):
        response = client.get("/no-such-page/")
        assert "Content-Security-Policy" not in response
        assert (
            "report-uri https://reports.example/csp"
            in response["Content-Security-Policy-Report-Only"]
        )


def test_the_settings_follow_the_environment():
    import subprocess
    import sys

    code = (
        "import andor_site.settings.dev as s; "
        "print(s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']"
        "['report-uri'], s.ADMIN_CSP_DIRECTIVES['report-uri'])"
    )
    env = {"PATH": "/usr/bin:/bin", "CSP_REPORT_ONLY": "True", "CSP_REPORT_URI": "/csp-report/"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["None", "/csp-report/", "/csp-report/"]


def test_every_response_has_permissions_and_cross_origin_policies(client, pages):
    for url in [*pages, "/admin/login/", "/search/suggest/?q=in"]:
        response = client.get(url)
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", url


def test_a_document_keeps_wagtails_own_policy_and_has_no_content_encoding(client, db):
    document = WhitepaperDocument(title="Paper")
    document.file.save("paper.pdf", ContentFile(build_pdf("Paper", ["Text."])), save=False)
    document.save()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "Content-Encoding" not in response
