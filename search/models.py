"""What site search keeps of its own: FAQ answers as hits, and searches that found nothing."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.search import index


class FAQEntry(index.Indexed, models.Model):
    """One question of a Resources page's FAQ, so that search can find it on its own.

    Rebuilt from the live page each time the page is published, removed when it is
    unpublished or deleted (see ``search.signals``). The link is built from the page when a
    result is shown, so moving the page needs nothing here.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_faq_entries"
    )
    position = models.PositiveSmallIntegerField(help_text="Order on the page, from 0.")
    section_anchor = models.CharField(max_length=100, blank=True)
    anchor = models.CharField(max_length=100, help_text="The item's element id, e.g. faq-pricing.")
    question = models.CharField(max_length=255)
    answer = models.TextField(help_text="The answer as plain text.")

    search_fields = [
        index.SearchField("question", boost=2),
        index.SearchField("answer"),
        index.AutocompleteField("question"),
        index.FilterField("page"),
    ]

    class Meta:
        ordering = ["page", "position"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        constraints = [
            models.UniqueConstraint(fields=["page", "position"], name="unique_faq_entry_position")
        ]

    def __str__(self):
        return self.question


class NoResultsDailyHits(models.Model):
    """How often a search found nothing, per day (the counterpart of ``QueryDailyHits``)."""

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="no_results_hits")
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "search with no results"
        verbose_name_plural = "searches with no results"
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="unique_no_results_query_date")
        ]

    def __str__(self):
        return f"{self.query} ({self.date}: {self.hits})"

    @classmethod
    def garbage_collect(cls, days=None):
        """Delete the days ``QueryDailyHits.garbage_collect`` deletes, so both cover one period."""
        days = getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 7) if days is None else days
        cls.objects.filter(date__lt=timezone.now().date() - datetime.timedelta(days)).delete()
