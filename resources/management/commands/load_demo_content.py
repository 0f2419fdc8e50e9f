"""Create the demo content: the home page, the Resources page, its field notes and whitepapers.

Idempotent: what exists already is left as it is, so running it again changes nothing and
never overwrites an editor's work.
"""

import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.html import escape
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from contact.demo import contact_page
from home import demo as home_demo
from home.models import HomePage, SiteSettings, StandardPage
from resources.demo import content
from resources.demo.pdf import build_pdf
from resources.models import (
    Author,
    FieldNotePage,
    FieldNotePageAuthor,
    NoteCategory,
    NoteSeries,
    ResourcesPage,
    WhitepaperDocument,
)


def _stream(blocks):
    """StreamField content in its stored form, as the page editor saves it."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _paragraph(text):
    return f"<p>{escape(text)}</p>"


class Command(BaseCommand):
    help = "Load the demo content (home page, Resources page, field notes, whitepapers)."

    def handle(self, *args, **options):
        self.created = []
        with transaction.atomic():
            home, site = self.home_and_site()
            resources, fresh = self.resources_page(home)
            contact = self.contact_page(home)
            notes = self.field_notes(resources)
            documents = self.whitepapers()
            if fresh:
                self.compose_resources(resources, notes, documents, contact)
            privacy = self.privacy_page(home)
            image = self.social_image()
            self.home_body(home, resources, contact, documents)
            self.site_settings(site, resources, contact, privacy, image)
        if self.created:
            for line in self.created:
                self.stdout.write(f"Created {line}")
        else:
            self.stdout.write("Demo content already loaded; nothing changed.")

    # --- pages -------------------------------------------------------------------------

    def tree_root(self):
        """The page tree's root, recreated with its locale and collection if the database was
        emptied (e.g. by ``manage.py flush``) after Wagtail's migrations made them."""
        locale = Locale.objects.first() or Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        return root

    def home_and_site(self):
        home = HomePage.objects.first()
        if home is None:
            root = self.tree_root()
            # A fresh database holds Wagtail's welcome page; the home page takes its place.
            for page in root.get_children().filter(depth=2, slug="home"):
                if page.specific_class is Page:
                    page.delete()
            home = HomePage(
                title=content.HOME["title"],
                slug="home",
                hero_heading=content.HOME["hero_heading"],
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created.append("the home page")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=content.SITE_NAME,
            )
            self.created.append("the default site")
        return home, site

    def home_body(self, home, resources, contact, documents):
        """The home page's sections, unless an editor has composed it (an earlier demo's
        single link band counts as not composed)."""
        old_placeholder = [block.block_type for block in home.body] == ["call_to_action"] and (
            home.body[0].value["heading"] == content.HOME["cta"]["heading"]
        )
        if home.body and not old_placeholder:
            return
        for name, value in home_demo.HOME_HERO.items():
            setattr(home, name, value)
        home.seo_title = home.seo_title or home_demo.HOME_SEO_TITLE
        home.search_description = home.search_description or home_demo.HOME_SEARCH_DESCRIPTION
        home.hero_links = _stream(
            [
                ("link", {"label": "Book a Call", "page": contact.pk, "url": ""}),
                ("link", {"label": "Read the field notes", "page": resources.pk, "url": ""}),
            ]
        )
        notes = home_demo.LATEST_NOTES
        cards = [
            {
                "code": paper["code"],
                "year": paper["year"],
                "title": paper["title"],
                "subtitle": paper["subtitle"],
                "summary": paper["summary"],
                "document": document.pk,
            }
            for paper, document in zip(content.WHITEPAPERS, documents, strict=True)
        ]
        home.body = _stream(
            [
                ("packages", home_demo.PACKAGES),
                ("proof_points", home_demo.PROOF_POINTS),
                (
                    "field_notes_section",
                    {
                        "eyebrow": notes["eyebrow"],
                        "heading": notes["heading"],
                        "featured": None,
                        "also_featured": [],
                        "more_heading": notes["more_heading"],
                        "more_source": "latest",
                        "more_count": notes["count"],
                        "more_notes": [],
                    },
                ),
                ("whitepaper_section", dict(home_demo.WHITEPAPERS_HEADING, cards=cards)),
                (
                    "call_to_action",
                    dict(home_demo.CALL_TO_ACTION, link={"page": contact.pk, "url": ""}),
                ),
            ]
        )
        home.save_revision().publish()
        self.created.append("the home page's sections")

    def privacy_page(self, home):
        existing = StandardPage.objects.child_of(home).filter(slug=home_demo.PRIVACY["slug"])
        if existing.exists():
            return existing.get()
        page = StandardPage(
            **home_demo.PRIVACY,
            body=_stream(home_demo.privacy_body(content.CONTACT_EMAIL)),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        self.created.append("the privacy policy")
        return page

    def social_image(self):
        image, created = home_demo.social_image()
        if created:
            self.created.append("the default social image")
        return image

    def contact_page(self, home):
        page, created = contact_page(home)
        if created:
            self.created.append("the Book a Call page")
        return page

    def resources_page(self, home):
        existing = ResourcesPage.objects.child_of(home).filter(slug=content.RESOURCES["slug"])
        if existing.exists():
            page = existing.get()
            return page, not page.body
        page = ResourcesPage(**content.RESOURCES)
        home.add_child(instance=page)
        page.save_revision().publish()
        self.created.append("the Resources page")
        return page, True

    def field_notes(self, resources):
        notes = {}
        for data in content.FULL_NOTES:
            body = [
                ("heading", {"text": value, "level": "h2"}) if kind == "heading" else (kind, value)
                for kind, value in data["body"]
            ]
            notes[data["slug"]] = self.note(
                resources,
                slug=data["slug"],
                title=data["title"],
                dek=data["dek"],
                body=body,
                category=data["category"],
                series=data["series"],
                reading_time=data["reading_time"],
                authors=data["authors"],
            )
        # Oldest first, as they were published: the newest then lists first.
        for date, title, summary in reversed(content.SHORT_NOTES):
            page = self.note(
                resources,
                slug=None,
                title=title,
                dek=summary,
                body=[("paragraph", _paragraph(summary))],
                date=date,
            )
            notes[page.slug] = page
        return notes

    def note(
        self,
        parent,
        *,
        slug,
        title,
        dek,
        body,
        category=None,
        series=None,
        reading_time=None,
        authors=(),
        date=None,
    ):
        from django.utils.text import slugify

        slug = slug or slugify(title)[:80].strip("-")
        existing = FieldNotePage.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = FieldNotePage(
            title=title,
            slug=slug,
            dek=dek,
            body=_stream(body),
            reading_time_override=reading_time,
            category=NoteCategory.objects.get_or_create(
                slug=slugify(category), defaults={"name": category}
            )[0]
            if category
            else None,
            series=NoteSeries.objects.get_or_create(name=series)[0] if series else None,
        )
        if date:
            page.date = date
        for name, role in authors:
            author, _ = Author.objects.get_or_create(name=name, defaults={"role": role})
            page.note_authors.add(FieldNotePageAuthor(author=author))
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created.append(f"the field note “{title}”")
        return page

    # --- whitepapers -------------------------------------------------------------------

    def whitepapers(self):
        documents = []
        for paper in content.WHITEPAPERS:
            title = f"{paper['code']} {paper['title']}: {paper['subtitle']}"
            document = WhitepaperDocument.objects.filter(title=title).first()
            if document is None:
                pdf = build_pdf(
                    f"{paper['title']}: {paper['subtitle']}",
                    [f"{paper['code']} · AndOr whitepaper · {paper['year']}", paper["summary"]],
                )
                filename = f"andor-{paper['code'].lower()}-{paper['title']}.pdf"
                document = WhitepaperDocument(title=title, summary=paper["summary"])
                document.file.save(_safe_filename(filename), ContentFile(pdf), save=False)
                document._set_document_file_metadata()
                document.save()
                self.created.append(f"the whitepaper document “{title}”")
            documents.append(document)
        return documents

    # --- the page's sections -----------------------------------------------------------

    def compose_resources(self, page, notes, documents, contact):
        full = [notes[data["slug"]] for data in content.FULL_NOTES]
        faq_items = [
            {"question": question, "answer": _paragraph(answer), "anchor": anchor}
            for anchor, question, answer in content.FAQS
        ]
        cards = [
            {
                "code": paper["code"],
                "year": paper["year"],
                "title": paper["title"],
                "subtitle": paper["subtitle"],
                "summary": paper["summary"],
                "document": document.pk,
            }
            for paper, document in zip(content.WHITEPAPERS, documents, strict=True)
        ]
        page.body = _stream(
            [
                ("faq_section", dict(content.FAQ_SECTION, items=faq_items)),
                ("whitepaper_section", dict(content.WHITEPAPER_SECTION, cards=cards)),
                (
                    "field_notes_section",
                    dict(
                        content.FIELD_NOTES_SECTION,
                        featured=full[0].pk,
                        also_featured=[note.pk for note in full[1:]],
                        more_source="latest",
                        more_count=len(content.SHORT_NOTES),
                        more_notes=[],
                    ),
                ),
                ("newsletter", content.NEWSLETTER),
                (
                    "call_to_action",
                    dict(
                        content.CALL_TO_ACTION,
                        link={"page": contact.pk, "url": ""},
                    ),
                ),
            ]
        )
        page.save_revision().publish()
        self.created.append("the Resources page's sections")

    # --- site settings -----------------------------------------------------------------

    def site_settings(self, site, resources, contact, privacy, image):
        settings = SiteSettings.for_site(site)
        changed = []
        if settings.privacy_policy_page_id is None:
            settings.privacy_policy_page = privacy
            changed.append("privacy policy")
        if settings.default_social_image_id is None:
            settings.default_social_image = image
            changed.append("social image")
        if not settings.footer_navigation:
            settings.footer_navigation = _stream(
                [
                    ("link", {"label": "Resources", "page": resources.pk, "url": ""}),
                    ("link", {"label": "Book a Call", "page": contact.pk, "url": ""}),
                    ("link", {"label": "Privacy policy", "page": privacy.pk, "url": ""}),
                ]
            )
            changed.append("footer links")
        if settings.navigation:
            if changed:
                settings.save()
                self.created.append(f"the site settings ({', '.join(changed)})")
            return
        base = resources.url_path[len(site.root_page.url_path) - 1 :]
        settings.contact_email = content.CONTACT_EMAIL
        settings.newsletter_privacy_line = content.PRIVACY_LINE
        settings.navigation = _stream(
            [
                ("link", {"label": "Resources", "page": resources.pk, "url": ""}),
                ("link", {"label": "FAQ", "page": None, "url": f"{base}#faq"}),
                ("link", {"label": "Whitepapers", "page": None, "url": f"{base}#whitepapers"}),
                ("link", {"label": "Field notes", "page": None, "url": f"{base}#field-notes"}),
            ]
        )
        settings.save()
        self.created.append(f"the site settings (navigation, contact email, {', '.join(changed)})")


def _safe_filename(name):
    from django.utils.text import get_valid_filename, slugify

    stem, _, extension = name.rpartition(".")
    return get_valid_filename(f"{slugify(stem)}.{extension}")
