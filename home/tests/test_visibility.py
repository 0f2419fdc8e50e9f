"""What a visitor may see: private notes, pages, FAQ answers and documents appear nowhere for a
visitor who has not passed their restriction, and do appear for one who has.

Every private thing carries a word found nowhere else on the site, so that a leak anywhere (a
card, a link, a search hit, a suggestion, a hint, a popular search, the sitemap) shows up as
that word in what the visitor is sent.
"""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from resources.models import ResourcesPage
from resources.tests.factories import (
    FieldNotePageFactory,
    ResourcesPageFactory,
    WhitepaperDocumentFactory,
    stream,
)

PASSWORD = "open sesame"  # noqa: S105 (a page's view password in a test)
PRIVATE_WORDS = ["zanzibar", "quokka", "wombat", "narwhal", "axolotl"]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def faq(question, answer, anchor=""):
    return {"question": question, "answer": f"<p>{answer}</p>", "anchor": anchor}


def card(document, code, title):
    return {
        "code": code,
        "year": 2026,
        "title": title,
        "subtitle": "",
        "summary": f"A paper called {title}.",
        "document": document.pk,
    }


@pytest.fixture
def site(home_page):
    """A public Resources page whose sections choose private things by hand, beside a
    login-only client area, and the private documents."""
    cache.clear()
    resources = publish(ResourcesPageFactory(parent=home_page, body=stream()))
    public_alpha = publish(
        FieldNotePageFactory(parent=resources, title="Public alpha note", slug="alpha")
    )
    public_beta = publish(
        FieldNotePageFactory(parent=resources, title="Public beta note", slug="beta")
    )
    # A note with a password of its own.
    secret = publish(
        FieldNotePageFactory(
            parent=resources,
            title="Zanzibar restricted note",
            slug="zanzibar",
            dek="Zanzibar pricing for one client.",
        )
    )
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    # A client area for signed-in people: its notes and its FAQ are private.
    clients = publish(
        ResourcesPageFactory(
            parent=home_page,
            title="Client area",
            slug="client-area",
            body=stream(
                (
                    "faq_section",
                    {
                        "eyebrow": "Clients",
                        "heading": "Client questions",
                        "intro": "",
                        "items": [faq("How does the wombat retainer work?", "Wombat terms.")],
                    },
                )
            ),
        )
    )
    PageViewRestriction.objects.create(page=clients, restriction_type=PageViewRestriction.LOGIN)
    under_private_parent = publish(
        FieldNotePageFactory(
            parent=clients, title="Quokka client note", slug="quokka", dek="Quokka rollout."
        )
    )
    # Documents: one in a private collection, one in a collection below it.
    private = Collection.get_first_root_node().add_child(name="Clients only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    below = private.add_child(name="Clients only / drafts")
    public_paper = WhitepaperDocumentFactory(title="Public paper on serving")
    narwhal = WhitepaperDocumentFactory(title="Narwhal private paper", collection=private)
    axolotl = WhitepaperDocumentFactory(
        title="Axolotl private paper", collection=below, list_in_search=True
    )
    resources.body = stream(
        (
            "faq_section",
            {
                "eyebrow": "FAQ",
                "heading": "Questions",
                "intro": "",
                "items": [faq("How do you price engagements?", "Fixed fee.", "pricing")],
            },
        ),
        (
            "whitepaper_section",
            {
                "eyebrow": "Whitepapers",
                "heading": "Papers",
                "intro": "",
                "cards": [
                    card(public_paper, "WP-01", "Serving"),
                    card(narwhal, "WP-02", "Narwhal economics"),
                    card(axolotl, "WP-03", "Axolotl methods"),
                ],
            },
        ),
        (
            "field_notes_section",
            {
                "eyebrow": "Field notes",
                "heading": "Latest",
                "featured": secret.pk,
                "also_featured": [under_private_parent.pk],
                "more_heading": "More notes",
                "more_source": "latest",
                "more_count": 6,
                "more_notes": [],
            },
        ),
        (
            "field_notes_section",
            {
                "eyebrow": "Picked",
                "heading": "Picked by hand",
                "featured": None,
                "also_featured": [],
                "more_heading": "Picked notes",
                "more_source": "chosen",
                "more_count": 0,
                "more_notes": [under_private_parent.pk, secret.pk, public_beta.pk],
            },
        ),
    )
    publish(resources)
    return {
        "resources": ResourcesPage.objects.get(pk=resources.pk),
        "alpha": public_alpha,
        "beta": public_beta,
        "secret": secret,
        "restriction": restriction,
        "clients": clients,
        "quokka": under_private_parent,
    }


def leaked(text):
    text = text.lower()
    return [word for word in PRIVATE_WORDS if word in text]


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return response.content.decode()


# --- Where private things could appear: each returns what the visitor is sent ------------------


def resources_page(client, site):
    return get(client, "/resources/")


def note_neighbours(client, site):
    # Previous/next and related notes of public notes, the private note's siblings.
    return get(client, site["alpha"].url) + get(client, site["beta"].url)


def search_every_type(client, site):
    # The visitor's own words are echoed back; what was found is in the results list.
    found = []
    for word in PRIVATE_WORDS:
        for kind in ("", "notes", "faqs", "whitepapers"):
            html = get(client, "/search/", q=word, type=kind)
            found += re.findall(r'<ol class="results".*?</ol>', html, re.S)
            found += re.findall(r'<nav class="search-filters".*?</nav>', html, re.S)
    return "".join(found)


def suggestions(client, site):
    return "".join(
        get(client, "/search/suggest/", q=prefix)
        for prefix in ("zanz", "quok", "womb", "narw", "axol", "How", "Pri")
    )


def spelling_hints(client, site):
    # Misspelt private words: a hint would complete them.
    hints = []
    for typo in ("zanzibr", "quokkka", "wombbat", "narwal", "axolotll"):
        html = get(client, "/search/", q=typo)
        hints += re.findall(r'<p class="no-results__spelling">.*?</p>', html, re.S)
    return "".join(hints)


def popular_searches(client, site):
    # Somebody who may see everything searches the private words often; anybody searches
    # made-up words often. Neither may reach an anonymous visitor's "popular searches".
    insider = Client()
    insider.force_login(site["editor"])
    for _ in range(6):
        for word in PRIVATE_WORDS:
            get(insider, "/search/", q=word)
        get(client, "/search/", q="xylophonic zanzibar")
    html = get(client, "/search/", q="nothingmatchesthis")
    return "".join(re.findall(r"Popular searches.*?</ul>", html, re.S))


def sitemap(client, site):
    return get(client, "/sitemap.xml")


SURFACES = [
    resources_page,
    note_neighbours,
    search_every_type,
    suggestions,
    spelling_hints,
    popular_searches,
    sitemap,
]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(username="insider", password="x" * 20)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda f: f.__name__)
def test_an_anonymous_visitor_is_shown_nothing_private(surface, site, editor):
    site["editor"] = editor

    html = surface(Client(), site)

    assert leaked(html) == []


