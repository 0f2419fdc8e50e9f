"""Rate limits count per real client: behind the configured proxies, by the address the last
proxy saw; with no proxy configured, by the connection's address whatever headers say."""

import pytest
from django.test import RequestFactory

from security.clients import client_ip

SUGGEST = "/search/suggest/"


def suggest(client, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.get(SUGGEST, {"q": "in"}, **extra).status_code


@pytest.fixture
def one_per_minute(settings, home_page):
    settings.SEARCH_RATE_LIMIT = "2/m"


def test_two_clients_behind_one_proxy_have_separate_buckets(client, settings, one_per_minute):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.5"
    assert [suggest(client, proxy, "203.0.113.7") for _ in range(3)] == [200, 200, 429]
    # Another visitor behind the same proxy is not held back by the first one's requests.
    assert suggest(client, proxy, "198.51.100.9") == 200
    # Whatever a visitor prepends to the header, the proxy's own entry is the one counted.
    assert suggest(client, proxy, "198.51.100.1, 203.0.113.7") == 429


def test_a_forged_header_changes_nothing_without_a_configured_proxy(
    client, settings, one_per_minute
):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [suggest(client, "203.0.113.7", f"198.51.100.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]


def test_the_newsletter_and_contact_limits_count_each_client(client, settings, book_a_call):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONTACT_RATE_LIMIT = "1/m"
    url = book_a_call.url
    first = client.post(url, {}, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    again = client.post(url, {}, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.post(url, {}, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.5"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.4", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.5"),  # fewer hops than proxies: the proxy itself
        (1, "not-an-address", "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_last_trusted_hop(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
