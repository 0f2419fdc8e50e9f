"""RSS 2.0 and Atom feeds of the field notes, with Django's syndication framework.

Newest first, only notes every visitor may see (``home.visibility``), each with its title, link,
summary (the dek), date, authors and category. Addresses are absolute from the Wagtail Site's
configured hostname (``manage.py set_site_url``), never from the request's Host header.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Site

from home.seo import absolute, root_url
from home.visibility import visible_pages

from .models import FieldNotePage, FieldNotePageAuthor

ITEMS = 20


class FieldNotesFeed(Feed):
    feed_type = Rss201rev2Feed
    url_name = "field_notes_rss"
    language = "en"

    def get_object(self, request, *args, **kwargs):
        return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()

    def title(self, site):
        return f"{(site.site_name if site else '') or 'AndOr'} field notes"

    def description(self, site):
        return "Short writing from the engineering team, newest first."

    def link(self, site):
        return f"{root_url(site)}/"

    def feed_url(self, site):
        return absolute(site, reverse(self.url_name))

    def items(self, site):
        notes = visible_pages(None, FieldNotePage.objects)
        if site is not None:
            notes = notes.descendant_of(site.root_page)
        return list(
            notes.select_related("category", "series")
            .prefetch_related(
                Prefetch(
                    "note_authors",
                    queryset=FieldNotePageAuthor.objects.select_related("author").order_by(
                        "sort_order"
                    ),
                )
            )
            .defer_streamfields()
            .order_by("-date", "-pk")[:ITEMS]
        )

    def item_title(self, note):
        return note.title

    def item_description(self, note):
        return note.dek

    def item_link(self, note):
        return note.get_full_url()

    def item_guid(self, note):
        return note.get_full_url()

    def item_pubdate(self, note):
        return datetime.datetime.combine(note.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, note):
        return note.last_published_at or self.item_pubdate(note)

    def item_author_name(self, note):
        return ", ".join(author.name for author in note.byline) or None

    def item_categories(self, note):
        return [name for name in (getattr(note.category, "name", None),) if name]


class FieldNotesAtomFeed(FieldNotesFeed):
    feed_type = Atom1Feed
    url_name = "field_notes_atom"
    subtitle = FieldNotesFeed.description