def passed_client(site, editor):
    """A visitor signed in (client area, private collection) who also gave the note's
    password through Wagtail's own form."""
    client = Client()
    client.force_login(editor)
    restriction, secret = site["restriction"], site["secret"]
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{secret.pk}/",
        {"password": PASSWORD, "return_url": secret.url},
    )
    assert response.status_code == 302
    return client


def text(html):
    return re.sub(r"<[^>]+>", "", html)


def test_a_visitor_who_passed_the_restrictions_sees_what_they_may(site, editor):
    site["editor"] = editor
    client = passed_client(site, editor)

    def get(client, path, **params):
        return text(globals()["get"](client, path, **params))

    page = get(client, "/resources/")
    assert "Zanzibar restricted note" in page
    assert "Quokka client note" in page
    assert "Narwhal economics" in page and "Axolotl methods" in page

    assert "Zanzibar restricted note" in get(client, site["alpha"].url)
    assert "Quokka client note" in get(client, "/search/", q="quokka", type="notes")
    assert "How does the wombat retainer work?" in get(client, "/search/", q="wombat", type="faqs")
    assert "Narwhal economics" in get(client, "/search/", q="narwhal", type="whitepapers")
    assert "Axolotl methods" in get(client, "/search/", q="axolotl", type="whitepapers")
    titles = [
        hit["title"] for hit in client.get("/search/suggest/", {"q": "zanz"}).json()["results"]
    ]
    assert titles == ["Zanzibar restricted note"]


