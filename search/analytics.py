"""Recording searches: every search counts for its query; those that found nothing, twice."""

import datetime
import re

from django.db.models import F, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

from .models import NoResultsDailyHits
from .query import terms_of

POPULAR_DAYS = 30
# A query is shown as popular only once searched this often in the period: one visitor
# searching a few times cannot put words on the page.
POPULAR_MIN_HITS = 5


def normalise_query(query_text):
    """The query as promotions and analytics store it: lower-cased *before* it is cut to the
    column's length. (Wagtail cuts first: a character whose lower case is longer, such as
    "İ", would make two different searches the same over-long string, and the second one
    collide with the first on the unique column.) Wagtail's own normalising leaves it as it is."""
    text = re.sub(" +", " ", query_text.lower()).strip()
    return text[:MAX_QUERY_STRING_LENGTH].strip()


def record_search(query_text, found):
    """Count the search. Each step stands alone (an increment in the database, rows made once
    under unique constraints), so no transaction is needed around them."""
    query = Query.get(normalise_query(query_text))
    query.add_hit()
    if not found:
        hits, _ = NoResultsDailyHits.objects.get_or_create(query=query, date=timezone.now().date())
        NoResultsDailyHits.objects.filter(pk=hits.pk).update(hits=F("hits") + 1)


def popular_queries(limit=6, days=POPULAR_DAYS, min_hits=POPULAR_MIN_HITS):
    """The most searched queries of the last ``days`` to show visitors.

    Only searches by anonymous visitors are counted (``search.views``); a query is listed when
    it never came back empty in the period, was searched at least ``min_hits`` times, and
    every word of it is a word the site publishes (``spelling.vocabulary``): nothing private,
    and nothing a visitor made up, reaches the page.
    """
    from .spelling import vocabulary

    since = timezone.now().date() - datetime.timedelta(days=days)
    candidates = (
        Query.objects.filter(daily_hits__date__gte=since)
        .exclude(no_results_hits__date__gte=since)
        .annotate(recent_hits=Sum("daily_hits__hits"))
        .filter(recent_hits__gte=min_hits)
        .order_by("-recent_hits", "query_string")
        .values_list("query_string", flat=True)[: limit * 10]
    )
    known = set(vocabulary())
    shown = []
    for text in candidates:
        words = terms_of(text)
        if words and all(word in known or len(word) <= 2 for word in words):
            shown.append(text)
        if len(shown) == limit:
            break
    return shown
