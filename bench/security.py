#!/usr/bin/env python
"""Security figures of the site as a visitor on the internet meets it.

Serves the demo content with the production settings and gunicorn behind a pretend TLS proxy
(every request carries ``X-Forwarded-Proto: https``; ``TRUSTED_PROXY_COUNT=1`` and the client's
address in ``X-Forwarded-For``), then prints:

* **Header scores**, Mozilla HTTP Observatory style, for ``/``, ``/resources/``, a field note,
  ``/search/?q=x``, the Book a Call page and ``/admin/login/``: the Observatory's tests and
  score modifiers (Content-Security-Policy, cookies, Referrer-Policy, HSTS,
  X-Content-Type-Options, X-Frame-Options, redirection to HTTPS, Cross-Origin-Resource-Policy),
  from a base of 100; A+ is 100 or more.
* **Sign-in lockout**: how many wrong passwords in a row the admin takes before it locks, what the
  right password gets then, the lock per account (another address) and per client (another
  account), and the guesses per minute that page-password forms and password reset allow.

    .venv/bin/python bench/security.py [--port 18010]

A throwaway SQLite database (or DATABASE_URL, whose tables are rebuilt), Redis as the cache
(CACHE_URL, default redis://127.0.0.1:6379/15).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
HOST = "andor.example"
PASSWORD = "bench-editor-password-" + os.urandom(6).hex()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(args, env, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


class Browser:
    """One client: its own cookies, its own address as the proxy reports it."""

    def __init__(self, port, address="203.0.113.10"):
        self.port = port
        self.address = address
        self.cookies = {}

    def request(self, method, path, data=None, proto="https"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": proto,
            "X-Forwarded-For": self.address,
            "User-Agent": "bench",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}{path}"
            headers["Origin"] = f"https://{HOST}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        headers = response.getheaders()
        for name, value in headers:
            if name.lower() == "set-cookie":
                cookie = SimpleCookie()
                cookie.load(value)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
        connection.close()
        return response.status, headers, content.decode("utf-8", "replace")

    def form_post(self, path, data):
        """GET the form (for its CSRF token), then POST it as a browser would."""
        _, _, html = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if match:
            data = {"csrfmiddlewaretoken": match.group(1), **data}
        return self.request("POST", path, data)


# --- Observatory-style scoring ------------------------------------------------------------------


def header(headers, name):
    values = [v for k, v in headers if k.lower() == name.lower()]
    return values[-1] if values else None


def csp_test(headers):
    value = header(headers, "Content-Security-Policy")
    if not value:
        return "csp-not-implemented", -25
    policy = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = [w.lower() for w in words[1:]]
    default = policy.get("default-src")
    script = policy.get("script-src", default)
    style = policy.get("style-src", default)
    if script is None or (default is None and "object-src" not in policy):
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-inline'" in script or "data:" in script or "*" in script:
        return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in script:
        return "csp-implemented-with-unsafe-eval", -10
    if any(s.startswith("http:") for values in policy.values() for s in values):
        return "csp-implemented-with-insecure-scheme", -20
    if style and "'unsafe-inline'" in style:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 0


def cookies_test(headers):
    cookies = [v for k, v in headers if k.lower() == "set-cookie"]
    if not cookies:
        return "cookies-not-found", 0
    all_samesite = True
    for raw in cookies:
        attributes = [part.strip().lower() for part in raw.split(";")]
        name = raw.split("=", 1)[0].strip().lower()
        secure = "secure" in attributes
        httponly = "httponly" in attributes
        samesite = any(a.startswith("samesite=") for a in attributes)
        session = "session" in name
        if session and not secure:
            return "cookies-session-without-secure-flag", -40
        if session and not httponly:
            return "cookies-session-without-httponly-flag", -30
        if "csrf" in name and not samesite:
            return "cookies-anticsrf-without-samesite-flag", -20
        if not secure:
            return "cookies-without-secure-flag", -20
        all_samesite &= samesite
    if all_samesite:
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def referrer_test(headers):
    value = (header(headers, "Referrer-Policy") or "").lower()
    private = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    if not value:
        return "referrer-policy-not-implemented", 0
    if value.split(",")[-1].strip() in private:
        return "referrer-policy-private", 5
    return "referrer-policy-unsafe", -5


def hsts_test(headers):
    value = header(headers, "Strict-Transport-Security")
    if not value:
        return "hsts-not-implemented", -20
    match = re.search(r"max-age=(\d+)", value)
    if not match:
        return "hsts-header-invalid", -20
    if int(match.group(1)) < 15_768_000:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def nosniff_test(headers):
    if (header(headers, "X-Content-Type-Options") or "").lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-not-implemented", -5


def frame_test(headers):
    csp = (header(headers, "Content-Security-Policy") or "").lower()
    if "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp", 5
    if (header(headers, "X-Frame-Options") or "").lower() in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-not-implemented", -20


def corp_test(headers):
    value = (header(headers, "Cross-Origin-Resource-Policy") or "").lower()
    if not value:
        return "corp-not-implemented", 0
    if value in ("same-origin", "same-site"):
        return f"corp-implemented-with-{value}", 0
    if value == "cross-origin":
        return "corp-implemented-with-cross-origin", 0
    return "corp-header-invalid", -5


def redirect_test(browser, path):
    status, headers, _ = browser.request("GET", path, proto="http")
    location = header(headers, "Location") or ""
    if status in (301, 302, 307, 308) and location.startswith(f"https://{HOST}"):
        return "redirection-to-https", 0
    return "redirection-not-to-https", -20


TESTS = [csp_test, cookies_test, referrer_test, hsts_test, nosniff_test, frame_test, corp_test]


def grade(score):
    for floor, letter in [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-")]:
        if score >= floor:
            return letter
    return "C or lower"


def score_page(port, path):
    browser = Browser(port)
    status, headers, _ = browser.request("GET", path)
    results = [test(headers) for test in TESTS] + [redirect_test(Browser(port), path)]
    penalties = sum(m for _, m in results if m < 0)
    bonuses = sum(m for _, m in results if m > 0)
    score = 100 + penalties
    if score >= 90:  # the Observatory gives extra credit only to sites already at 90
        score += bonuses
    return {
        "page": path,
        "status": status,
        "score": score,
        "grade": grade(score),
        "tests": {name: modifier for name, modifier in results},
    }


# --- Lockout figures ---------------------------------------------------------------------------


def sign_in(browser, username, password):
    status, headers, html = browser.form_post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    if status == 302:
        return "signed in"
    if status == 429:
        return "locked"
    return "wrong password"


def lockout_figures(port, env, attempts):
    attacker = Browser(port, "203.0.113.66")
    answers = []
    started = time.perf_counter()
    for _ in range(attempts):
        answers.append(sign_in(attacker, "editor", "guess-" + os.urandom(4).hex()))
    elapsed = time.perf_counter() - started
    accepted_tries = answers.index("locked") if "locked" in answers else len(answers)
    figures = {
        "wrong_passwords_sent": attempts,
        "answered_wrong_password_before_lock": accepted_tries,
        "answered_locked": answers.count("locked"),
        "right_password_same_client_while_locked": sign_in(attacker, "editor", PASSWORD),
        "right_password_other_client_while_locked": sign_in(
            Browser(port, "198.51.100.20"), "editor", PASSWORD
        ),
        "other_account_from_locked_client": sign_in(attacker, "someone-else", "x"),
        "seconds_for_all_attempts": round(elapsed, 1),
    }
    _, _, html = Browser(port, "198.51.100.20").form_post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}
    )
    message = re.search(r"Too many failed sign-in attempts[^<]*", html)
    figures["message"] = message.group(0).strip() if message else ""
    manage(["axes_reset_username", "editor"], env)
    manage(["axes_reset_ip", "203.0.113.66"], env)
    figures["right_password_after_unlock_command"] = sign_in(
        Browser(port, "198.51.100.21"), "editor", PASSWORD
    )
    return figures


def guesses_per_minute(port, path, field_data, count=40):
    browser = Browser(port, "203.0.113.77")
    statuses = [browser.form_post(path, field_data)[0] for _ in range(count)]
    return {
        "sent": count,
        "answered_before_429": next((i for i, s in enumerate(statuses) if s == 429), count),
        "answered_429": statuses.count(429),
    }


PAGE_PASSWORD = "open-sesame-" + os.urandom(4).hex()
PAGE_PASSWORD_SETUP = f"""
from wagtail.models import Page, PageViewRestriction
page = Page.objects.get(slug="book-a-call")
restriction = PageViewRestriction.objects.create(page=page, restriction_type="password",
                                                  password="{PAGE_PASSWORD}")
