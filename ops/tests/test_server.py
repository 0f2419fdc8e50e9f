"""The production server as the operator runs it: gunicorn with deploy/gunicorn.conf.py and the
production settings, asked over HTTP the way a browser, a load balancer or a slow client
would."""

import http.client
import json
import time
import urllib.parse

from .conftest import unreachable_database_url


def get(url, headers=None):
    """One GET, redirects not followed: (status, headers, body)."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        path = address.path + (f"?{address.query}" if address.query else "")
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read().decode()
    finally:
        connection.close()


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_database_outage_answers_503_with_the_sites_error_page(gunicorn):
    url, read_log = gunicorn(DATABASE_URL=unreachable_database_url())

    for _ in range(10):
        status, headers, body = get(f"{url}/resources/")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "We cannot reach our content right now." in body
        assert "<header" in body and "Traceback" not in body

    status, headers, body = get(f"{url}/healthz")
    assert status == 503
    checks = json.loads(body)["checks"]
    assert checks["database"]["ok"] is False

    time.sleep(0.5)
    records = json_lines(read_log())
    requests = [r for r in records if r["name"] == "andor.request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", "/resources/", 503)
    ] * 10
    assert all(isinstance(r["duration_ms"], float) for r in requests)
    # The outage is written once, with its traceback, not once per request.
    errors = [r for r in records if r.get("exc_info")]
    assert len(errors) == 1
    assert "OperationalError" in errors[0]["exc_info"]


def test_a_redis_outage_is_logged_once_not_once_per_request(gunicorn, site_database):
    url, read_log = gunicorn(CACHE_URL="redis://127.0.0.1:1/0", **site_database)

    for _ in range(20):
        status, _, body = get(f"{url}/resources/")
        assert status == 200
        assert "Twelve questions we hear most often." in body

    time.sleep(0.5)
    records = json_lines(read_log())
    assert len([r for r in records if r["name"] == "andor.request"]) == 20
    outage = [r for r in records if r["name"] == "django_redis.cache"]
    # The first failure of each kind is written with its traceback; each page meets it dozens
    # of times, so once per request would already be 20 lines.
    assert 1 <= len(outage) <= 2, outage
    assert all("ConnectionError" in r["exc_info"] for r in outage)


def test_the_request_log_keeps_no_query_string_or_token(gunicorn, site_database):
    url, read_log = gunicorn(**site_database)

    get(f"{url}/search/?q=someone%40example.com")
    get(f"{url}/newsletter/unsubscribe/c29tZW9uZUBleGFtcGxlLmNvbQ:1abc:sig/")
    get(f"{url}/healthz")

    time.sleep(0.5)
    log = read_log()
    requests = [r for r in json_lines(log) if r["name"] == "andor.request"]
    assert [r["path"] for r in requests] == ["/search/", "/newsletter/unsubscribe/:token/"]
    assert "example" not in log and "c29tZW9u" not in log


def test_health_check_answers_by_address_over_plain_http(gunicorn, site_database):
    # HTTPS redirect on and a host name the site does not serve: a load balancer asking
    # http://10.0.0.5:8000/healthz still gets the answer.
    url, _ = gunicorn(SECURE_SSL_REDIRECT="True", **site_database)

    status, headers, body = get(f"{url}/healthz", headers={"Host": "10.0.0.5:8000"})

    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert json.loads(body)["checks"] == {
        "database": {"ok": True, "ms": json.loads(body)["checks"]["database"]["ms"]},
        "cache": {"ok": True, "ms": json.loads(body)["checks"]["cache"]["ms"]},
    }
    assert get(f"{url}/resources/", headers={"Host": "127.0.0.1"})[0] == 301
