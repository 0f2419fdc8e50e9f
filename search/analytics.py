"""Recording searches: every search counts for its query; those that found nothing, twice."""

import datetime
import re

from django.db.models import F, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

from .models import NoResultsDailyHits

POPULAR_DAYS = 30


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


def popular_queries(limit=6, days=POPULAR_DAYS):
    """The most searched queries of the last ``days`` that found something."""
    since = timezone.now().date() - datetime.timedelta(days=days)
    return list(
        Query.objects.filter(daily_hits__date__gte=since)
        .exclude(no_results_hits__date__gte=since)
        .annotate(recent_hits=Sum("daily_hits__hits"))
        .order_by("-recent_hits", "query_string")
        .values_list("query_string", flat=True)[:limit]
    )