print(restriction.pk, page.pk)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--attempts", type=int, default=230)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="andor-bench-security-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'bench.sqlite3'}"
    if database_url.startswith("postgres"):
        from render_pages import prepare_postgres  # noqa: PLC0415

        prepare_postgres(database_url)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="andor_site.settings.production",
        SECRET_KEY="bench-" + os.urandom(24).hex(),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DATABASE_URL=database_url,
        CACHE_URL=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/15"),
        MEDIA_ROOT=str(work / "media"),
        STATIC_ROOT=str(work / "static"),
        TRUSTED_PROXY_COUNT="1",
        ADMIN_REQUIRE_2FA="True",
        LOG_LEVEL="ERROR",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        EMAIL_URL="dummymail://",
    )
    manage(["migrate", "--noinput"], env)
    manage(["load_demo_content"], env)
    manage(["collectstatic", "--noinput"], env)
    manage(["createsuperuser", "--noinput", "--username", "editor", "--email", "e@x.org"], env)
    restriction_id, page_id = manage(["shell", "-c", PAGE_PASSWORD_SETUP], env).split()[-2:]
    import redis

    redis.Redis.from_url(env["CACHE_URL"]).flushdb()

    port = options.port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "andor_site.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "error"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        _, _, html = Browser(port).request("GET", "/resources/")
        note = re.search(r'href="(/resources/[a-z0-9-]+/)"', html).group(1)
        pages = ["/", "/resources/", note, "/search/?q=x", "/book-a-call/", "/admin/login/"]
        rows = [score_page(port, path) for path in pages]
        for row in rows:
            print(json.dumps(row))
        print()
        print(f"{'page':45} {'status':>6} {'score':>6} grade")
        for row in rows:
            print(f"{row['page']:45} {row['status']:>6} {row['score']:>6} {row['grade']}")
        print()

        lockout = lockout_figures(port, env, options.attempts)
        print(json.dumps({"sign_in_lockout": lockout}, ensure_ascii=False, indent=1))
        redis.Redis.from_url(env["CACHE_URL"]).flushdb()
        page_form = f"/_util/authenticate_with_password/{restriction_id}/{page_id}/"
        figures = {
            "page_password_form": guesses_per_minute(
                port, page_form, {"password": "guess", "return_url": "/book-a-call/"}
            ),
            "password_reset": guesses_per_minute(
                port, "/admin/password_reset/", {"email": "e@x.org"}, count=10
            ),
        }
        print(json.dumps(figures, indent=1))
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
