"""No 500 for anything a browser can send: generated input on every public URL, with every
method and form field, Unicode case-mapping oddities included. Bounded: a few thousand
requests in-process, well under a minute."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query

from newsletter import services
from newsletter.tests.factories import ConsentEventFactory
from resources.models import FieldNotePage, WhitepaperDocument

# Characters whose case mapping changes their length or is otherwise surprising, and others
# that have broken web applications: NUL, the BOM, a lone combining mark, right-to-left marks,
# a character outside the Basic Multilingual Plane.
ODDITIES = [
    "İ",
    "ı",
    "ß",
    "ẞ",
    "ﬁ",
    "ﬃ",
    "ŉ",
    "ΐ",
    "ǰ",
    "Σ",
    "ς",
    "K",
    "Å",
    "\u0307",
    "\x00",
    "\ufeff",
    "\u202e",
    "𝔸",
    "%",
    "'",
    '"',
    "<",
    ":",
    "*",
    "&",
    "|",
    "\\",
]
text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(ODDITIES), max_size=300).map("".join),
    st.text(alphabet=st.sampled_from(ODDITIES + list("ab ")), max_size=400),
    st.integers().map(str),
)
FIELDS = [
    "q",
    "type",
    "page",
    "email",
    "consent",
    "website",
    "source_page",
    "notice",
    "name",
    "work_email",
    "company",
    "what_do_you_want_to_build",
    "preferred_time_for_a_call",
    "hp_website",
    "password",
    "return_url",
    "username",
    "next",
    "csrfmiddlewaretoken",
]
METHODS = ["get", "post", "head", "put", "patch", "delete", "options"]


@pytest.fixture
def urls(demo_content, settings):
    settings.SEARCH_RATE_LIMIT = "100000/m"
    settings.NEWSLETTER_RATE_LIMIT = "100000/m"
    settings.CONTACT_RATE_LIMIT = "100000/m"
    settings.PASSWORD_FORM_RATE_LIMIT = "100000/m"
    settings.PASSWORD_RESET_RATE_LIMIT = "100000/m"
    note = FieldNotePage.objects.live().first()
    document = WhitepaperDocument.objects.first()
    grant = ConsentEventFactory()
    confirm = services.confirmation_token(grant)
    unsubscribe = services.unsubscribe_token(grant.subscriber)
    return [
        "/",
        "/resources/",
        note.url,
        "/book-a-call/",
        "/search/",
        "/search/suggest/",
        "/newsletter/subscribe/",
        "/newsletter/thanks/",
        f"/newsletter/confirm/{confirm}/",
        f"/newsletter/unsubscribe/{unsubscribe}/",
        f"/newsletter/confirm/{confirm[:-2]}/",
        "/newsletter/confirm/x/",
        document.url,
        "/sitemap.xml",
        "/robots.txt",
        "/admin/login/",
        "/admin/password_reset/",
        "/no-such-page/",
    ]


@settings(
    max_examples=1500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_request_gets_a_500(urls, data):
    client = Client(raise_request_exception=False)
    url = data.draw(st.sampled_from(urls), label="url")
    method = data.draw(st.sampled_from(METHODS), label="method")
    fields = data.draw(st.dictionaries(st.sampled_from(FIELDS), text, max_size=5), label="fields")
    send = getattr(client, method)
    if method in ("get", "head", "options", "delete", "post"):
        response = send(url, fields)
    else:
        response = send(url, urlencode(fields), "application/x-www-form-urlencoded")
    assert response.status_code < 500, (method, url, fields)


@settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=text, other=text)
def test_search_counts_any_query(home_page, query, other):
    client = Client(raise_request_exception=False)
    assert client.get("/search/", {"q": query}).status_code < 500
    assert client.get("/search/", {"q": other}).status_code < 500


def test_long_runs_of_dotted_capital_i_are_counted_not_a_500(client, home_page):
    for query in ["İ" * 128, "İ" * 129, "İ" * 200, "İ" * 127 + "i", "i̇" * 128]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, len(query)
    assert Query.objects.filter(query_string__startswith="i̇").count() >= 1
    assert all(len(q) <= 255 for q in Query.objects.values_list("query_string", flat=True))


def test_raw_bytes_in_the_address_are_not_a_500(client, home_page):
    for raw in ["q=%FF%FE", "q=%C0%AF", "q=%ED%A0%80", "q=%00", "page=%FF", "type=%E2%80%AE"]:
        response = client.get("/search/", QUERY_STRING=raw)
        assert response.status_code < 500, raw