def test_what_a_visitor_who_passed_saw_is_never_served_to_anyone_else(site, editor):
    from wagtail.models import Site

    from home.models import SiteSettings

    SiteSettings.for_site(Site.objects.get())  # made once, on the site's first visit
    site["editor"] = editor
    assert "Zanzibar" in get(passed_client(site, editor), "/resources/")

    assert leaked(get(Client(), "/resources/")) == []


def test_the_newest_public_note_leads_when_the_featured_note_is_private(site):
    html = get(Client(), "/resources/")
    cards = re.findall(r'<h3 class="[^"]*">\s*<a href="([^"]+)"', html)

    assert "Public beta note" in html and "Public alpha note" in html
    assert site["secret"].url not in cards


def test_the_editor_is_warned_that_a_chosen_note_is_private(site, editor_client):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    resources = site["resources"]
    data = nested_form_data(
        {
            "title": resources.title,
            "slug": resources.slug,
            "hero_eyebrow": "",
            "hero_heading": resources.hero_heading,
            "hero_intro": "",
            "body": streamfield(
                [
                    (
                        "field_notes_section",
                        {
                            "eyebrow": "Field notes",
                            "heading": "Latest",
                            "anchor": "",
                            "featured": site["secret"].pk,
                            "also_featured": streamfield([]),
                            "more_heading": "More notes",
                            "more_source": "latest",
                            "more_count": 3,
                            "more_notes": streamfield([]),
                        },
                    )
                ]
            ),
        }
    )
    response = editor_client.post(f"/admin/pages/{resources.pk}/edit/", data, follow=True)

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Zanzibar restricted note" in html
    assert "is private or not published: it won't show to visitors" in html


# --- Documents are found once a visible page uses them, or when listed ------------------------


def test_an_uploaded_document_stays_out_of_search_until_a_live_page_uses_it(home_page, client):
    from search.tests.conftest import card as search_card
    from search.tests.conftest import resources_body

    staged = WhitepaperDocumentFactory(title="Pelican staging paper")

    def found():
        html = get(client, "/search/", q="pelican", type="whitepapers")
        return "Pelican" in text(html.split('role="status"', 1)[1])

    assert not found()  # uploaded, on no page: staged

    draft = ResourcesPageFactory(
        parent=home_page, live=False, body=resources_body(cards=[search_card(staged)])
    )
    assert not found()  # on a page that is not live yet

    publish(draft)
    assert found()  # the page went live

    draft.unpublish()
    assert not found()

    staged.list_in_search = True
    staged.save()
    assert found()  # an editor listed it


def test_a_document_only_a_private_page_uses_stays_out_of_search_until_the_page_is_public(
    home_page, client
):
    from search.tests.conftest import card as search_card
    from search.tests.conftest import resources_body

    paper = WhitepaperDocumentFactory(title="Heron members paper")
    members = ResourcesPageFactory(
        parent=home_page, body=resources_body(cards=[search_card(paper)])
    )
    publish(members)
    restriction = PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.LOGIN
    )

    def found():
        html = get(client, "/search/", q="heron", type="whitepapers")
        return "Heron" in text(html.split('role="status"', 1)[1])

    assert not found()  # the only page that shows it is for signed-in visitors

    restriction.delete()
    assert found()


# --- Caching never outlives a change, even one made while the cache was unreachable ------------


