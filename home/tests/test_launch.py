"""The launch: the composed home page, standard pages and the privacy policy, footer links, the
site's address, page metadata, JSON-LD, feeds and the sitemap, checked with tools written
elsewhere (extruct, feedparser, an XML schema with lxml)."""

import html as html_module
import io
import json
import re
from pathlib import Path

import extruct
import feedparser
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.blocks import CallToActionBlock
from home.models import HomePage, SiteSettings, StandardPage
from resources.models import FieldNotePage, ResourcesPage

SCHEMAS = Path(__file__).parent / "schemas"


def get(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def json_ld(html, url="http://localhost/"):
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]


def of_type(items, kind):
    return [item for item in items if item.get("@type") == kind]


def meta(html, name):
    match = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1)


@pytest.fixture
def site_at_andor(demo_content):
    """The demo site with its public address set as a deploy does."""
    call_command("set_site_url", "https://andor.example", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


# --- The home page -----------------------------------------------------------------------


def test_demo_home_page_is_composed_from_the_published_claims(client, demo_content):
    html = get(client, "/")

    assert html.count("<h1") == 1
    # The hero leads to the Book a Call page.
    assert re.search(r'class="button" href="/book-a-call/">Book a Call</a>', html)
    # The offer, as cards: the packages the published page names.
    for name in ("Discovery Sprint", "Fixed-scope build packages", "Managed AI Operations"):
        assert f'<h3 class="card__title">{name}</h3>' in html
    # Proof points: the published page's own figures, nothing else.
    figures = re.findall(r'<span class="proof-point__figure">([^<]*)</span>', html)
    assert figures == ["50M+", "22", "~40"]
    # The latest field notes: the newest featured (no note chosen), the next three as cards.
    notes = list(FieldNotePage.objects.live().order_by("-date", "-pk")[:4])
    featured = html.split('note-preview--featured">')[1].split("</article>")[0]
    assert notes[0].title in featured
    cards = re.findall(
        r'<li class="card card--note">.*?<h4 class="card__title">([^<]*)', html, re.S
    )
    assert cards == [note.title for note in notes[1:]]
    # Whitepapers with their PDFs, and the closing call to action.
    assert html.count('class="download-link"') == 4
    assert "Have an AI initiative that needs to actually ship?" in html


def test_demo_content_invents_no_figure(client, demo_content):
    """Every number the home page states itself is one the published Resources page states
    (the notes and whitepapers sections below show the page's own titles and dates)."""
    main = get(client, "/").split('<main id="main-content"')[1].split(">", 1)[1]
    text = re.sub(r"<[^>]+>", " ", main.split("Short writing from our engineering team.")[0])
    text = html_module.unescape(text)
    assert set(re.findall(r"\d[\d–]*M?\+?", text)) == {"50M+", "22", "40", "4–8"}


def test_running_the_demo_loader_again_leaves_the_home_page_alone(client, demo_content):
    home = HomePage.objects.get()
    home.body = json.dumps([{"type": "paragraph", "value": "<p>An editor wrote this.</p>"}])
    home.save_revision().publish()

    call_command("load_demo_content", stdout=io.StringIO())

    html = get(client, "/")
    assert "An editor wrote this." in html
    assert "Discovery Sprint" not in html


# --- Standard pages and the privacy policy -------------------------------------------------


def test_editor_creates_a_standard_page_under_the_home_page(editor_client, home_page):
    post_data = nested_form_data(
        {
            "title": "About",
            "slug": "about",
            "hero_eyebrow": "About",
            "hero_heading": "About AndOr",
            "hero_intro": "Who we are.",
            "hero_links": streamfield([]),
            "show_table_of_contents": "on",
            "body": streamfield(
                [
                    ("heading", {"text": "Données & droits", "level": "h2", "anchor": ""}),
                    ("paragraph", rich_text("<p>First part.</p>")),
                    ("heading", {"text": "Sub part", "level": "h3", "anchor": ""}),
                    ("heading", {"text": "How we work", "level": "h2", "anchor": "work"}),
                    ("quote", {"quote": "Storage is cheap.", "attribution": "The team"}),
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk]), post_data
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    html = get(editor_client, "/about/")
    assert '<h1 class="hero__heading" id="page-heading">About AndOr</h1>' in html
    # The table of contents lists the headings and links to their (Unicode-aware) anchors.
    toc = html.split('<nav class="container prose-width toc"')[1].split("</nav>")[0]
    assert '<a href="#données-droits">Données &amp; droits</a>' in toc
    assert '<a href="#work">How we work</a>' in toc
    # Sub-headings are listed under their section heading.
    sublist = toc.split('<ul class="toc__sublist">')[1].split("</ul>")[0]
    assert '<a href="#sub-part">Sub part</a>' in sublist
    assert toc.count('<li class="toc__item">') == 3
    assert 'id="données-droits"' in html and 'id="work"' in html


def test_two_headings_with_one_anchor_get_anchors_of_their_own(editor_client, home_page):
    post_data = nested_form_data(
        {
            "title": "Terms",
            "slug": "terms",
            "hero_heading": "Terms",
            "hero_links": streamfield([]),
            "show_table_of_contents": "on",
            "body": streamfield(
                [
                    ("heading", {"text": "Scope", "level": "h2", "anchor": ""}),
                    ("heading", {"text": "Other", "level": "h2", "anchor": "scope"}),
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk]), post_data
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    html = get(editor_client, "/terms/")
    assert '<a href="#scope">Scope</a>' in html and '<a href="#scope-2">Other</a>' in html
    assert 'id="scope"' in html and 'id="scope-2"' in html


def test_privacy_policy_describes_what_the_site_stores(client, demo_content):
    html = get(client, "/privacy/")
    for words in (
        "consent record",
        "the exact wording",
        "Book a Call form",
        "per day, and nothing else",
        "No analytics",
        "No IP address",
        "30 days",
        "Articles 15 and 17",
        "hello@andor.in",
        "export",
        "erasure",
    ):
        assert words in html, words


def test_privacy_policy_is_linked_from_footer_newsletter_and_book_a_call(client, demo_content):
    footer = get(client, "/").split('<footer class="site-footer">')[1]
    assert '<a href="/privacy/">Privacy policy</a>' in footer
    resources = get(client, "/resources/")
    newsletter = resources.split('class="newsletter__form"')[1].split("</form>")[0]
    assert 'href="/privacy/">privacy policy</a>' in newsletter
    contact = get(client, "/book-a-call/").split('class="contact-form"')[1].split("</form>")[0]
    assert 'href="/privacy/">privacy policy</a>' in contact


def test_privacy_link_follows_the_site_setting(client, demo_content):
    terms = StandardPage(title="Data notice", slug="data-notice", hero_heading="Data notice")
    HomePage.objects.get().add_child(instance=terms)
    terms.save_revision().publish()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_policy_page = terms
    settings.save()

    html = get(client, "/book-a-call/")
    assert 'href="/data-notice/">privacy policy</a>' in html
    assert 'href="/data-notice/">Privacy policy</a>' in html  # appended to the footer links

    # A policy nobody may see is never linked.
    PageViewRestriction.objects.create(page=terms, restriction_type="login")
    assert "/data-notice/" not in get(client, "/book-a-call/")


def test_footer_navigation_is_edited_in_site_settings(client, demo_content):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_navigation = [
        ("link", {"label": "Careers", "page": None, "url": "https://jobs.example/andor"})
    ]
    settings.save()

    footer = get(client, "/").split('<footer class="site-footer">')[1]
    assert '<nav class="site-footer__nav" aria-label="Footer">' in footer
    assert '<a href="https://jobs.example/andor">Careers</a>' in footer


# --- Editors' fixes ------------------------------------------------------------------------


def test_field_notes_section_publishes_without_a_featured_note(editor_client, demo_content):
    home = HomePage.objects.get()
    post_data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "hero_heading": home.hero_heading,
            "hero_links": streamfield([]),
            "body": streamfield(
                [
                    (
                        "field_notes_section",
                        {
                            "eyebrow": "Field notes",
                            "heading": "Latest writing",
                            "featured": "",
                            "also_featured": streamfield([]),
                            "more_heading": "Latest notes",
                            "more_source": "latest",
                            "more_count": "3",
                            "more_notes": streamfield([]),
                        },
                    )
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), post_data)
    assert response.status_code == 302, response.content.decode()[:3000]

    html = get(editor_client, "/")
    assert "Latest writing" in html
    # No note chosen: the newest is featured, the next two are cards.
    newest = FieldNotePage.objects.live().order_by("-date", "-pk").first()
    assert newest.title in html.split('note-preview--featured">')[1].split("</article>")[0]
    assert html.count('<li class="card card--note">') == 2


def test_call_to_action_page_chooser_opens_at_the_home_page(editor_client, demo_content):
    widget = CallToActionBlock().child_blocks["link"].child_blocks["page"].field.widget
    page_types = ",".join(widget.model_names)

    response = editor_client.get(reverse("wagtailadmin_choose_page"), {"page_type": page_types})

    assert response.status_code == 200
    assert response.context["parent_page"].pk == HomePage.objects.get().pk


def test_help_texts_say_what_the_editor_can_do():
    from resources.blocks import WhitepaperCardBlock, WhitepaperSectionBlock

    eyebrow = WhitepaperSectionBlock().child_blocks["eyebrow"].field.help_text
    assert "'FAQ'" not in eyebrow
    document = WhitepaperCardBlock().child_blocks["document"].field.help_text
    assert "upload it from the chooser" in document and "under Documents first" not in document


# --- The site's address --------------------------------------------------------------------


def test_set_site_url_sets_the_address_every_absolute_url_uses(client, site_at_andor):
    assert (site_at_andor.hostname, site_at_andor.port) == ("andor.example", 443)
    # The request's own Host header does not leak into absolute addresses.
    html = get(client, "/resources/", HTTP_HOST="internal.example:8080")
    assert canonical(html) == "https://andor.example/resources/"
    assert meta(html, "og:url") == "https://andor.example/resources/"
    assert meta(html, "og:image").startswith("https://andor.example/media/images/")
    robots = get(client, "/robots.txt", HTTP_HOST="internal.example:8080")
    assert "Sitemap: https://andor.example/sitemap.xml" in robots
    sitemap = get(client, "/sitemap.xml", HTTP_HOST="internal.example:8080")
    assert "<loc>https://andor.example/resources/</loc>" in sitemap
    assert "internal.example" not in sitemap
    feed = get(client, "/feeds/field-notes.rss", HTTP_HOST="internal.example:8080")
    assert "internal.example" not in feed and "https://andor.example/resources/" in feed
    data = json_ld(get(client, "/", HTTP_HOST="internal.example:8080"))
    assert of_type(data, "WebSite")[0]["url"] == "https://andor.example/"


def test_set_site_url_is_safe_to_run_again_and_reads_the_environment(monkeypatch, demo_content):
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    out = io.StringIO()
    call_command("set_site_url", stdout=out)
    call_command("set_site_url", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert "already http://127.0.0.1:8000" in out.getvalue()


@pytest.mark.parametrize(
    "url", ["andor.example", "ftp://andor.example", "https://andor.example/path", "https://a:8443"]
)
def test_set_site_url_refuses_an_address_it_cannot_keep(demo_content, url):
    with pytest.raises(CommandError):
        call_command("set_site_url", url, stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


# --- Metadata ------------------------------------------------------------------------------


def test_every_page_has_title_description_canonical_and_social_tags(client, demo_content):
    for path in ("/", "/resources/", "/privacy/", "/book-a-call/", demo_note_path()):
        html = get(client, path)
        assert re.search(r"<title>[^<]+ \| AndOr</title>", html), path
        assert meta(html, "description"), path
        assert canonical(html) == f"http://localhost{path}", path
        assert meta(html, "og:url") == canonical(html)
        assert meta(html, "og:title") and meta(html, "twitter:title"), path
        assert meta(html, "twitter:card") == "summary_large_image", path
        assert meta(html, "og:image").startswith("http://localhost/media/images/"), path
        assert meta(html, "og:image:width") == "1200" and meta(html, "og:image:height") == "630"
        assert 'name="robots"' not in html, path
        # The feeds are announced on every page.
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert '<link rel="alternate" type="application/atom+xml"' in html


def demo_note_path():
    return FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf").url


def test_meta_description_falls_back_to_the_dek_then_the_hero_intro(client, demo_content):
    note = FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf")
    assert note.search_description == ""
    assert meta(get(client, note.url), "description").startswith("Most teams asking us")

    privacy = StandardPage.objects.get(slug="privacy")
    privacy.search_description = ""
    privacy.save_revision().publish()
    assert meta(get(client, "/privacy/"), "description") == privacy.hero_intro


def test_a_page_own_social_image_wins_over_the_default(client, demo_content):
    from wagtail.images import get_image_model

    from home.demo import social_image_file

    image = get_image_model().objects.create(
        title="Privacy card", file=social_image_file(tagline="Privacy")
    )
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.social_image = image
    privacy.save_revision().publish()

    html = get(client, "/privacy/")
    assert image.get_rendition("fill-1200x630|format-jpeg|jpegquality-85").url in meta(
        html, "og:image"
    )
    assert meta(html, "og:image:alt") == "Privacy card"


def test_noindex_for_hidden_and_private_pages_which_leave_the_sitemap(client, demo_content):
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.hide_from_search_engines = True
    privacy.save_revision().publish()

    html = get(client, "/privacy/")
    assert '<meta name="robots" content="noindex">' in html
    assert "/privacy/" not in get(client, "/sitemap.xml")

    resources = ResourcesPage.objects.get()
    PageViewRestriction.objects.create(page=resources, restriction_type="password", password="x")
    sitemap = get(client, "/sitemap.xml")
    assert "/resources/" not in sitemap
    assert "/book-a-call/" in sitemap


# --- Structured data -----------------------------------------------------------------------


def test_home_page_has_organization_and_website_with_search_action(client, demo_content):
    data = json_ld(get(client, "/"))
    organization = of_type(data, "Organization")[0]
    assert organization["name"] == "AndOr"
    assert organization["url"] == "http://localhost/"
    assert organization["logo"].startswith("http://localhost/media/images/")
    website = of_type(data, "WebSite")[0]
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://localhost/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    # Search for the term the template names, as a search engine would.
    search = action["target"]["urlTemplate"].replace("{search_term_string}", "lora")
    assert "LoRA" in get(client, search.replace("http://localhost", ""))
    assert not of_type(data, "BreadcrumbList")


def test_faq_section_gives_a_faq_page_with_each_question_as_shown(client, demo_content):
    from resources.demo.content import FAQS

    data = json_ld(get(client, "/resources/"))
    (faq,) = of_type(data, "FAQPage")
    questions = faq["mainEntity"]
    assert [q["name"] for q in questions] == [question for _, question, _ in FAQS]
    for item, (_, _, answer) in zip(questions, FAQS, strict=True):
        assert item["@type"] == "Question"
        assert item["acceptedAnswer"]["@type"] == "Answer"
        text = html_module.unescape(re.sub(r"<[^>]+>", "", item["acceptedAnswer"]["text"]))
        assert text == answer


def test_field_note_is_a_blog_posting_with_the_required_properties(client, demo_content):
    note = FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf")
    data = json_ld(get(client, note.url), f"http://localhost{note.url}")
    (post,) = of_type(data, "BlogPosting")
    assert post["headline"] == note.title
    assert post["description"] == note.dek
    assert post["author"] == [{"@type": "Person", "name": "Sharad Shankar"}]
    assert post["datePublished"] == note.date.isoformat()
    assert post["dateModified"]
    assert post["image"][0].startswith("http://localhost/media/images/")
    assert post["mainEntityOfPage"] == f"http://localhost{note.url}"
    team_note = FieldNotePage.objects.get(slug="post-training-cost-engineering")
    (team_post,) = of_type(json_ld(get(client, team_note.url)), "BlogPosting")
    assert team_post["author"][0]["@type"] == "Organization"


def test_inner_pages_have_breadcrumbs_of_visible_pages(client, demo_content):
    note = FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf")
    (trail,) = of_type(json_ld(get(client, note.url)), "BreadcrumbList")
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "Home", "http://localhost/"),
        (2, "Resources", "http://localhost/resources/"),
        (3, note.title, f"http://localhost{note.url}"),
    ]
    (trail,) = of_type(json_ld(get(client, "/privacy/")), "BreadcrumbList")
    assert len(trail["itemListElement"]) == 2


def test_private_pages_carry_no_structured_data(client, demo_content):
    note = FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf")
    PageViewRestriction.objects.create(page=note, restriction_type="password", password="open")
    response = client.post(
        reverse(
            "wagtailcore_authenticate_with_password",
            args=[note.view_restrictions.get().pk, note.pk],
        ),
        {"password": "open", "return_url": note.url},
    )
    assert response.status_code == 302
    html = get(client, note.url)
    assert note.title in html
    assert json_ld(html) == []
    assert '<meta name="robots" content="noindex">' in html


def test_structured_data_cannot_break_out_of_its_script_element(client, demo_content):
    resources = ResourcesPage.objects.get()
    body = list(resources.body.raw_data)
    item = body[0]["value"]["items"][0]
    (item.get("value") if "value" in item else item)["question"] = (
        "</script><script>alert(1)</script>?"
    )
    resources.body = json.dumps(body)
    resources.save_revision().publish()

    html = get(client, "/resources/")
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in head
    (faq,) = of_type(json_ld(html), "FAQPage")
    assert faq["mainEntity"][0]["name"] == "</script><script>alert(1)</script>?"


# --- Feeds and sitemap ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/feeds/field-notes.rss", "/feeds/field-notes.atom"])
def test_feeds_parse_cleanly_newest_first_with_every_field(client, demo_content, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "AndOr field notes"
    notes = list(FieldNotePage.objects.live().order_by("-date", "-pk"))
    assert [entry.title for entry in feed.entries] == [note.title for note in notes]
    first, note = feed.entries[0], notes[0]
    assert first.link == f"http://localhost{note.url}"
    assert first.summary == note.dek
    assert first.published_parsed[:3] == note.date.timetuple()[:3]
    assert first.author == ", ".join(author.name for author in note.byline)
    assert [tag.term for tag in first.tags] == [note.category.name]


def test_feeds_leave_out_private_and_unpublished_notes(client, demo_content):
    private = FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = FieldNotePage.objects.get(slug="post-training-cost-engineering")
    draft.unpublish()

    titles = [
        e.title for e in feedparser.parse(client.get("/feeds/field-notes.atom").content).entries
    ]
    assert private.title not in titles and draft.title not in titles
    assert len(titles) == FieldNotePage.objects.count() - 2


def test_sitemap_validates_against_the_sitemap_schema(client, demo_content):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    document = etree.fromstring(client.get("/sitemap.xml").content)

    assert schema.validate(document), schema.error_log
    locations = document.findall(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    paths = {loc.text.replace("http://localhost", "") for loc in locations}
    assert {"/", "/resources/", "/privacy/", "/book-a-call/", demo_note_path()} <= paths
    assert len(paths) == Page.objects.live().filter(depth__gte=2).count()


def test_sitemap_schema_rejects_what_the_protocol_forbids():
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    bad = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>http://localhost/</loc><priority>2</priority></url></urlset>"
    )
    assert not schema.validate(etree.fromstring(bad))


def test_a_missing_image_file_leaves_the_page_without_a_social_image(client, demo_content):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    image = settings.default_social_image
    image.renditions.all().delete()
    image.file.storage.delete(image.file.name)

    html = get(client, "/privacy/")

    assert meta(html, "og:image") is None
    assert meta(html, "twitter:card") == "summary"