REDIS_URL = "redis://127.0.0.1:6379/9"


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        },
        "uncached": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def test_a_privacy_change_made_while_the_cache_is_down_shows_once_it_is_back(site, settings):
    settings.CACHES = redis_cache(REDIS_URL)  # a real Redis
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    cache.clear()
    assert "Public beta note" in get(Client(), "/resources/")  # cached now
    assert cache.keys("template.cache.*")  # django-redis lists the fragments it holds

    settings.CACHES = redis_cache("redis://127.0.0.1:1/9")  # nothing listens there
    PageViewRestriction.objects.create(
        page=site["beta"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "Public beta note" not in get(Client(), "/resources/")  # rendered without cache

    settings.CACHES = redis_cache(REDIS_URL)  # the cache is back, with the old blocks in it
    html = get(Client(), "/resources/")

    assert "Public beta note" not in html
    assert "Public alpha note" in html
    cache.clear()


# --- Anchors ---------------------------------------------------------------------------------


def test_anchors_are_unicode_unique_stored_and_read_by_page_and_search(home_page, client):
    from search.models import FAQEntry

    page = ResourcesPageFactory(
        parent=home_page,
        body=stream(
            (
                "faq_section",
                {
                    "eyebrow": "हिन्दी में प्रश्न",
                    "heading": "Questions in Hindi",
                    "intro": "",
                    "items": [
                        faq("डेटा कहाँ रहता है?", "भारत में।"),
                        faq("डेटा कहाँ रहता है?", "Twice asked."),
                        faq("How do you price engagements?", "Fixed fee.", "pricing"),
                    ],
                },
            ),
            (
                "faq_section",
                {
                    "eyebrow": "हिन्दी में प्रश्न",
                    "heading": "More",
                    "intro": "",
                    "items": [faq("Who owns the IP?", "You do.", "pricing")],
                },
            ),
        ),
    )
    publish(page)
    page = ResourcesPage.objects.get(pk=page.pk)

    sections = [block.value for block in page.body]
    stored = [section["anchor"] for section in sections]
    assert stored == ["हिन्दी-में-प्रश्न", "हिन्दी-में-प्रश्न-2"]
    items = [item["anchor"] for section in sections for item in section["items"]]
    assert items == ["डेटा-कहाँ-रहता-है", "डेटा-कहाँ-रहता-है-2", "pricing", "pricing-2"]

    html = get(client, page.url)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for anchor in ["हिन्दी-में-प्रश्न", "हिन्दी-में-प्रश्न-2", "faq-डेटा-कहाँ-रहता-है", "faq-pricing-2"]:
        assert f'id="{anchor}"' in html

    entries = FAQEntry.objects.filter(page=page).order_by("position")
    assert [e.anchor for e in entries] == [
        "faq-डेटा-कहाँ-रहता-है",
        "faq-डेटा-कहाँ-रहता-है-2",
        "faq-pricing",
        "faq-pricing-2",
    ]
    results = client.get("/search/suggest/", {"q": "Who owns"}).json()["results"]
    assert results[0]["url"] == f"{page.url}#faq-pricing-2"


def test_an_editor_s_own_anchor_is_kept(home_page):
    page = ResourcesPageFactory(
        parent=home_page,
        body=stream(
            (
                "faq_section",
                {
                    "eyebrow": "FAQ",
                    "heading": "Q",
                    "anchor": "Our Questions",
                    "intro": "",
                    "items": [faq("Why?", "Because.", "why")],
                },
            )
        ),
    )
    publish(page)
    value = ResourcesPage.objects.get(pk=page.pk).body[0].value

    assert value["anchor"] == "our-questions"
    assert value["items"][0]["anchor"] == "why"


def test_a_popular_search_for_a_note_made_private_leaves_the_list(site):
    visitor = Client()
    for _ in range(5):
        assert "Public beta note" in text(get(visitor, "/search/", q="beta"))

    def popular():
        html = get(visitor, "/search/", q="nothingmatchesthis")
        return "".join(re.findall(r"Popular searches.*?</ul>", html, re.S))

    assert "?q=beta" in popular()

    PageViewRestriction.objects.create(
        page=site["beta"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "beta" not in popular()


def test_searches_are_counted_once_and_only_from_visitors_who_see_the_public_site(site, editor):
    from wagtail.contrib.search_promotions.models import Query

    insider = passed_client(site, editor)
    for _ in range(5):
        get(insider, "/search/", q="quokka")
    get(Client(), "/search/", q="alpha")

    assert not Query.objects.filter(query_string="quokka").exists()
    assert Query.objects.get(query_string="alpha").hits == 1
